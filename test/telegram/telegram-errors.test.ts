import {
  backoffMs,
  describeError,
  floodWaitMs,
  hintFor,
  TelegramError,
} from '../../src/telegram/telegram-errors';

const refusal = (error_code: number, description: string, retry_after?: number) =>
  new TelegramError({
    error_code,
    description,
    parameters: retry_after === undefined ? undefined : { retry_after },
  });
const staffBot = { token: 'STAFF_TELEGRAM_BOT_TOKEN', webhookUrl: 'STAFF_TELEGRAM_WEBHOOK_URL' };

describe('Telegram errors', () => {
  it('reads how long a 429 asks to wait, at least a second; nothing for other outcomes', () => {
    expect(floodWaitMs(refusal(429, 'Too Many Requests: retry after 7', 7))).toBe(7000);
    expect(floodWaitMs(refusal(429, 'Too Many Requests', 0))).toBe(1000);
    expect(floodWaitMs(refusal(429, 'Too Many Requests'))).toBe(1000);
    expect(floodWaitMs(refusal(500, 'Internal Server Error'))).toBeUndefined();
    expect(floodWaitMs(new Error('ECONNRESET'))).toBeUndefined();
  });

  it('polls again after Telegram’s retry_after when it gave one, else backs off doubling to 30 s', () => {
    expect(backoffMs(refusal(429, 'Too Many Requests: retry after 12', 12), 1)).toBe(12_000);
    expect([1, 2, 3, 7, 20].map((failures) => backoffMs(new Error('ECONNREFUSED'), failures))).toEqual([
      500, 1000, 2000, 30_000, 30_000,
    ]);
  });

  it('hints at the fix with the bot’s own variables', () => {
    expect(hintFor(refusal(401, 'Unauthorized'), staffBot)).toContain('STAFF_TELEGRAM_BOT_TOKEN');
    expect(hintFor(refusal(409, 'Conflict: terminated by other getUpdates request'), staffBot)).toContain(
      'STAFF_TELEGRAM_WEBHOOK_URL',
    );
    expect(hintFor(refusal(400, 'Bad Request: chat not found'), staffBot)).toBeUndefined();
  });

  it('describes an error without the token', () => {
    const error = new Error('request to http://127.0.0.1:9/bot123456:AAE-secret_x/getUpdates failed');
    expect(describeError(error).message).toBe('request to http://127.0.0.1:9/bot<token>/getUpdates failed');
  });
});
