import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ChannelNotReceivingError } from './channel-not-receiving-error';
import type { TelegramChannel } from './telegram-channel';
import { SECRET_HEADER, webhookSecretMatches } from './webhook-secret';

/** Enough of an update to know it is one; `mapUpdate` reads the rest. */
const UpdateBody = z.looseObject({ update_id: z.number().int().nonnegative() });

/**
 * `POST <path of TELEGRAM_WEBHOOK_URL>` (e.g. `/telegram/webhook`): Telegram's webhook calls.
 * - A missing or wrong `X-Telegram-Bot-Api-Secret-Token` answers 403 and nothing is processed.
 * - 200 (empty) only once the update was accepted or deliberately ignored. A failure answers 5xx, and
 *   Telegram delivers the update again later (the spine drops it if it was accepted after all).
 */
export async function telegramWebhookRoutes(
  app: FastifyInstance,
  opts: { channel: TelegramChannel },
): Promise<void> {
  const { channel } = opts;
  const webhook = channel.webhook;
  if (!webhook) throw new Error('telegramWebhookRoutes needs a TelegramChannel configured with a webhook');

  app.post(webhook.path, { bodyLimit: 1024 * 1024 }, async (req, reply) => {
    if (!webhookSecretMatches(req.headers[SECRET_HEADER], webhook.secret)) {
      req.log.warn('telegram webhook call with a missing or wrong secret token');
      return reply.code(403).send({
        error: 'ERR_FORBIDDEN',
        message: 'missing or wrong X-Telegram-Bot-Api-Secret-Token',
      });
    }
    const body = UpdateBody.safeParse(req.body);
    if (!body.success) {
      return reply.code(400).send({
        error: 'ERR_VALIDATION',
        issues: body.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
      });
    }
    try {
      await channel.handleWebhookUpdate(body.data);
    } catch (error) {
      if (!(error instanceof ChannelNotReceivingError)) throw error;
      return reply.code(503).send({ error: error.code, message: error.message });
    }
    return reply.code(200).send();
  });
}
