import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadProfile } from '../../src/config/load-profile';
import { hashPassword } from '../../src/console/auth/password';
import { startPlatform, type Platform } from '../../src/platform/start-platform';
import { AssociationDatabase } from '../../src/store/association-database';
import { PgComplaintRepository } from '../../src/store/complaint-repository';
import { PgStaffAccountRepository } from '../../src/store/console/staff-account-repository';
import { describeEachDatabase } from '../support/databases';
import { FakeTelegramApi } from '../support/fake-telegram-api';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { requestAs, type HostResponse } from '../support/host-client';
import { cookieFrom } from '../console/console-harness';
import { Clock, waitFor } from '../support/test-clock';
import { freshQueuePrefix, testLogger, TEST_REDIS_URL } from '../support/spine-harness';

const OPERATOR_HOST = 'platform.test';
const TOKEN = 'operator-token-'.padEnd(48, 'x');
const BIRR = 'al-birr.test';
const WAFA = 'al-wafa.test';
/** One person who talks to both associations' bots: Telegram gives them the same id in both. */
const SAME_PERSON = 777;

describeEachDatabase('two associations on one platform', (getDb) => {
  let platform: Platform;
  let dataDir: string;
  const bots: Record<string, FakeTelegramApi> = {};
  const clock = new Clock(new Date('2026-03-02T08:00:00Z'));
  const operator = (method: string, url: string, body?: unknown, token = TOKEN) =>
    requestAs(platform.address!, OPERATOR_HOST, method, url, {
      body,
      headers: { authorization: `Bearer ${token}` },
    });
  const newAssociation = (id: string, host: string) => ({
    id,
    name: `جمعية ${id}`,
    hosts: [host],
    profile: loadProfile(DEMO_PROFILE_PATH),
    channels: { webchat: true, telegram: { token: bots[id]!.token, apiRoot: bots[id]!.apiRoot } },
  });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tawasul-platform-'));
    for (const id of ['al-birr', 'al-wafa']) {
      bots[id] = await FakeTelegramApi.start({
        limits: false,
        token: `${id.length}00:${randomBytes(12).toString('hex')}`,
      });
    }
    platform = await startPlatform({
      dataDir,
      database: getDb(),
      redisUrl: TEST_REDIS_URL,
      queuePrefix: freshQueuePrefix(),
      encryption: { key: randomBytes(32).toString('base64') },
      defaultProfile: DEMO_PROFILE_PATH,
      http: { port: 0, operatorHost: OPERATOR_HOST, operatorToken: TOKEN, scheme: 'http' },
      syncIntervalMs: 60_000,
      now: clock.now,
      logger: testLogger(),
    });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    for (const bot of Object.values(bots)) await bot.close();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('refuses the operator API without the token, and a malformed association with the fields at fault', async () => {
    expect((await operator('GET', '/platform/api/associations', undefined, 'wrong')).status).toBe(401);
    const malformed = await operator('POST', '/platform/api/associations', {
      id: 'Bad Id',
      name: '',
      hosts: ['https://x.test/'],
      profile: {},
      channels: { telegarm: {} },
    });
    expect(malformed.status).toBe(400);
    const paths = malformed.json<{ issues: { path: string }[] }>().issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.id', 'body.name', 'body.hosts.0', 'body.channels.telegarm']),
    );
    expect(paths.some((p) => p.startsWith('body.profile'))).toBe(true);
  });

  it('creates two associations from a profile, each on its own host, and refuses a host already taken', async () => {
    for (const [id, host] of [
      ['al-birr', BIRR],
      ['al-wafa', WAFA],
    ] as const) {
      const created = await operator('POST', '/platform/api/associations', newAssociation(id, host));
      expect([created.status, created.json()]).toEqual([
        201,
        expect.objectContaining({ id, status: 'active', hosts: [host] }),
      ]);
    }
    const clash = await operator('POST', '/platform/api/associations', {
      ...newAssociation('al-birr', WAFA),
      id: 'other',
    });
    expect([clash.status, clash.json().error]).toEqual([409, 'ERR_HOST_TAKEN']);
    expect(platform.running('al-birr')).toBeDefined();
    expect(platform.running('al-wafa')).toBeDefined();
    expect((await requestAs(platform.address!, 'nobody.test', 'GET', '/healthz')).status).toBe(404);
  });

  it("keeps each association's chats apart: the same Telegram person, and web chat sessions", async () => {
    for (const id of ['al-birr', 'al-wafa']) bots[id]!.sendText(SAME_PERSON, 'السلام عليكم');
    for (const id of ['al-birr', 'al-wafa']) {
      const [reply] = await bots[id]!.waitForSent(SAME_PERSON, 1);
      expect(reply?.text).toBeTruthy();
    }
    const sessions: Record<string, string> = {};
    for (const host of [BIRR, WAFA]) {
      const created = await requestAs(platform.address!, host, 'POST', '/webchat/api/sessions', { body: {} });
      expect(created.status).toBe(201);
      sessions[host] = created.json<{ sessionId: string }>().sessionId;
      const sent = await requestAs(
        platform.address!,
        host,
        'POST',
        `/webchat/api/sessions/${sessions[host]}/messages`,
        {
          body: { clientMessageId: 'm1', text: `مرحبا من ${host}` },
        },
      );
      expect(sent.status).toBe(202);
    }
    for (const host of [BIRR, WAFA]) {
      await waitFor(`a reply on ${host}`, async () => {
        const read = await requestAs(
          platform.address!,
          host,
          'GET',
          `/webchat/api/sessions/${sessions[host]}/messages`,
        );
        return read.json<{ messages: unknown[] }>().messages.length > 0 ? true : undefined;
      });
    }
    // One association's web chat session does not exist at the other's address: nothing to read there
    // (an unknown session reads as an empty one, as on a single installation).
    for (const what of ['messages', 'history']) {
      const crossed = await requestAs(
        platform.address!,
        WAFA,
        'GET',
        `/webchat/api/sessions/${sessions[BIRR]}/${what}`,
      );
      expect(crossed.status).toBe(200);
      expect(crossed.json()).toMatchObject({
        language: null,
        [what === 'messages' ? 'messages' : 'entries']: [],
      });
    }

    const root = getDb();
    for (const id of ['al-birr', 'al-wafa']) {
      const own = await new AssociationDatabase(root, id).query<{ channel: string; text: string | null }>(
        `SELECT c.channel, m.payload->>'text' AS text FROM conversations c JOIN inbound_messages m ON m.conversation_id = c.id ORDER BY c.channel`,
      );
      expect(own.rows.map((row) => row.channel)).toEqual(['telegram', 'webchat']);
    }
  });

  describe('the console', () => {
    const references: Record<string, string> = {};
    const signIn = async (host: string, password: string): Promise<HostResponse & { cookie?: string }> => {
      const csrf = await requestAs(platform.address!, host, 'GET', '/api/auth/csrf');
      const login = await requestAs(platform.address!, host, 'POST', '/api/auth/login', {
        body: { staffId: 'noura', password },
        headers: {
          cookie: cookieFrom(csrf.headers['set-cookie'], 'tawasul_console_login'),
          'x-csrf-token': csrf.json<{ token: string }>().token,
        },
      });
      return login.status === 200
        ? { ...login, cookie: cookieFrom(login.headers['set-cookie'], 'tawasul_console') }
        : login;
    };

    beforeAll(async () => {
      // The same staff id in both associations, each with its own password, and one complaint each.
      for (const id of ['al-birr', 'al-wafa']) {
        const view = new AssociationDatabase(getDb(), id);
        await new PgStaffAccountRepository().create(view, {
          id: 'noura',
          displayName: `Noura of ${id}`,
          roles: ['admin'],
          passwordHash: await hashPassword(`password of ${id}`),
        });
        references[id] = await view.transaction((tx) =>
          new PgComplaintRepository().insert(tx, 'CMP', {
            beneficiaryId: null,
            kind: 'complaint',
            categoryId: null,
            description: `a complaint to ${id}`,
            attachments: [],
            routedTo: 'manager',
            channel: 'webchat',
            dueDate: '2026-03-10',
            at: clock.now(),
          }),
        );
      }
    });

    it("signs staff in to their own association only; a session is worthless at another's address", async () => {
      expect((await signIn(BIRR, 'password of al-wafa')).status).toBe(401);
      const birr = await signIn(BIRR, 'password of al-birr');
      expect(birr.status).toBe(200);
      const me = await requestAs(platform.address!, WAFA, 'GET', '/api/auth/me', {
        headers: { cookie: birr.cookie! },
      });
      expect(me.status).toBe(401);
    });

    it("lists, opens and exports the association's own cases, never the other's", async () => {
      const { cookie } = await signIn(BIRR, 'password of al-birr');
      const headers = { cookie: cookie! };
      const list = await requestAs(platform.address!, BIRR, 'GET', '/api/cases?kind=complaint', { headers });
      expect(list.status).toBe(200);
      expect(list.body).toContain(references['al-birr']);
      expect(list.body).not.toContain(references['al-wafa']);
      const other = await requestAs(platform.address!, BIRR, 'GET', `/api/cases/${references['al-wafa']}`, {
        headers,
      });
      expect(other.status).toBe(404);
      const exported = await requestAs(platform.address!, BIRR, 'GET', '/api/cases/export?format=csv', {
        headers,
      });
      expect(exported.status).toBe(200);
      expect(exported.body).toContain(references['al-birr']);
      expect(exported.body).not.toContain(references['al-wafa']);
    });
  });

  it('shows the operator each association’s health without its people, and suspends one without touching the other', async () => {
    const health = await operator('GET', '/platform/api/associations');
    expect(health.status).toBe(200);
    const birr = health
      .json<{ associations: Record<string, unknown>[] }>()
      .associations.find((a) => a.id === 'al-birr');
    expect(birr).toMatchObject({
      run: 'running',
      connected: expect.arrayContaining([{ channel: 'webchat' }, { channel: 'telegram' }]),
      figures: expect.objectContaining({ unprocessed: 0, overdueComplaints: 0 }),
      queues: expect.objectContaining({ outbound: expect.any(Object) }),
    });
    // Counts and states only: nothing anyone wrote, no token.
    expect(health.body).not.toContain('مرحبا');
    expect(health.body).not.toContain(bots['al-birr']!.token);

    // A row written by hand (no profile, no key) is reported, and the others go on.
    await getDb().query(
      `INSERT INTO associations (id, name, hosts) VALUES ('by-hand', 'x', '{by-hand.test}')`,
    );
    await platform.sync();
    const after = (await operator('GET', '/platform/api/associations')).json<{
      associations: { id: string; run: string; error?: string }[];
    }>().associations;
    expect(after.find((a) => a.id === 'by-hand')).toMatchObject({
      run: 'failed',
      error: expect.stringContaining('was not created by the platform'),
    });
    expect((await requestAs(platform.address!, 'by-hand.test', 'GET', '/healthz')).status).toBe(503);
    expect((await requestAs(platform.address!, BIRR, 'GET', '/healthz')).status).toBe(200);

    expect((await operator('POST', '/platform/api/associations/al-wafa/suspend')).status).toBe(200);
    expect((await requestAs(platform.address!, WAFA, 'GET', '/healthz')).status).toBe(503);
    expect((await requestAs(platform.address!, BIRR, 'GET', '/healthz')).status).toBe(200);
    // A person opening its web chat meanwhile reads why, in Arabic first.
    const page = await requestAs(platform.address!, WAFA, 'GET', '/webchat', {
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect([page.status, page.headers['content-type']]).toEqual([503, 'text/html; charset=utf-8']);
    expect(page.body).toContain('الخدمة غير متاحة الآن');
    expect((await operator('POST', '/platform/api/associations/nobody/suspend')).status).toBe(404);
    expect((await operator('POST', '/platform/api/associations/al-wafa/resume')).status).toBe(200);
    expect((await requestAs(platform.address!, WAFA, 'GET', '/healthz')).status).toBe(200);

    const events = (await operator('GET', '/platform/api/events')).json<{
      events: { action: string; association: string }[];
    }>();
    expect(events.events.map((e) => `${e.action} ${e.association}`)).toEqual([
      'association.resumed al-wafa',
      'association.suspended al-wafa',
      'association.created al-wafa',
      'association.created al-birr',
    ]);
  });

  it("changes an association's host names, and refuses another's host, an unknown one and an empty change", async () => {
    const moved = await operator('PATCH', '/platform/api/associations/al-wafa', { hosts: ['wafa-new.test'] });
    expect([moved.status, moved.json()]).toEqual([
      200,
      expect.objectContaining({ id: 'al-wafa', hosts: ['wafa-new.test'], channels: expect.any(Object) }),
    ]);
    expect((await requestAs(platform.address!, 'wafa-new.test', 'GET', '/healthz')).status).toBe(200);
    expect((await requestAs(platform.address!, WAFA, 'GET', '/healthz')).status).toBe(404);
    // Its channels were left as they were: its bot still runs.
    expect(platform.running('al-wafa')?.channels.all.map((channel) => channel.name)).toContain('telegram');

    const taken = await operator('PATCH', '/platform/api/associations/al-wafa', { hosts: [BIRR] });
    expect([taken.status, taken.json().error]).toEqual([409, 'ERR_HOST_TAKEN']);
    const unknown = await operator('PATCH', '/platform/api/associations/nobody', { name: 'x' });
    expect([unknown.status, unknown.json().error]).toEqual([404, 'ERR_NOT_FOUND']);
    for (const [body, path] of [
      [{}, 'body'],
      [{ nmae: 'x' }, 'body.nmae'],
    ] as const) {
      const refused = await operator('PATCH', '/platform/api/associations/al-wafa', body);
      expect([refused.status, refused.json<{ issues: { path: string }[] }>().issues[0]!.path]).toEqual([
        400,
        path,
      ]);
    }
    const events = (await operator('GET', '/platform/api/events')).json<{
      events: { action: string; association: string }[];
    }>();
    expect(events.events[0]).toMatchObject({ action: 'association.changed', association: 'al-wafa' });
  });
});
