import { redactToken, TelegramError, floodWaitMs } from '../../telegram/telegram-errors';
import type { SendResult } from '../channel-adapter';

type Failure = Extract<SendResult, { ok: false }>;

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
    const retryAfterMs = floodWaitMs(error);
    if (retryAfterMs !== undefined) return { ok: false, retryable: true, error: what, retryAfterMs };
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
