import { createHash, timingSafeEqual } from 'node:crypto';

/** The header Telegram sends with every webhook call when `setWebhook` was given a `secret_token`. */
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * Compares the secret a webhook caller presented with ours in constant time. Both sides are hashed
 * first so `timingSafeEqual` always sees two buffers of equal length: a plain comparison would leak
 * the secret's length (or, byte by byte, the secret) through its timing.
 */
export function webhookSecretMatches(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string' || expected === '') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
