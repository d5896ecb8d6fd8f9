import type { Database } from '../../src/store/database';
import { freePort } from './app-process';
import { FakeTelegramApi } from './fake-telegram-api';
import { startTestTawasul } from './spine-harness';

/**
 * The whole spine behind the beneficiary bot's webhook, served over HTTP as the app serves it, with the
 * Bot API stand-in on the other side. `url` takes Telegram's POSTs (with `secret` in its header).
 */
export async function startTelegramWebhookSpine(db: Database, secret: string) {
  const api = await FakeTelegramApi.start();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/telegram/webhook`;
  const runtime = await startTestTawasul(db, {
    channels: { telegram: { token: api.token, apiRoot: api.apiRoot, webhook: { url, secret } } },
    http: { host: '127.0.0.1', port, console: false },
  });
  return {
    api,
    runtime,
    url,
    async stop() {
      await api.close();
      await runtime.stop();
    },
  };
}
