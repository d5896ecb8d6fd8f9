import pino from 'pino';
import { WebChatChannel } from '../../src/channels/webchat/webchat-channel';
import { buildApp } from '../../src/http/app';
import type { Database } from '../../src/store/database';

const logger = pino({ level: 'silent' });
// Validation must answer before any storage is touched: a store that throws proves it.
const untouchable = new Proxy({} as Database, {
  get: () => {
    throw new Error('the store must not be reached');
  },
});

describe('HTTP app', () => {
  it('reports the process alive on /healthz', async () => {
    const app = await buildApp({ logger, readiness: {} });
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('reports readiness per dependency, 503 when one is down', async () => {
    const app = await buildApp({
      logger,
      readiness: {
        database: async () => undefined,
        redis: async () => {
          throw new Error('connect ECONNREFUSED');
        },
      },
    });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      status: 'not ready',
      checks: { database: 'ok', redis: 'down: connect ECONNREFUSED' },
    });
  });

  describe('web chat API rejects malformed input with 400 and the field path', () => {
    const session = 'AAAAAAAAAAAAAAAAAAAAAAAA';
    const build = async () => {
      const webchat = new WebChatChannel(untouchable);
      await webchat.start(async () => {
        throw new Error('the spine must not be reached');
      });
      return buildApp({ logger, readiness: {}, webchat });
    };

    it.each<[Record<string, unknown>, string]>([
      [{ text: 'hi' }, 'clientMessageId'],
      [{ clientMessageId: 5 }, 'clientMessageId'],
      [{ clientMessageId: 'a', text: 'x'.repeat(20_001) }, 'text'],
      [{ clientMessageId: 'a', language: 'fr' }, 'language'],
      [{ clientMessageId: 'a', extra: true }, '(body)'],
    ])('malformed body #%# is refused with its field path', async (body, path) => {
      const app = await build();
      const res = await app.inject({
        method: 'POST',
        url: `/webchat/api/sessions/${session}/messages`,
        payload: body,
      });
      expect(res.statusCode).toBe(400);
      const json = res.json<{ error: string; issues: { path: string }[] }>();
      expect(json.error).toBe('ERR_VALIDATION');
      expect(json.issues.map((i) => i.path)).toContain(path);
    });

    it('refuses a session id that is not one of ours', async () => {
      const app = await build();
      const res = await app.inject({ method: 'GET', url: '/webchat/api/sessions/short/messages' });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ issues: { path: string }[] }>().issues[0]!.path).toBe('sessionId');
    });

    it('refuses a body that is not JSON', async () => {
      const app = await build();
      const res = await app.inject({
        method: 'POST',
        url: `/webchat/api/sessions/${session}/messages`,
        headers: { 'content-type': 'application/json' },
        payload: '{not json',
      });
      expect(res.statusCode).toBe(400);
    });
  });
});
