import { TelegramError } from 'telegraf';
import { toSendFailure } from '../../../src/channels/telegram/send-failure';

const telegramError = (error_code: number, description: string, retry_after?: number) =>
  new TelegramError({
    error_code,
    description,
    parameters: retry_after === undefined ? undefined : { retry_after },
  });

describe('toSendFailure', () => {
  it('turns 429 into a retry after Telegram’s retry_after', () => {
    expect(toSendFailure(telegramError(429, 'Too Many Requests: retry after 7', 7))).toEqual({
      ok: false,
      retryable: true,
      retryAfterMs: 7000,
      error: 'telegram 429: Too Many Requests: retry after 7',
    });
  });

  it.each([
    [500, 'Internal Server Error'],
    [502, 'Bad Gateway'],
  ])('retries a %i', (code, description) => {
    expect(toSendFailure(telegramError(code, description))).toMatchObject({ ok: false, retryable: true });
  });

  it.each([
    [403, 'Forbidden: bot was blocked by the user'],
    [400, 'Bad Request: chat not found'],
  ])('gives up on a %i', (code, description) => {
    expect(toSendFailure(telegramError(code, description))).toEqual({
      ok: false,
      retryable: false,
      error: `telegram ${code}: ${description}`,
    });
  });

  it('retries a refused token and says how to fix it', () => {
    const failure = toSendFailure(telegramError(401, 'Unauthorized'));
    expect(failure.retryable).toBe(true);
    expect(failure.error).toContain('@BotFather');
  });

  it('retries a network fault without leaking the token from the URL', () => {
    const error = Object.assign(
      new Error(
        'request to http://127.0.0.1:9/bot123456:AAE-secret_x/sendMessage failed, reason: connect ECONNREFUSED',
      ),
      { name: 'FetchError', code: 'ECONNREFUSED' },
    );
    const failure = toSendFailure(error);
    expect(failure.retryable).toBe(true);
    expect(failure.error).toContain('ECONNREFUSED');
    expect(failure.error).not.toContain('AAE-secret_x');
  });
});
