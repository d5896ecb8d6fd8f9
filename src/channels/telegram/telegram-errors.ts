import { TelegramError } from 'telegraf';
import type { SendResult } from '../channel-adapter';

type Failure = Extract<SendResult, { ok: false }>;

/** Removes a bot token from a text (telegraf puts it in request URLs, and so do file downloads). */
export const redactToken = (text: string) => text.replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot<token>');

/**
 * What a failed Bot API call means for the message: retry later, or give up.
 * - 429: Telegram's flood control; retry after `retry_after` seconds, as Telegram asks.
 * - 5xx and network faults: Telegram or the way to it is unwell; retry with backoff.
 * - 401/404: the token is wrong or revoked; retried, so messages go out once the operator fixes it.
 * - 403 (the person blocked the bot, or never started it) and other 4xx (chat not found, bad
 *   request): sending again cannot help.
 */
export function toSendFailure(error: unknown): Failure {
  if (error instanceof TelegramError) {
    const code = error.code;
    const what = redactToken(`telegram ${code}: ${error.description}`);
    if (code === 429) {
      const seconds = error.parameters?.retry_after ?? 1;
      return { ok: false, retryable: true, error: what, retryAfterMs: Math.max(1, seconds) * 1000 };
    }
    if (code >= 500) return { ok: false, retryable: true, error: what };
    if (code === 401 || code === 404) {
      return {
        ok: false,
        retryable: true,
        error: `${what} (the bot token is wrong or was revoked: copy it again from @BotFather into TELEGRAM_BOT_TOKEN)`,
      };
    }
    return { ok: false, retryable: false, error: what };
  }
  const err = error as { name?: string; code?: string; message?: string };
  const detail = err.code ?? err.name ?? 'Error';
  return {
    ok: false,
    retryable: true,
    error: redactToken(`telegram unreachable: ${detail}: ${err.message ?? String(error)}`).slice(0, 500),
  };
}

/** A log-safe summary of an error: no request payloads (people's messages), no token. */
export function describeError(error: unknown): { type: string; code?: number | string; message: string } {
  if (error instanceof TelegramError)
    return { type: 'TelegramError', code: error.code, message: redactToken(error.description) };
  const err = error as { name?: string; code?: string; message?: string };
  return { type: err.name ?? 'Error', code: err.code, message: redactToken(err.message ?? String(error)) };
}

/** What the operator can do about an error only they can fix (logged with it). */
export function hintFor(error: unknown): string | undefined {
  if (!(error instanceof TelegramError)) return undefined;
  if (error.code === 409)
    return 'another process polls with this token, or a webhook is set: run one Tawasul per bot, or set TELEGRAM_WEBHOOK_URL everywhere';
  if (error.code === 401 || error.code === 404)
    return 'the bot token is wrong or was revoked: copy it again from @BotFather into TELEGRAM_BOT_TOKEN';
  return undefined;
}

/** Telegram's `retry_after` when it gives one; otherwise 0.5 s doubling up to 30 s. */
export function backoffMs(error: unknown, failures: number): number {
  const retryAfter = error instanceof TelegramError ? error.parameters?.retry_after : undefined;
  if (retryAfter !== undefined) return retryAfter * 1000;
  return Math.min(30_000, 500 * 2 ** (failures - 1));
}
