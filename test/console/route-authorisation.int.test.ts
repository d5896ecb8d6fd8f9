import Fastify, { type FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { StaffRole } from '../../src/config/profile-schema';
import { isGuardedUrl, type Access } from '../../src/console/http/access';
import { registerConsole } from '../../src/console/register-console';
import { createTestDatabase, selectedBackends, type TestDatabase } from '../support/databases';
import { ACCOUNTS, signIn, startConsole, type ConsoleHarness } from './console-harness';

/**
 * Walks the whole route table (as Fastify registered it, Bull Board's routes included) and proves that
 * every route under /api/ and /console refuses a caller without a session (401) and a caller whose
 * role the route does not name (403), and lets a right role through. A route added later is walked too.
 */
const ROLES: StaffRole[] = StaffRole.options;

/** The only routes anyone may call: the sign-in steps, the page's own files, and a redirect. */
const PUBLIC = [
  'GET /api/auth/csrf',
  'POST /api/auth/code',
  'POST /api/auth/code/verify',
  'POST /api/auth/login',
  // The first-run setup: its token is the proof, and it works only while there is no administrator.
  'POST /api/auth/first-administrator',
  'GET /console/setup',
  'GET /console',
  'GET /console/assets/:file',
  'GET /console/ui/console.js',
];

/** Something for each path parameter, so the request reaches the route (and its guard). */
function concrete(url: string): string {
  return url
    .replace(':reference', 'REQ-4821-27')
    .replace(':table', 'summary')
    .replace(':file', 'style.css')
    .replace(':queueName', 'outbound')
    .replace(':jobId', 'job-1')
    .replace(':queueStatus', 'failed')
    .replace(':schedulerId', 'sched-1')
    .replace(/:id\b/, '1')
    .replace(/:[A-Za-z]+/g, 'x')
    .replace('*', 'main.js');
}

describe('authorisation of every console route', () => {
  let database: TestDatabase;
  let h: ConsoleHarness;
  const sessions = new Map<StaffRole, { cookie: string; csrf: string }>();
  let table: { method: string; url: string; access: Access }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(selectedBackends()[0]!, { migrate: true });
    h = await startConsole(database.db);
    for (const role of ROLES) {
      const account = ACCOUNTS.find((a) => a.roles.length === 1 && a.roles[0] === role)!;
      sessions.set(role, await signIn(h.app, account.id));
    }
    table = h.routes
      .filter((r) => isGuardedUrl(r.url))
      .flatMap((r) =>
        (Array.isArray(r.method) ? r.method : [r.method])
          .filter((m) => m !== 'HEAD' && m !== 'OPTIONS')
          .map((method) => ({ method, url: r.url, access: r.config!.access! })),
      );
  }, 90_000);

  afterAll(async () => {
    await h?.stop();
    await database?.dispose();
  });

  it('finds the console’s routes, Bull Board’s among them, each with an access rule', () => {
    const names = table.map((r) => `${r.method} ${r.url}`);
    for (const expected of [
      'GET /api/cases',
      'POST /api/cases/:reference/actions',
      'POST /api/intake',
      'GET /api/dashboard/export/:table',
      'DELETE /api/admin/holidays/:id',
      'GET /console/admin/staff',
      'PUT /console/queues/api/queues/:queueName/:jobId/retry',
    ]) {
      expect(names).toContain(expected);
    }
    expect(table.length).toBeGreaterThan(60);
    expect(table.every((r) => r.access !== undefined)).toBe(true);
  });

  it('leaves only the sign-in steps, the page files and a redirect public', () => {
    const open = table.filter((r) => 'public' in r.access).map((r) => `${r.method} ${r.url}`);
    expect(open.sort()).toEqual([...PUBLIC].sort());
  });

  it('refuses every other route without a session: 401', async () => {
    const answers: string[] = [];
    for (const route of table.filter((r) => !('public' in r.access))) {
      const res = await h.app.inject({
        method: route.method as 'GET',
        url: concrete(route.url),
        payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
      });
      answers.push(`${route.method} ${route.url} ${res.statusCode}`);
    }
    expect(answers.filter((a) => !a.endsWith(' 401'))).toEqual([]);
  });

  it('refuses a signed-in caller whose role the route does not name: 403', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const route of table.filter((r) => !('public' in r.access))) {
      const allowed = (route.access as { roles: readonly StaffRole[] }).roles;
      for (const role of ROLES.filter((r) => !allowed.includes(r))) {
        const session = sessions.get(role)!;
        const res = await h.app.inject({
          method: route.method as 'GET',
          url: concrete(route.url),
          headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
          payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        });
        checked++;
        if (res.statusCode !== 403) wrong.push(`${role} ${route.method} ${route.url} ${res.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });

  it('lets a role the route names through the guard (no 401 or 403 for reading)', async () => {
    const refused: string[] = [];
    for (const route of table.filter((r) => !('public' in r.access) && r.method === 'GET')) {
      const role = (route.access as { roles: readonly StaffRole[] }).roles[0]!;
      // As a stream: a live route (server-sent events) answers its headers and never ends.
      const res = await h.app.inject({
        method: 'GET',
        url: concrete(route.url),
        headers: { cookie: sessions.get(role)!.cookie },
        payloadAsStream: true,
      });
      res.stream().destroy();
      if (res.statusCode === 401 || res.statusCode === 403)
        refused.push(`${role} GET ${route.url} ${res.statusCode}`);
    }
    expect(refused).toEqual([]);
  });

  it('answers a refused page with HTML: the sign-in page (401) or "not allowed" (403)', async () => {
    const anonymous = await h.app.inject({
      method: 'GET',
      url: '/console/dashboard',
      headers: { accept: 'text/html' },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('text/html');
    expect(anonymous.body).toContain('"page":"signin"');
    const volunteer = await h.app.inject({
      method: 'GET',
      url: '/console/dashboard',
      headers: { accept: 'text/html', cookie: sessions.get('volunteer')!.cookie },
    });
    expect(volunteer.statusCode).toBe(403);
    expect(volunteer.body).toContain('"page":"forbidden"');
    const api = await h.app.inject({ method: 'GET', url: '/api/dashboard' });
    expect(api.json()).toEqual({ error: 'ERR_UNAUTHENTICATED', message: expect.any(String) });
  });

  it('refuses to start when a route under /api/ declares no access rule', async () => {
    const app = Fastify({ logger: false });
    await registerConsole(app, {
      db: database.db,
      profile: h.profile,
      caseActions: h.runtime.caseActions,
      clock: h.runtime.clock,
      translator: h.runtime.translator,
    });
    expect(() => app.get('/api/forgotten', async () => ({ open: true }))).toThrow(/declares no access rule/);
    await app.close();
  });

  it('guards a route someone adds under /api/ later, with its own rule', async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- steers Fastify's generics
    const app = Fastify({ loggerInstance: pino({ level: 'silent' }) as FastifyBaseLogger });
    await registerConsole(app, {
      db: database.db,
      profile: h.profile,
      caseActions: h.runtime.caseActions,
      clock: h.runtime.clock,
      translator: h.runtime.translator,
    });
    app.get('/api/later', { config: { access: { roles: ['admin'] } } }, async () => ({ ok: true }));
    expect((await app.inject({ method: 'GET', url: '/api/later' })).statusCode).toBe(401);
    const board = sessions.get('board')!;
    expect(
      (await app.inject({ method: 'GET', url: '/api/later', headers: { cookie: board.cookie } })).statusCode,
    ).toBe(403);
    const admin = sessions.get('admin')!;
    expect(
      (await app.inject({ method: 'GET', url: '/api/later', headers: { cookie: admin.cookie } })).json(),
    ).toEqual({ ok: true });
    await app.close();
  });
});
