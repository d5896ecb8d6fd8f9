import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../support/databases';
import { cookieFrom, PASSWORD, signIn, startConsole, type ConsoleHarness } from './console-harness';

/** The sign-in form's token and cookie, as the sign-in page hands them to a browser. */
async function loginToken(app: FastifyInstance) {
  const res = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
  return {
    cookie: cookieFrom(res.headers['set-cookie'], 'tawasul_console_login'),
    token: res.json<{ token: string }>().token,
  };
}

async function login(app: FastifyInstance, staffId: string, password: string, ip = '10.0.0.1') {
  const { cookie, token } = await loginToken(app);
  return app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: ip,
    headers: { cookie, 'x-csrf-token': token },
    payload: { staffId, password },
  });
}

describeEachDatabase(
  'console sign-in, sessions and CSRF',
  (getDb) => {
    let h: ConsoleHarness;
    let clock = new Date('2026-05-10T08:00:00Z');
    const sent: { to: number; text: string }[] = [];

    beforeAll(async () => {
      h = await startConsole(getDb(), {
        now: () => clock,
        telegram: {
          sendLoginCode: async (to, text) => {
            sent.push({ to, text });
            return { sent: true };
          },
        },
      });
      await getDb().query(`UPDATE staff_accounts SET telegram_user_id = 777001 WHERE id = 't-committee'`);
    }, 60_000);
    afterAll(() => h?.stop());

    it('signs in with a password into an HttpOnly, SameSite session cookie (Secure over HTTPS)', async () => {
      const res = await login(h.app, 't-manager', PASSWORD);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        staff: { id: 't-manager', name: 'Test manager', roles: ['manager'], categories: [] },
        csrf: expect.any(String),
        home: '/console/dashboard',
      });
      const cookie = ([] as string[])
        .concat(res.headers['set-cookie'] ?? [])
        .find((c) => c.startsWith('tawasul_console='))!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Secure/);
      // Behind a TLS-terminating proxy (auto mode), the cookie is Secure.
      const { cookie: lc, token } = await loginToken(h.app);
      const https = await h.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { cookie: lc, 'x-csrf-token': token, 'x-forwarded-proto': 'https' },
        payload: { staffId: 't-manager', password: PASSWORD },
      });
      expect(([] as string[]).concat(https.headers['set-cookie'] ?? []).join()).toMatch(
        /tawasul_console=[^;]+;.*Secure/,
      );
      // The database keeps only the token's hash.
      const stored = await getDb().query<{ token_hash: string }>('SELECT token_hash FROM staff_sessions');
      const value = cookieFrom(res.headers['set-cookie'], 'tawasul_console').split('=')[1]!;
      expect(stored.rows.map((r) => r.token_hash)).not.toContain(value);
    });

    it('answers a wrong password and an unknown name alike', async () => {
      const wrong = await login(h.app, 't-board', 'not the password', '10.0.0.2');
      const unknown = await login(h.app, 'nobody-here', 'not the password', '10.0.0.2');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json()).toEqual(unknown.json());
      expect(wrong.json().error).toBe('ERR_BAD_CREDENTIALS');
    });

    it('makes a name wait at one address after three failures (even for the right password); other addresses are not held', async () => {
      for (let i = 0; i < 3; i++)
        expect((await login(h.app, 't-admin', `wrong-${i}`, '10.1.0.1')).statusCode).toBe(401);
      const held = await login(h.app, 't-admin', PASSWORD, '10.1.0.1');
      expect(held.statusCode).toBe(429);
      expect(held.json()).toMatchObject({ error: 'ERR_LOCKED_OUT', retryAfterSeconds: 30 });
      expect(held.headers['retry-after']).toBe('30');
      expect((await login(h.app, 't-admin', PASSWORD, '10.1.1.1')).statusCode).toBe(200);
      clock = new Date(clock.getTime() + 31_000);
      expect((await login(h.app, 't-admin', PASSWORD, '10.1.0.1')).statusCode).toBe(200);
    });

    it('locks an address after twenty failures, whatever names it tries; other addresses still sign in', async () => {
      for (let i = 0; i < 20; i++) await login(h.app, `guess-${i}`, 'x', '10.9.9.9');
      const locked = await login(h.app, 't-liaison', PASSWORD, '10.9.9.9');
      expect(locked.json().error).toBe('ERR_LOCKED_OUT');
      expect((await login(h.app, 't-liaison', PASSWORD, '10.9.9.10')).statusCode).toBe(200);
      clock = new Date(clock.getTime() + 16 * 60_000);
    });

    it('refuses a sign-in without the form’s token, or posted from another site', async () => {
      const bare = await h.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { staffId: 't-admin', password: PASSWORD },
      });
      expect(bare.statusCode).toBe(403);
      expect(bare.json().error).toBe('ERR_CSRF');
      const { cookie, token } = await loginToken(h.app);
      const forged = await h.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { cookie, 'x-csrf-token': token, origin: 'https://evil.example' },
        payload: { staffId: 't-admin', password: PASSWORD },
      });
      expect(forged.json().error).toBe('ERR_CSRF');
    });

    it('refuses a state change without the session’s CSRF token, or with another session’s', async () => {
      const admin = await signIn(h.app, 't-admin');
      const other = await signIn(h.app, 't-manager');
      const body = { nameAr: 'إجازة', from: '2026-06-01', to: '2026-06-01' };
      const none = await h.app.inject({
        method: 'POST',
        url: '/api/admin/holidays',
        headers: { cookie: admin.cookie },
        payload: body,
      });
      expect(none.statusCode).toBe(403);
      expect(none.json().error).toBe('ERR_CSRF');
      const borrowed = await h.app.inject({
        method: 'POST',
        url: '/api/admin/holidays',
        headers: { cookie: admin.cookie, 'x-csrf-token': other.csrf },
        payload: body,
      });
      expect(borrowed.json().error).toBe('ERR_CSRF');
      const crossSite = await h.app.inject({
        method: 'POST',
        url: '/api/admin/holidays',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'sec-fetch-site': 'cross-site' },
        payload: body,
      });
      expect(crossSite.json().error).toBe('ERR_CSRF');
      const good = await h.app.inject({
        method: 'POST',
        url: '/api/admin/holidays',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, origin: 'http://localhost:80' },
        payload: body,
      });
      expect(good.statusCode).toBe(201);
    });

    it('ends a session at sign-out, when the account is deactivated, and after two idle hours', async () => {
      const a = await signIn(h.app, 't-board');
      const me = () => h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: a.cookie } });
      expect((await me()).statusCode).toBe(200);
      await h.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
      });
      expect((await me()).statusCode).toBe(401);

      const b = await signIn(h.app, 't-board');
      const admin = await signIn(h.app, 't-admin');
      await h.app.inject({
        method: 'PATCH',
        url: '/api/admin/staff/t-board',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { active: false },
      });
      expect(
        (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: b.cookie } }))
          .statusCode,
      ).toBe(401);
      expect((await login(h.app, 't-board', PASSWORD, '10.2.0.1')).statusCode).toBe(401);
      await getDb().query(`UPDATE staff_accounts SET active = true WHERE id = 't-board'`);

      const c = await signIn(h.app, 't-board');
      clock = new Date(clock.getTime() + 2 * 3600_000 + 1000);
      expect(
        (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: c.cookie } }))
          .statusCode,
      ).toBe(401);
    });

    it('signs in with a one-time code sent to the person’s Telegram; a wrong code counts towards the lock-out', async () => {
      const { cookie, token } = await loginToken(h.app);
      const headers = { cookie, 'x-csrf-token': token };
      const asked = await h.app.inject({
        method: 'POST',
        url: '/api/auth/code',
        headers,
        payload: { staffId: 't-committee' },
      });
      expect(asked.statusCode).toBe(202);
      // Someone without Telegram gets the same answer, and nothing is sent.
      const noTelegram = await h.app.inject({
        method: 'POST',
        url: '/api/auth/code',
        headers,
        payload: { staffId: 't-manager' },
      });
      expect(noTelegram.json()).toEqual(asked.json());
      expect(sent).toHaveLength(1);
      expect(sent[0]!.to).toBe(777001);
      const code = /\b(\d{6})\b/.exec(sent[0]!.text)![1]!;
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      const bad = await h.app.inject({
        method: 'POST',
        url: '/api/auth/code/verify',
        headers,
        payload: { staffId: 't-committee', code: wrong },
      });
      expect(bad.json().error).toBe('ERR_BAD_CODE');
      const good = await h.app.inject({
        method: 'POST',
        url: '/api/auth/code/verify',
        headers,
        payload: { staffId: 't-committee', code },
      });
      expect(good.statusCode).toBe(200);
      expect(good.json().staff.id).toBe('t-committee');
      // Used once only.
      const again = await h.app.inject({
        method: 'POST',
        url: '/api/auth/code/verify',
        headers,
        payload: { staffId: 't-committee', code },
      });
      expect(again.json().error).toBe('ERR_BAD_CODE');
      const attempts = await getDb().query(
        `SELECT success FROM staff_login_attempts WHERE login = 't-committee' AND method = 'code' ORDER BY id`,
      );
      expect(attempts.rows).toEqual([{ success: false }, { success: true }, { success: false }]);
    });

    it('changes one’s own password: the old one stops working, other sessions end', async () => {
      const first = await signIn(h.app, 't-volunteer');
      const second = await signIn(h.app, 't-volunteer');
      const short = await h.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie: first.cookie, 'x-csrf-token': first.csrf },
        payload: { current: PASSWORD, next: 'short' },
      });
      expect(short.json().error).toBe('ERR_WEAK_PASSWORD');
      const changed = await h.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie: first.cookie, 'x-csrf-token': first.csrf },
        payload: { current: PASSWORD, next: 'a brand new passphrase' },
      });
      expect(changed.statusCode).toBe(204);
      expect(
        (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: first.cookie } }))
          .statusCode,
      ).toBe(200);
      expect(
        (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: second.cookie } }))
          .statusCode,
      ).toBe(401);
      expect((await login(h.app, 't-volunteer', PASSWORD, '10.3.0.1')).statusCode).toBe(401);
      expect((await login(h.app, 't-volunteer', 'a brand new passphrase', '10.3.0.1')).statusCode).toBe(200);
    });
  },
  { migrate: true },
);

describeEachDatabase(
  'console sign-in without a Telegram sender',
  (getDb) => {
    let h: ConsoleHarness;
    beforeAll(async () => {
      h = await startConsole(getDb());
    }, 60_000);
    afterAll(() => h?.stop());

    it('hides sign-in by code and refuses it', async () => {
      const page = await h.app.inject({
        method: 'GET',
        url: '/console/cases',
        headers: { accept: 'text/html' },
      });
      expect(page.statusCode).toBe(401);
      expect(page.body).toContain('"codeSignIn":false');
      const { cookie, token } = await loginToken(h.app);
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/auth/code',
        headers: { cookie, 'x-csrf-token': token },
        payload: { staffId: 't-admin' },
      });
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toBe('ERR_CODE_SIGNIN_UNAVAILABLE');
    });
  },
  { migrate: true },
);
