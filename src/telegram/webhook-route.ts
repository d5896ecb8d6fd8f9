import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotReceivingError } from './not-receiving-error';
import { SECRET_HEADER, webhookSecretMatches } from './webhook-secret';

/** Enough of an update to know it is one; each bot's parser reads the rest. */
const UpdateBody = z.looseObject({ update_id: z.number().int().nonnegative() });

/** What a webhook route needs of a bot (TelegramBot, and the bots built on it). */
export interface WebhookReceiver {
  /** The path the route listens on and the secret Telegram presents; undefined in polling mode. */
  readonly webhook: { path: string; secret: string } | undefined;
  /** Resolves once the update was accepted or deliberately ignored; rejects when it could not be. */
  handleWebhookUpdate(update: unknown): Promise<void>;
}

/**
 * `POST <path of the bot's webhook URL>`: Telegram's webhook calls for one bot.
 * - A missing or wrong `X-Telegram-Bot-Api-Secret-Token` (compared in constant time) answers 403 and
 *   nothing is processed.
 * - 200 (empty) only once the update was accepted or deliberately ignored. A failure answers 5xx (503
 *   while the bot is not receiving), and Telegram delivers the update again later.
 */
export function addWebhookRoute(app: FastifyInstance, receiver: WebhookReceiver, botName: string): void {
  const webhook = receiver.webhook;
  if (!webhook) throw new Error(`the ${botName} webhook route needs the bot configured with a webhook URL`);

  // A NUL or half a surrogate pair anywhere in an update becomes U+FFFD: refused, it would only come again.
  app.post(
    webhook.path,
    { bodyLimit: 1024 * 1024, config: { repairText: 'everywhere' } },
    async (req, reply) => {
      if (!webhookSecretMatches(req.headers[SECRET_HEADER], webhook.secret)) {
        req.log.warn(`${botName} webhook call with a missing or wrong secret token`);
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
        await receiver.handleWebhookUpdate(body.data);
      } catch (error) {
        if (!(error instanceof NotReceivingError)) throw error;
        return reply.code(503).send({ error: error.code, message: error.message });
      }
      return reply.code(200).send();
    },
  );
}
