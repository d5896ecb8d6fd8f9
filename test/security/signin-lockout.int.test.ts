import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../support/databases';
import { cookieFrom, PASSWORD, startConsole, type ConsoleHarness } from '../console/console-harness';

/**
 * Replays issue 17, "lockout": five wrong passwords for the administrator's name, from anywhere, locked
 * the administrator out for 15 minutes — an attacker could lock the one person who can fix things out at
 * will. The limits are now per (address, name) with a doubling wait, plus one per address across names
 * (spraying): the attacker slows only themselves, the administrator signs in from their own address.
 */
async function login(app: FastifyInstance, staffId: string, password: string, ip: string) {
  const csrf = await app.inject({ method: 'GET', url: '/api/auth/csrf', remoteAddress: ip });
  return app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: ip,
    headers: {
      cookie: cookieFrom(csrf.headers['set-cookie'], 'tawasul_console_login'),
      'x-csrf-token': csrf.json<{ token: string }>().token,
    },
    payload: { staffId, password },
  });
}

describeEachDatabase(
  'sign-in throttling an attacker cannot turn against the administrator',
  (getDb) => {
    let h: ConsoleHarness;
    let clock = new Date('2026-05-10T08:00:00Z');
    const wait = (seconds: number) => void (clock = new Date(clock.getTime() + seconds * 1000));

    beforeAll(async () => {
      h = await startConsole(getDb(), { now: () => clock });
    }, 60_000);
    afterAll(() => h?.stop());

    it('an attacker hammering the administrator’s name does not lock the administrator out at their own address', async () => {
      const attacker = '198.51.100.1';
      let refused = 0;
      for (let i = 0; i < 10; i++) {
        const res = await login(h.app, 't-admin', `guess-${i}`, attacker);
        expect([401, 429]).toContain(res.statusCode);
        if (res.statusCode === 429) refused++;
      }
      expect(refused).toBeGreaterThan(0); // the attacker is held…
      const admin = await login(h.app, 't-admin', PASSWORD, '10.20.0.1');
      expect(admin.statusCode).toBe(200); // …the administrator is not
      wait(16 * 60);
    });

    it('makes each try of one name from one address wait longer after three failures, doubling up to 15 minutes', async () => {
      const ip = '198.51.100.2';
      for (let i = 0; i < 3; i++) expect((await login(h.app, 't-manager', 'wrong', ip)).statusCode).toBe(401);
      const waits: number[] = [];
      for (let i = 0; i < 7; i++) {
        const held = await login(h.app, 't-manager', PASSWORD, ip);
        expect(held.statusCode).toBe(429);
        expect(held.json().error).toBe('ERR_LOCKED_OUT');
        expect(held.headers['retry-after']).toBe(String(held.json().retryAfterSeconds));
        waits.push(held.json().retryAfterSeconds);
        wait(held.json().retryAfterSeconds);
        expect((await login(h.app, 't-manager', 'wrong again', ip)).statusCode).toBe(401);
      }
      expect(waits).toEqual([30, 60, 120, 240, 480, 900, 900]);
      // The right password after the wait, and the count starts again.
      wait(900);
      expect((await login(h.app, 't-manager', PASSWORD, ip)).statusCode).toBe(200);
      expect((await login(h.app, 't-manager', 'wrong', ip)).statusCode).toBe(401);
      wait(60 * 60);
    });

    it('slows spraying: twenty failures from one address across names lock that address only', async () => {
      const sprayer = '198.51.100.3';
      for (let i = 0; i < 20; i++)
        expect((await login(h.app, `staff-${i}`, 'Ramadan2026!', sprayer)).statusCode).toBe(401);
      const held = await login(h.app, 't-board', PASSWORD, sprayer);
      expect(held.statusCode).toBe(429);
      expect(held.json().retryAfterSeconds).toBe(900);
      expect((await login(h.app, 't-board', PASSWORD, '10.20.0.2')).statusCode).toBe(200);
      wait(16 * 60);
    });

    it('holds an unknown name exactly as a real one, so the answers do not tell which names exist', async () => {
      const ip = '198.51.100.4';
      const answers = [];
      for (const name of ['t-liaison', 'no-such-person']) {
        for (let i = 0; i < 3; i++) await login(h.app, name, 'wrong', ip);
        const held = await login(h.app, name, 'wrong', ip);
        answers.push({ status: held.statusCode, body: held.json(), retry: held.headers['retry-after'] });
      }
      expect(answers[0]).toEqual(answers[1]);
      expect(answers[0]!.status).toBe(429);
    });
  },
  { migrate: true },
);
