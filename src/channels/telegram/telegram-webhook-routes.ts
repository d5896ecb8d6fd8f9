import type { FastifyInstance } from 'fastify';
import { addWebhookRoute } from '../../telegram/webhook-route';
import type { TelegramChannel } from './telegram-channel';

/**
 * `POST <path of TELEGRAM_WEBHOOK_URL>` (e.g. `/telegram/webhook`): the beneficiary bot's webhook
 * (statuses in docs/channels/telegram.md). 200 only once the spine accepted the update.
 */
export async function telegramWebhookRoutes(
  app: FastifyInstance,
  opts: { channel: TelegramChannel },
): Promise<void> {
  addWebhookRoute(app, opts.channel, 'telegram');
}
