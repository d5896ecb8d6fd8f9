import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { AcceptResult } from '../../src/channels/channel-adapter';
import { WebChatChannel } from '../../src/channels/webchat/webchat-channel';
import type { WebChatRouteOptions } from '../../src/channels/webchat/webchat-routes';
import { buildApp } from '../../src/http/app';
import { describeEachDatabase } from '../support/databases';

/**
 * Replays the flood of issue 17 (M1): one client address opens 20 fresh sessions at once and pushes 28
 * messages through each, 560 in all, while another visitor chats from their own address. The limit per
 * session alone let 554 of 554 through (a session id is the client's choice); the address's budget, the
 * web chat's global budget and the cap on new sessions per address now hold it, the other visitor is
 * served, and every refusal is a 429 with Retry-After and a documented code.
 */
const ATTACKER = '203.0.113.7';
const VISITOR = '198.51.100.20';
const session = (n: number, prefix = 'flood') => `${prefix}Session${String(n).padStart(4, '0')}abcdefghij`;

describeEachDatabase(
  'web chat: fresh session ids do not bypass the flood limits',
  (getDb) => {
    let app: FastifyInstance;
    let accepted = 0;
    let clock = 1_000_000;

    async function start(options: Partial<WebChatRouteOptions> = {}) {
      await app?.close();
      const webchat = new WebChatChannel(getDb());
      // The spine is not what is under test: every message that reaches it is taken in.
      await webchat.start(async (): Promise<AcceptResult> => {
        accepted++;
        return { status: 'accepted', conversationId: '00000000-0000-0000-0000-000000000000' };
      });
      accepted = 0;
      app = await buildApp({
        logger: pino({ level: 'silent' }),
        readiness: {},
        webchat,
        webchatOptions: { now: () => clock, ...options },
      });
    }
    afterAll(async () => app?.close());

    const post = (from: string, sessionId: string, id: string) =>
      app.inject({
        method: 'POST',
        url: `/webchat/api/sessions/${sessionId}/messages`,
        remoteAddress: from,
        payload: { clientMessageId: id, text: 'سلام' },
      });

    it('holds 20 parallel fresh sessions of one address to the address budget; another visitor is served', async () => {
      await start();
      const answers = await Promise.all(
        Array.from({ length: 20 }, async (_, s) => {
          const statuses: number[] = [];
          for (let m = 0; m < 28; m++) {
            statuses.push((await post(ATTACKER, session(s), `m${m}`)).statusCode);
            // The attacker keeps under the per-session limit (20 in 10 s): 28 posts spread over 14 s.
            clock += 25;
          }
          return statuses;
        }),
      );
      const statuses = answers.flat();
      expect(statuses.length).toBe(560);
      expect(accepted).toBeLessThanOrEqual(120);
      expect(statuses.filter((s) => s === 202).length).toBe(accepted);
      expect(statuses.filter((s) => s !== 202 && s !== 429)).toEqual([]);

      const refused = await post(ATTACKER, session(0), 'one-more');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      expect(refused.json()).toMatchObject({ error: 'ERR_RATE_LIMITED', limit: 'address' });

      // Another visitor, from their own address, is not held back by the flood.
      for (let m = 0; m < 5; m++)
        expect((await post(VISITOR, 'visitorSession0123456789', `v${m}`)).statusCode).toBe(202);
    });

    it('caps how many new sessions one address starts in an hour, by the API or by a made-up id', async () => {
      await start();
      const opened: number[] = [];
      for (let n = 0; n < 30; n++) {
        const res = await app.inject({
          method: 'POST',
          url: '/webchat/api/sessions',
          remoteAddress: ATTACKER,
        });
        opened.push(res.statusCode);
      }
      expect(opened.every((s) => s === 201)).toBe(true);
      const more = await app.inject({
        method: 'POST',
        url: '/webchat/api/sessions',
        remoteAddress: ATTACKER,
      });
      expect(more.statusCode).toBe(429);
      expect(more.json()).toMatchObject({ error: 'ERR_TOO_MANY_SESSIONS' });
      expect(Number(more.headers['retry-after'])).toBeGreaterThan(0);
      // A session id the client made up counts as a new session too.
      const madeUp = await post(ATTACKER, session(1, 'madeUp'), 'm0');
      expect([madeUp.statusCode, madeUp.json<{ error: string }>().error]).toEqual([
        429,
        'ERR_TOO_MANY_SESSIONS',
      ]);
      // A family behind one address: the next hour, new sessions are welcome again.
      clock += 3_600_001;
      expect((await post(ATTACKER, session(2, 'madeUp'), 'm0')).statusCode).toBe(202);
    });

    it('holds the whole web chat to its global budget, whatever the addresses', async () => {
      await start({ limits: { global: { max: 50, windowMs: 60_000 } } });
      const statuses: number[] = [];
      for (let a = 0; a < 20; a++) {
        for (let m = 0; m < 5; m++) {
          statuses.push((await post(`192.0.2.${a + 1}`, session(a, 'spread'), `m${m}`)).statusCode);
        }
      }
      expect(statuses.filter((s) => s === 202).length).toBe(50);
      const refused = await post('192.0.2.200', session(99, 'spread'), 'm0');
      expect(refused.json()).toMatchObject({ error: 'ERR_RATE_LIMITED', limit: 'global' });
      expect(refused.headers['retry-after']).toBeDefined();
    });
  },
  { migrate: true },
);
