import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../support/databases';
import { cookieFrom, PASSWORD, signIn, startConsole, type ConsoleHarness } from '../console/console-harness';

/**
 * Replays issue 17, "NUL bytes and lone surrogates give 500": a sign-in whose staff id holds a NUL
 * (`"t-admin\u0000"`) reached the database, which refused the query, and the console answered 500; half
 * a surrogate pair (`"\uD800"`) was quietly turned into U+FFFD by the driver and counted under that name.
 * Such text is now refused as invalid input (400 ERR_VALIDATION) on every console sign-in field, before
 * anything is looked up or counted.
 */
const BAD = ['t-admin\u0000', 'admin\uD800', '\uDFFFx'];

async function post(app: FastifyInstance, url: string, payload: object) {
  const csrf = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
  return app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: cookieFrom(csrf.headers['set-cookie'], 'tawasul_console_login'),
      'x-csrf-token': csrf.json<{ token: string }>().token,
    },
    payload,
  });
}

describeEachDatabase(
  'console sign-in fields with a NUL or a lone surrogate',
  (getDb) => {
    let h: ConsoleHarness;

    beforeAll(async () => {
      h = await startConsole(getDb(), {
        telegram: { sendLoginCode: async () => ({ sent: true }) },
      });
    }, 60_000);
    afterAll(() => h?.stop());

    it.each(BAD.map((bad) => [JSON.stringify(bad), bad]))(
      'answers 400, not 500, to the staff id %s on every sign-in request',
      async (_shown, bad) => {
        for (const [url, payload] of [
          ['/api/auth/login', { staffId: bad, password: PASSWORD }],
          ['/api/auth/code', { staffId: bad }],
          ['/api/auth/code/verify', { staffId: bad, code: '123456' }],
        ] as const) {
          const res = await post(h.app, url, payload);
          expect({ url, status: res.statusCode, error: res.json().error }).toEqual({
            url,
            status: 400,
            error: 'ERR_VALIDATION',
          });
        }
      },
    );

    it('answers 400 to a password holding one, at sign-in and when changing it', async () => {
      for (const bad of BAD) {
        const res = await post(h.app, '/api/auth/login', { staffId: 't-manager', password: bad });
        expect(res.statusCode).toBe(400);
      }
      const session = await signIn(h.app, 't-manager');
      for (const body of [
        { current: `${PASSWORD}\u0000`, next: 'a new long password' },
        { current: PASSWORD, next: 'a new long password\uD800' },
      ]) {
        const res = await h.app.inject({
          method: 'POST',
          url: '/api/auth/password',
          headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
          payload: body,
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toBe('ERR_VALIDATION');
      }
      // Nothing was counted against the name: it still signs in.
      expect(
        (await post(h.app, '/api/auth/login', { staffId: 't-manager', password: PASSWORD })).statusCode,
      ).toBe(200);
    });
  },
  { migrate: true },
);
