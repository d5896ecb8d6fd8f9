import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { StaffBot } from '../../src/staff-bot/staff-bot';
import { describeEachDatabase } from '../support/databases';
import { FakeTelegramApi } from '../support/fake-telegram-api';
import { cookieFrom, startConsole, type ConsoleHarness } from './console-harness';

const GROUP = -1009876543210;
const NOURA = 777101; // committee member, has started the staff bot
const KHALID = 777102; // manager, never pressed Start

/** Sign-in by a code the staff bot sends in private, end to end over the Bot API stand-in. */
describeEachDatabase('console sign-in by a code from the staff bot', (getDb) => {
  let h: ConsoleHarness;
  let api: FakeTelegramApi;
  let staffBot: StaffBot;
  let documentsDir: string;
  const logLines: { level: number; msg: string; telegramUserId?: number }[] = [];

  beforeAll(async () => {
    api = await FakeTelegramApi.start({ limits: false, botUsername: 'tawasul_staff_bot' });
    api.addGroup(GROUP, { forum: true });
    // The console is built before the staff bot (the bot needs the runtime): it reaches it through this.
    const sender = {
      sendLoginCode: (userId: number, text: string) => staffBot.sendLoginCode(userId, text),
    };
    h = await startConsole(getDb(), { telegram: sender });
    documentsDir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-code-'));
    const logs = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    });
    staffBot = new StaffBot({
      token: api.token,
      apiRoot: api.apiRoot,
      groupId: GROUP,
      db: getDb(),
      profile: h.profile,
      translator: h.runtime.translator,
      caseActions: h.runtime.caseActions,
      conversations: h.runtime.service,
      documents: new FsDocumentStore(documentsDir),
      logger: pino({ level: 'info' }, logs),
      pollIntervalMs: 200,
      pollTimeoutSeconds: 1,
    });
    await staffBot.start();
    await getDb().query(`UPDATE staff_accounts SET telegram_user_id = $1 WHERE id = 't-committee'`, [NOURA]);
    await getDb().query(`UPDATE staff_accounts SET telegram_user_id = $1 WHERE id = 't-manager'`, [KHALID]);
  }, 60_000);
  afterAll(async () => {
    await staffBot?.stop();
    await h?.stop();
    await api?.close();
    if (documentsDir) rmSync(documentsDir, { recursive: true, force: true });
  });

  async function askCode(app: FastifyInstance, staffId: string, lang: 'ar' | 'en', ip: string) {
    const csrf = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
    return app.inject({
      method: 'POST',
      url: '/api/auth/code',
      remoteAddress: ip,
      headers: {
        cookie: cookieFrom(csrf.headers['set-cookie'], 'tawasul_console_login'),
        'x-csrf-token': csrf.json<{ token: string }>().token,
        'accept-language': lang,
      },
      payload: { staffId },
    });
  }

  async function verify(app: FastifyInstance, staffId: string, code: string) {
    const csrf = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
    return app.inject({
      method: 'POST',
      url: '/api/auth/code/verify',
      remoteAddress: '10.7.0.1',
      headers: {
        cookie: cookieFrom(csrf.headers['set-cookie'], 'tawasul_console_login'),
        'x-csrf-token': csrf.json<{ token: string }>().token,
      },
      payload: { staffId, code },
    });
  }

  it('offers sign-in by code once the staff bot is wired', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/console/' });
    expect(page.body).toContain('"codeSignIn":true');
  });

  it('sends a single-use code in a private message from the staff bot, stored only as a hash', async () => {
    const asked = await askCode(h.app, 't-committee', 'ar', '10.7.0.1');
    expect(asked.statusCode).toBe(202);
    const [dm] = await api.waitForSent(NOURA, 1);
    expect(dm!.method).toBe('sendMessage');
    expect(dm!.text).toContain('رمز دخولك');
    const code = /\b(\d{6})\b/.exec(dm!.text)![1]!;
    const stored = await getDb().query<{ code_hash: string; expires_at: Date; created_at: Date }>(
      `SELECT code_hash, expires_at, created_at FROM staff_login_codes WHERE staff_id = 't-committee'`,
    );
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.code_hash).not.toContain(code);
    const lifetime =
      new Date(stored.rows[0]!.expires_at).getTime() - new Date(stored.rows[0]!.created_at).getTime();
    expect(lifetime).toBe(5 * 60_000);

    const good = await verify(h.app, 't-committee', code);
    expect(good.statusCode).toBe(200);
    expect(good.json().staff.id).toBe('t-committee');
    const session = cookieFrom(good.headers['set-cookie'], 'tawasul_console');
    const me = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session } });
    expect(me.statusCode).toBe(200);
    // Used once: the same code again is refused.
    expect((await verify(h.app, 't-committee', code)).json().error).toBe('ERR_BAD_CODE');
  });

  it('sends no second code within a minute, however often it is asked for', async () => {
    const before = api.sent(NOURA).length;
    expect((await askCode(h.app, 't-committee', 'ar', '10.7.0.3')).statusCode).toBe(202);
    const [first] = (await api.waitForSent(NOURA, before + 1)).slice(before);
    for (let i = 0; i < 3; i++) {
      expect((await askCode(h.app, 't-committee', 'ar', '10.7.0.3')).statusCode).toBe(202);
    }
    await new Promise((resolve) => setTimeout(resolve, 500)); // room for a send that should not happen
    expect(api.sent(NOURA)).toHaveLength(before + 1);
    // The code sent first still signs in.
    const code = /\b(\d{6})\b/.exec(first!.text)![1]!;
    expect((await verify(h.app, 't-committee', code)).statusCode).toBe(200);
  });

  it('tells a person who never started the bot to open it and press Start, and logs the attempt', async () => {
    // What Telegram answers when a bot writes first to someone who never opened it.
    api.failNextSend(
      { code: 403, description: "Forbidden: bot can't initiate conversation with a user" },
      KHALID,
    );
    const ar = await askCode(h.app, 't-manager', 'ar', '10.7.1.1');
    expect(ar.statusCode).toBe(409);
    expect(ar.json()).toMatchObject({ error: 'ERR_TELEGRAM_NOT_STARTED', bot: '@tawasul_staff_bot' });
    expect(ar.json().message).toContain('@tawasul_staff_bot');
    expect(ar.json().message).toContain('«ابدأ»');
    expect(api.sent(KHALID)).toHaveLength(0);
    // No live code is left behind, and the attempt counts towards the lock-out.
    const codes = await getDb().query(`SELECT 1 FROM staff_login_codes WHERE staff_id = 't-manager'`);
    expect(codes.rows).toHaveLength(0);
    const attempts = await getDb().query<{ success: boolean; method: string }>(
      `SELECT success, method FROM staff_login_attempts WHERE login = 't-manager'`,
    );
    expect(attempts.rows).toEqual([{ success: false, method: 'code' }]);
    expect(logLines).toContainEqual(
      expect.objectContaining({
        level: 40,
        telegramUserId: KHALID,
        msg: 'sign-in code not sent: the staff member has not started the staff bot',
      }),
    );

    api.failNextSend(
      { code: 403, description: "Forbidden: bot can't initiate conversation with a user" },
      KHALID,
    );
    const en = await askCode(h.app, 't-manager', 'en', '10.7.1.2');
    expect(en.statusCode).toBe(409);
    expect(en.json().message).toMatch(/Open @tawasul_staff_bot in Telegram and press Start/);

    // Once they pressed Start, the code arrives.
    const after = await askCode(h.app, 't-manager', 'en', '10.7.1.3');
    expect(after.statusCode).toBe(202);
    const [dm] = await api.waitForSent(KHALID, 1);
    expect(dm!.text).toMatch(/Your sign-in code for the Tawasul console: \d{6}/);
  });
});
