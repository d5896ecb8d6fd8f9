import type { FastifyInstance } from 'fastify';
import { addWebhookRoute } from '../telegram/webhook-route';
import type { StaffBot } from './staff-bot';

/**
 * `POST <path of STAFF_TELEGRAM_WEBHOOK_URL>` (e.g. `/telegram/staff-webhook`): the staff bot's
 * webhook, answered as the beneficiary bot's is (docs/staff-bot.md): 403 for a missing or wrong
 * secret, 200 once the press or message was handled, 503 while the staff bot is not running.
 */
export async function staffBotWebhookRoutes(
  app: FastifyInstance,
  opts: { staffBot: StaffBot },
): Promise<void> {
  addWebhookRoute(app, opts.staffBot, 'staff bot');
}
