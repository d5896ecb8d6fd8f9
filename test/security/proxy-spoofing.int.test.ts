import type { FastifyInstance } from 'fastify';
import { loadEnv } from '../../src/config/env';
import { describeEachDatabase } from '../support/databases';
import { cookieFrom, PASSWORD, startConsole, type ConsoleHarness } from '../console/console-harness';

/**
 * Replays issue 17, M5: password spraying behind a reverse proxy with a spoofed X-Forwarded-For. With
 * HTTP_TRUST_PROXY trusting every hop, the leftmost X-Forwarded-For address — which the client writes
 * itself — was taken as the client, so an attacker who sent a new one with each try was a new address
 * each time and never met the per-address sign-in limit. With one trusted hop (HTTP_TRUST_PROXY=1), the
 * client is the address the proxy saw and appended, whatever the client wrote before it.
 */
const PROXY = '10.0.0.5';
const ATTACKER = '203.0.113.7';

async function loginViaProxy(app: FastifyInstance, staffId: string, password: string, spoofed: string) {
  const csrf = await app.inject({ method: 'GET', url: '/api/auth/csrf', remoteAddress: PROXY });
  return app.inject({
    method: 'POST',
    url: '/api/auth/login',
    // The proxy connects; it appends the address it saw to whatever the client sent.
    remoteAddress: PROXY,
    headers: {
      cookie: cookieFrom(csrf.headers['set-cookie'], 'tawasul_console_login'),
      'x-csrf-token': csrf.json<{ token: string }>().token,
      'x-forwarded-for': `${spoofed}, ${ATTACKER}`,
    },
    payload: { staffId, password },
  });
}

describeEachDatabase(
  'sign-in behind one trusted proxy, with a spoofed X-Forwarded-For',
  (getDb) => {
    let h: ConsoleHarness;
    const clock = new Date('2026-05-10T08:00:00Z');

    beforeAll(async () => {
      h = await startConsole(getDb(), {
        now: () => clock,
        trustProxy: loadEnv({ HTTP_TRUST_PROXY: '1' }).HTTP_TRUST_PROXY,
      });
    }, 60_000);
    afterAll(() => h?.stop());

    it('counts the address the proxy saw: a new leftmost address each try does not escape the address limit', async () => {
      for (let i = 0; i < 20; i++) {
        const res = await loginViaProxy(h.app, `guess-${i}`, 'Spring2026!', `198.51.100.${i + 1}`);
        expect(res.statusCode).toBe(401);
      }
      const next = await loginViaProxy(h.app, 't-admin', PASSWORD, '198.51.100.99');
      expect(next.statusCode).toBe(429);
      expect(next.json().error).toBe('ERR_LOCKED_OUT');
      // The attempts were recorded under the attacker's address, not the spoofed ones.
      const ips = await getDb().query<{ ip: string }>('SELECT DISTINCT ip FROM staff_login_attempts');
      expect(ips.rows.map((r) => r.ip)).toEqual([ATTACKER]);
    });
  },
  { migrate: true },
);
