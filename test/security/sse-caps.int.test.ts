import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { WebChatChannel } from '../../src/channels/webchat/webchat-channel';
import { buildApp } from '../../src/http/app';
import { signIn, startConsole, type ConsoleHarness } from '../console/console-harness';
import { describeEachDatabase } from '../support/databases';

/**
 * Replays the stream finding of issue 17 (Low): a script opened server-sent event streams without end,
 * each holding a socket, timers and a poll of the store. Streams are now capped per web chat session, per
 * client address and in all, and per console session; one more answers 429 `ERR_TOO_MANY_STREAMS` with
 * Retry-After, and a closed stream frees its place.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a stream; the caller closes it with `close()`. */
async function open(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  return {
    status: res.status,
    body: res.status === 200 ? undefined : ((await res.json()) as { error: string }),
    retryAfter: res.headers.get('retry-after'),
    close: () => controller.abort(),
  };
}

describeEachDatabase(
  'event streams are capped',
  (getDb) => {
    const streams: { close(): void }[] = [];
    afterEach(() => {
      for (const s of streams.splice(0)) s.close();
    });

    describe('web chat', () => {
      const apps: FastifyInstance[] = [];
      afterAll(async () => {
        for (const app of apps) await app.close();
      });
      async function start(streamLimits?: { perAddress: number; total: number }) {
        const app = await buildApp({
          logger: pino({ level: 'silent' }),
          readiness: {},
          trustProxy: 1,
          webchat: new WebChatChannel(getDb()),
          webchatOptions: { eventsPollMs: 60_000, streams: streamLimits },
        });
        apps.push(app);
        const base = await app.listen({ port: 0, host: '127.0.0.1' });
        return async (session: string, address: string) => {
          const s = await open(`${base}/webchat/api/sessions/${session}/events`, {
            'x-forwarded-for': address,
          });
          streams.push(s);
          return s;
        };
      }

      it('caps one session at 5 streams (the defaults)', async () => {
        const stream = await start();
        const session = 'sseSessionOne0123456789abc';
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) statuses.push((await stream(session, '10.0.0.1')).status);
        expect(statuses).toEqual([200, 200, 200, 200, 200]);
        const sixth = await stream(session, '10.0.0.1');
        expect([sixth.status, sixth.body?.error]).toEqual([429, 'ERR_TOO_MANY_STREAMS']);
        expect(sixth.retryAfter).toMatch(/^\d+$/);
        expect((await stream('sseSessionTwo0123456789abc', '10.0.0.1')).status).toBe(200);
      });

      it('caps one address, then all, and frees a place when a stream closes', async () => {
        const stream = await start({ perAddress: 3, total: 4 });
        const s = (n: number) => `sseSession${n}0123456789abcdef`;
        const first = [];
        for (let i = 1; i <= 3; i++) first.push((await stream(s(i), '10.1.0.1')).status);
        expect(first).toEqual([200, 200, 200]);
        const byAddress = await stream(s(4), '10.1.0.1');
        expect([byAddress.status, byAddress.body?.error]).toEqual([429, 'ERR_TOO_MANY_STREAMS']);
        expect((await stream(s(5), '10.1.0.2')).status).toBe(200);
        const byTotal = await stream(s(6), '10.1.0.3');
        expect([byTotal.status, byTotal.body?.error]).toEqual([429, 'ERR_TOO_MANY_STREAMS']);
        streams[0]!.close();
        await sleep(300);
        expect((await stream(s(7), '10.1.0.3')).status).toBe(200);
      });
    });

    describe('console inbox', () => {
      let h: ConsoleHarness;
      let base = '';
      beforeAll(async () => {
        h = await startConsole(getDb());
        base = await h.app.listen({ port: 0, host: '127.0.0.1' });
      });
      afterAll(async () => h?.stop());

      it('caps one staff session at 5 streams', async () => {
        const { cookie } = await signIn(h.app, 't-liaison');
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) {
          const s = await open(`${base}/api/inbox/events`, { cookie });
          streams.push(s);
          statuses.push(s.status);
        }
        expect(statuses).toEqual([200, 200, 200, 200, 200]);
        const sixth = await open(`${base}/api/inbox/events`, { cookie });
        streams.push(sixth);
        expect([sixth.status, sixth.body?.error]).toEqual([429, 'ERR_TOO_MANY_STREAMS']);
        expect(sixth.retryAfter).toBe('30');
        // Another staff member's session has its own places.
        const other = await signIn(h.app, 't-manager');
        const theirs = await open(`${base}/api/inbox/events`, { cookie: other.cookie });
        streams.push(theirs);
        expect(theirs.status).toBe(200);
      });
    });
  },
  { migrate: true },
);
