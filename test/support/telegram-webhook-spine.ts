import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { TelegramChannel } from '../../src/channels/telegram/telegram-channel';
import { telegramWebhookRoutes } from '../../src/channels/telegram/telegram-webhook-routes';
import { loadProfile } from '../../src/config/load-profile';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { buildApp } from '../../src/http/app';
import { startRuntime } from '../../src/runtime';
import type { Database } from '../../src/store/database';
import { freePort } from './app-process';
import { FakeTelegramApi } from './fake-telegram-api';
import { DEMO_PROFILE_PATH } from './flow-driver';
import { freshQueuePrefix, TEST_REDIS_URL } from './spine-harness';

/**
 * The whole spine behind the beneficiary bot's webhook, served over HTTP as the app serves it, with the
 * Bot API stand-in on the other side. `url` takes Telegram's POSTs (with `secret` in its header).
 */
export async function startTelegramWebhookSpine(db: Database, secret: string) {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'tawasul-webhook-'));
  const api = await FakeTelegramApi.start();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/telegram/webhook`;
  const telegram = new TelegramChannel({
    token: api.token,
    apiRoot: api.apiRoot,
    webhook: { url, secret },
    documents: new FsDocumentStore(folder),
    logger: pino({ level: 'silent' }),
  });
  const runtime = await startRuntime({
    db,
    redisUrl: TEST_REDIS_URL,
    profile: loadProfile(DEMO_PROFILE_PATH),
    channels: [telegram],
    logger: pino({ level: 'silent' }),
    queuePrefix: freshQueuePrefix(),
    recoverIntervalMs: 500,
  });
  const app = await buildApp({ logger: pino({ level: 'silent' }), readiness: {} });
  await app.register(telegramWebhookRoutes, { channel: telegram });
  await app.listen({ host: '127.0.0.1', port });
  return {
    api,
    runtime,
    url,
    async stop() {
      await api.close();
      await app.close();
      await runtime.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
