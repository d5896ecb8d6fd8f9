import { TelegramError } from 'telegraf';

/**
 * telegraf's error for a call the Bot API refused (`code`, `description`, `parameters.retry_after`).
 * Re-exported so the bots outside this folder can tell refusals apart without importing telegraf.
 */
export { TelegramError };

/** The environment variables an operator fixes a bot's errors with (named in hints). */
export interface BotVariables {
  token: string;
  webhookUrl: string;
}

/** Removes a bot token from a text (telegraf puts it in request URLs, and so do file downloads). */
export const redactToken = (text: string) => text.replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot<token>');

/**
 * How long Telegram asked us to wait after a `429 Too Many Requests` (its `retry_after`, at least a
 * second), in ms; undefined for any other outcome.
 */
export function floodWaitMs(error: unknown): number | undefined {
  if (!(error instanceof TelegramError) || error.code !== 429) return undefined;
  return Math.max(1, error.parameters?.retry_after ?? 1) * 1000;
}

/** A log-safe summary of an error: no request payloads (people's messages), no token. */
export function describeError(error: unknown): { type: string; code?: number | string; message: string } {
  if (error instanceof TelegramError)
    return { type: 'TelegramError', code: error.code, message: redactToken(error.description) };
  const err = error as { name?: string; code?: string; message?: string };
  return { type: err.name ?? 'Error', code: err.code, message: redactToken(err.message ?? String(error)) };
}

/** What the operator can do about an error only they can fix (logged with it). */
export function hintFor(error: unknown, variables: BotVariables): string | undefined {
  if (!(error instanceof TelegramError)) return undefined;
  if (error.code === 409)
    return `another process polls with this token, or a webhook is set: run one Tawasul per bot, or set ${variables.webhookUrl} everywhere`;
  if (error.code === 401 || error.code === 404)
    return `the bot token is wrong or was revoked: copy it again from @BotFather into ${variables.token}`;
  return undefined;
}

/** Telegram's `retry_after` when it gives one; otherwise 0.5 s doubling up to 30 s. */
export function backoffMs(error: unknown, failures: number): number {
  const retryAfter = error instanceof TelegramError ? error.parameters?.retry_after : undefined;
  if (retryAfter !== undefined) return retryAfter * 1000;
  return Math.min(30_000, 500 * 2 ** (failures - 1));
}
