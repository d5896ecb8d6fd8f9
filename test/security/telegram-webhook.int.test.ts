import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { TelegramChannel } from '../../src/channels/telegram/telegram-channel';
import { telegramWebhookRoutes } from '../../src/channels/telegram/telegram-webhook-routes';
import { loadProfile } from '../../src/config/load-profile';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { buildApp } from '../../src/http/app';
import { startRuntime, type Runtime } from '../../src/runtime';
import { freePort } from '../support/app-process';
import { describeEachDatabase } from '../support/databases';
import { FakeTelegramApi } from '../support/fake-telegram-api';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { freshQueuePrefix, TEST_REDIS_URL } from '../support/spine-harness';

/**
 * The Telegram webhook through the whole spine: a replayed update — the same update_id again (as
 * Telegram redelivers after a timeout), later again, or re-posted under a new update_id — is answered
 * 200 and processed once, so the person gets one reply; a forged call without the secret is refused
 * and reaches nothing. (test/channels/telegram.int.test.ts checks the secret comparison itself.)
 */
const CHAT = 4_300_777;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachDatabase(
  'Telegram webhook: replayed and forged updates',
  (getDb) => {
    let runtime: Runtime;
    let app: FastifyInstance;
    let api: FakeTelegramApi;
    let folder = '';
    let url = '';
    const secret = 'replay-secret-0123456789abcdef';

    beforeAll(async () => {
      folder = await mkdtemp(path.join(os.tmpdir(), 'tawasul-replay-'));
      api = await FakeTelegramApi.start();
      const port = await freePort();
      url = `http://127.0.0.1:${port}/telegram/webhook`;
      const telegram = new TelegramChannel({
        token: api.token,
        apiRoot: api.apiRoot,
        webhook: { url, secret },
        documents: new FsDocumentStore(folder),
        logger: pino({ level: 'silent' }),
      });
      runtime = await startRuntime({
        db: getDb(),
        redisUrl: TEST_REDIS_URL,
        profile: loadProfile(DEMO_PROFILE_PATH),
        channels: [telegram],
        logger: pino({ level: 'silent' }),
        queuePrefix: freshQueuePrefix(),
        recoverIntervalMs: 500,
      });
      app = await buildApp({ logger: pino({ level: 'silent' }), readiness: {} });
      await app.register(telegramWebhookRoutes, { channel: telegram });
      await app.listen({ host: '127.0.0.1', port });
    }, 60_000);

    afterAll(async () => {
      await api?.close();
      await app?.close();
      await runtime?.stop();
      await rm(folder, { recursive: true, force: true });
    });

    const post = async (
      update: object,
      headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': secret },
    ) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(update),
      });
      await res.arrayBuffer();
      return res.status;
    };
    const inbound = async () =>
      (
        await getDb().query<{ id: string }>(
          `SELECT channel_message_id AS id FROM inbound_messages WHERE channel = 'telegram' ORDER BY id`,
        )
      ).rows.map((r) => r.id);

    it('processes a replayed update once and answers it once', async () => {
      // Telegram delivers it (through its webhook call), then the same update arrives again and again.
      const update = api.sendText(CHAT, 'السلام عليكم');
      await api.waitForDrained();
      expect(await Promise.all([post(update), post(update)])).toEqual([200, 200]);
      await runtime.service.idle();
      await sleep(300);
      expect(await post(update)).toBe(200);
      expect(await post({ ...update, update_id: update.update_id + 10_000 })).toBe(200);
      await runtime.service.idle();

      expect(await inbound()).toEqual([
        `${CHAT}-${(update as unknown as { message: { message_id: number } }).message.message_id}`,
      ]);
      const deadline = Date.now() + 10_000;
      while (api.sent(CHAT).length === 0 && Date.now() < deadline) await sleep(50);
      await sleep(1_500); // room for a second reply, were there one
      expect(api.sent(CHAT)).toHaveLength(1);
      expect(api.sent(CHAT)[0]?.text).toContain('Choose your language');
    }, 30_000);

    it('refuses a forged update (no secret, or a wrong one) before it reaches the spine', async () => {
      const before = await inbound();
      const forged = {
        update_id: 77_001,
        message: {
          message_id: 99,
          date: Math.floor(Date.now() / 1000),
          chat: { id: CHAT + 1, type: 'private' },
          from: { id: CHAT + 1, is_bot: false, first_name: 'x' },
          text: 'forged',
        },
      };
      expect(await post(forged, {})).toBe(403);
      expect(await post(forged, { 'x-telegram-bot-api-secret-token': `${secret}x` })).toBe(403);
      expect(await post(forged, { 'x-telegram-bot-api-secret-token': secret.toUpperCase() })).toBe(403);
      await runtime.service.idle();
      expect(await inbound()).toEqual(before);
      expect(api.sent(CHAT + 1)).toEqual([]);
    });
  },
  { migrate: false },
);
