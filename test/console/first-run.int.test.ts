import { Writable } from 'node:stream';
import pino from 'pino';
import type { Tawasul } from '../../src/app/start-tawasul';
import { announceSetupLink } from '../../src/app/first-run-link';
import { FirstRunSetup, SETUP_LINK_TTL_MS } from '../../src/console/setup/first-run-setup';
import { verifyPassword } from '../../src/console/auth/password';
import { PgStaffAccountRepository } from '../../src/store/console/staff-account-repository';
import { PgEventLog } from '../../src/store/event-log';
import { describeEachDatabase } from '../support/databases';
import { startTestTawasul } from '../support/spine-harness';
import { cookieFrom } from './console-harness';

/** Lines a pino logger wrote, parsed. */
function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

const PASSWORD = 'a long enough passphrase';

describeEachDatabase('the first administrator from the setup link printed at start', (getDb) => {
  let tawasul: Tawasul;
  const log = capturingLogger();
  let loginCookie = '';
  let csrf = '';

  beforeAll(async () => {
    tawasul = await startTestTawasul(getDb(), {
      logger: log.logger,
      http: { listen: false, publicUrl: 'https://chat.example.org/' },
    });
  }, 60_000);
  afterAll(() => tawasul?.stop());

  const post = (
    payload: Record<string, unknown>,
    headers: Record<string, string> = { cookie: loginCookie, 'x-csrf-token': csrf },
  ) => tawasul.app!.inject({ method: 'POST', url: '/api/setup/first-administrator', headers, payload });
  const token = () => new URL(tawasul.setupUrl!).hash.slice(1);

  it('prints the link at start, under PUBLIC_URL, and its page offers the form with a sign-in token', async () => {
    expect(tawasul.setupUrl).toMatch(/^https:\/\/chat\.example\.org\/console\/setup#[A-Za-z]{48}$/);
    const line = log.lines.find((l) => l.msg.startsWith('First-run setup:'));
    expect(line?.msg).toContain(`open ${tawasul.setupUrl} to create the first administrator`);
    expect(line?.level).toBe(40); // warn: seen at LOG_LEVEL=warn too

    const page = await tawasul.app!.inject({ method: 'GET', url: '/console/setup' });
    expect(page.statusCode).toBe(200);
    const boot = JSON.parse(
      /<script type="application\/json" id="boot">(.*?)<\/script>/s.exec(page.body)![1]!,
    );
    expect(boot).toMatchObject({ page: 'setup', params: { state: 'open', minPassword: '10' } });
    loginCookie = cookieFrom(page.headers['set-cookie'], 'tawasul_console_login');
    csrf = boot.loginCsrf as string;
    expect(csrf).toBeTruthy();
  });

  it('refuses a malformed request with the fields at fault, a missing CSRF token, a wrong token and a short password', async () => {
    const malformed = await post({
      token: '12',
      staffId: 'Not An Id',
      name: '',
      password: PASSWORD,
      role: 'x',
    });
    expect(malformed.statusCode).toBe(400);
    const paths = (malformed.json<{ issues: { path: string }[] }>().issues ?? []).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.token', 'body.staffId', 'body.name']));

    const noCsrf = await post({ token: token(), staffId: 'noura', name: 'Noura', password: PASSWORD }, {});
    expect([noCsrf.statusCode, noCsrf.json().error]).toEqual([403, 'ERR_CSRF']);

    const wrong = await post({ token: 'x'.repeat(48), staffId: 'noura', name: 'Noura', password: PASSWORD });
    expect([wrong.statusCode, wrong.json().error]).toEqual([403, 'ERR_SETUP_TOKEN']);

    const short = await post({ token: token(), staffId: 'noura', name: 'Noura', password: 'short' });
    expect([short.statusCode, short.json().error]).toEqual([400, 'ERR_WEAK_PASSWORD']);
    expect((await new PgStaffAccountRepository().list(getDb())).map((a) => a.id)).toEqual([]);
  });

  it('a link opened after its day is refused', async () => {
    // A clock in the past: its "expired" sweep must not touch the link printed at start.
    let now = new Date('2020-03-01T09:00:00Z');
    const setup = new FirstRunSetup({
      db: getDb(),
      accounts: new PgStaffAccountRepository(),
      events: new PgEventLog(),
      now: () => now,
    });
    const old = await setup.issue();
    now = new Date(now.getTime() + SETUP_LINK_TTL_MS + 1);
    await expect(
      setup.createAdministrator({ token: old!, staffId: 'late', name: 'Late', password: PASSWORD }),
    ).rejects.toMatchObject({ code: 'ERR_SETUP_TOKEN' });
  });

  it('creates the administrator and signs them in; two links used at once make one administrator', async () => {
    // A second start printed a second link; two people open one each at the same moment.
    const other = await announceSetupLink({ db: getDb(), base: 'http://127.0.0.1:3000', logger: log.logger });
    const otherToken = new URL(other!).hash.slice(1);
    const [first, second] = await Promise.all([
      post({ token: token(), staffId: 'Noura', name: 'نورة القحطاني', password: PASSWORD }),
      post({ token: otherToken, staffId: 'sami', name: 'Sami', password: PASSWORD }),
    ]);
    const statuses = [first.statusCode, second.statusCode].sort();
    expect(statuses).toEqual([201, 409]);
    const won = first.statusCode === 201 ? first : second;
    const lost = first.statusCode === 201 ? second : first;
    expect(lost.json().error).toBe('ERR_SETUP_DONE');
    expect(won.json()).toMatchObject({ staff: { roles: ['admin'] }, home: '/console/cases' });
    const session = cookieFrom(won.headers['set-cookie'], 'tawasul_console');
    const me = await tawasul.app!.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: session },
    });
    expect(me.statusCode).toBe(200);

    const admins = await new PgStaffAccountRepository().list(getDb());
    expect(admins).toHaveLength(1);
    expect(admins[0]).toMatchObject({ roles: ['admin'], active: true });
    const stored = await new PgStaffAccountRepository().credentials(getDb(), admins[0]!.id);
    expect(await verifyPassword(stored?.passwordHash, PASSWORD)).toBe(true);
    const events = await getDb().query<{ actor: string; data: { via: string } }>(
      `SELECT actor, data FROM events WHERE type = 'staff.created'`,
    );
    expect(events.rows).toEqual([
      { actor: 'system:setup', data: expect.objectContaining({ via: 'setupLink' }) },
    ]);
    expect((await getDb().query('SELECT 1 FROM setup_tokens')).rowCount).toBe(0);
  });

  it('after that, the link is spent, the page says so, and a restart prints no link', async () => {
    const again = await post({ token: token(), staffId: 'other', name: 'Other', password: PASSWORD });
    expect([again.statusCode, again.json().error]).toEqual([409, 'ERR_SETUP_DONE']);
    const page = await tawasul.app!.inject({ method: 'GET', url: '/console/setup' });
    expect(page.body).toContain('"state":"done"');
    const before = log.lines.length;
    expect(
      await announceSetupLink({ db: getDb(), base: 'http://127.0.0.1:3000', logger: log.logger }),
    ).toBeUndefined();
    expect(log.lines.slice(before).filter((l) => l.msg.startsWith('First-run setup'))).toEqual([]);
  });
});
