import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { buildApp } from '../../src/http/app';
import { TelegramBot, type TelegramBotOptions, type UpdateReceiver } from '../../src/telegram/telegram-bot';
import { TelegramError } from '../../src/telegram/telegram-errors';
import { addWebhookRoute } from '../../src/telegram/webhook-route';
import { freePort } from '../support/app-process';
import { FakeTelegramApi } from '../support/fake-telegram-api';

/**
 * The shared Telegram client (src/telegram/), over real HTTP against the Bot API stand-in: what both
 * bots rely on — nothing handed over is lost by polling, 429s are waited out as Telegram asks, posts
 * are paced, and webhook updates go one at a time when asked.
 */
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const CHAT = 4_200_001;
const GROUP = -1_004_200_000;

const state: { api?: FakeTelegramApi; dir?: string; bots: TelegramBot[] } = { bots: [] };
beforeEach(async () => {
  state.api = await FakeTelegramApi.start();
  state.dir = await mkdtemp(path.join(os.tmpdir(), 'tawasul-telegram-bot-'));
});
afterEach(async () => {
  for (const bot of state.bots.splice(0)) await bot.stop();
  await state.api?.close();
  if (state.dir) await rm(state.dir, { recursive: true, force: true });
});
const api = () => state.api as FakeTelegramApi;

function newBot(options: Partial<TelegramBotOptions> = {}): TelegramBot {
  const bot = new TelegramBot({
    token: api().token,
    apiRoot: api().apiRoot,
    name: 'test bot',
    variables: { token: 'TEST_BOT_TOKEN', webhookUrl: 'TEST_WEBHOOK_URL' },
    logger,
    documents: new FsDocumentStore(state.dir as string),
    pollTimeoutSeconds: 1,
    ...options,
  });
  state.bots.push(bot);
  return bot;
}

/** The texts of the updates a receiver was handed, in order (each attempt, accepted or not). */
const textOf = (update: unknown) => (update as { message?: { text?: string } }).message?.text ?? '?';

async function until(check: () => boolean, why: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${why} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('TelegramBot polling', () => {
  it('moves past an update only once it was accepted: a refused one comes again, before the next', async () => {
    const seen: string[] = [];
    let refusals = 2;
    const receiver: UpdateReceiver = async (update) => {
      seen.push(textOf(update));
      if (textOf(update) === 'first' && refusals-- > 0) throw new Error('database unavailable');
    };
    await newBot().start(receiver);
    api().sendText(CHAT, 'first');
    api().sendText(CHAT, 'second');
    await until(() => seen.includes('second'), 'the second update handed over');
    await api().waitForDrained();
    // Refused twice, then accepted; the second was not handed over while the first was refused.
    expect(seen).toEqual(['first', 'first', 'first', 'second']);
  });

  it('gives an update a crash interrupted to the next process, and not the ones it accepted', async () => {
    const first: string[] = [];
    let crash: ((error: Error) => void) | undefined;
    const crashing = newBot();
    await crashing.start(async (update) => {
      first.push(textOf(update));
      // The process dies while handing this one over: it never resolves (until the test ends).
      if (textOf(update) === 'interrupted') await new Promise((_, reject) => (crash = reject));
    });
    api().sendText(CHAT, 'accepted');
    await until(() => first.includes('accepted'), 'the first update accepted');
    api().sendText(CHAT, 'interrupted');
    await until(() => crash !== undefined, 'the crash');

    const next: string[] = [];
    const restarted = newBot();
    await restarted.start(async (update) => void next.push(textOf(update)));
    await until(() => next.length > 0, 'the update delivered again');
    await api().waitForDrained();
    expect(next).toEqual(['interrupted']);

    crash?.(new Error('killed'));
  });

  it('tells Telegram what was handled when it stops, and only that: a restart gets the rest', async () => {
    const seen: string[] = [];
    const bot = newBot();
    await bot.start(async (update) => {
      seen.push(textOf(update));
      if (textOf(update) === 'refused') throw new Error('database unavailable');
    });
    api().sendText(CHAT, 'once');
    await until(() => seen.includes('once'), 'the first update handed over');
    api().sendText(CHAT, 'refused');
    await until(() => seen.includes('refused'), 'the second update tried');
    await bot.stop();

    const again = newBot();
    await again.start(async (update) => void seen.push(`again: ${textOf(update)}`));
    api().sendText(CHAT, 'after the restart');
    await until(() => seen.includes('again: after the restart'), 'the next update handed over');
    expect(seen.filter((s) => s.startsWith('again'))).toEqual(['again: refused', 'again: after the restart']);
  });
});

describe('TelegramBot calls', () => {
  const sendTo = (bot: TelegramBot, chatId: number, text: string) =>
    bot.paced(chatId, () => bot.call('sendMessage', { chat_id: chatId, text }));

  it('waits out a 429 for its retry_after and tries again, up to floodRetries times', async () => {
    // A short pace of its own, so only Telegram's retry_after can explain the wait.
    const bot = newBot({ floodRetries: 1, pacing: { perChatIntervalMs: 10 } });
    api().failNextSend({ code: 429, description: 'Too Many Requests: retry after 2', retryAfter: 2 });
    const started = Date.now();
    const sent = await sendTo(bot, CHAT, 'وصلت');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1990);
    expect(api().refused.map((r) => r.code)).toEqual([429]);
    expect(
      api()
        .sent(CHAT)
        .map((m) => [m.messageId, m.text]),
    ).toEqual([[sent.message_id, 'وصلت']]);

    // Past its retries, the 429 is thrown.
    for (let i = 0; i < 2; i++)
      api().failNextSend({ code: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
    await expect(sendTo(bot, CHAT, 'x')).rejects.toMatchObject({ code: 429 });
    expect(api().sent(CHAT)).toHaveLength(1);
  });

  it('without retries, throws the 429 and keeps only that chat quiet for retry_after', async () => {
    const bot = newBot({ floodRetries: 0, pacing: { perChatIntervalMs: 10 } });
    api().failNextSend({ code: 429, description: 'Too Many Requests: retry after 2', retryAfter: 2 }, CHAT);
    const refused = await sendTo(bot, CHAT, 'x').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TelegramError);
    const refusedAt = Date.now();
    await Promise.all([sendTo(bot, CHAT, 'held'), sendTo(bot, CHAT + 1, 'not held')]);
    expect(api().sent(CHAT)[0]!.at - refusedAt).toBeGreaterThanOrEqual(1990);
    expect(api().sent(CHAT + 1)[0]!.at - refusedAt).toBeLessThan(500);
  });

  it('paces posts to a group to its limit: a burst waits instead of being refused', async () => {
    await api().close();
    state.api = await FakeTelegramApi.start({ limits: { group: { max: 5, windowMs: 1000 } } });
    api().addGroup(GROUP, { forum: false });
    const bot = newBot({ pacing: { groupIntervalMs: 210 } });
    const started = Date.now();
    await Promise.all(Array.from({ length: 8 }, (_, i) => sendTo(bot, GROUP, `#${i + 1}`)));
    expect(api().tooManyRequests).toBe(0);
    expect(api().peakSends(1000, GROUP)).toBeLessThanOrEqual(5);
    expect(
      api()
        .sent(GROUP)
        .map((m) => m.text),
    ).toEqual(Array.from({ length: 8 }, (_, i) => `#${i + 1}`));
    expect(Date.now() - started).toBeGreaterThanOrEqual(7 * 210);
  });
});

describe('TelegramBot webhook', () => {
  const secret = 'bot-secret-0123456789abcdef';

  async function webhookBot(options: Partial<TelegramBotOptions>, receiver: UpdateReceiver) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hook`;
    const bot = newBot({ webhook: { url, secret }, ...options });
    const app = await buildApp({ logger, readiness: {} });
    addWebhookRoute(app, bot, 'test bot');
    await app.listen({ host: '127.0.0.1', port });
    await bot.start(receiver);
    const post = (update: object, presented = secret) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': presented },
        body: JSON.stringify(update),
      }).then(async (res) => (await res.arrayBuffer(), res.status));
    return { bot, app, post };
  }

  const update = (id: number, text: string) => ({
    update_id: id,
    message: { message_id: id, date: 1, chat: { id: CHAT, type: 'private' }, text },
  });

  it('in order: a call arriving while one is handled waits its turn; Telegram is asked for one connection', async () => {
    const log: string[] = [];
    const { app, post } = await webhookBot({ inOrder: true }, async (received) => {
      log.push(`start ${textOf(received)}`);
      await new Promise((resolve) => setTimeout(resolve, textOf(received) === 'slow' ? 300 : 1));
      log.push(`end ${textOf(received)}`);
    });
    try {
      const setWebhook = api().calls.find((c) => c.method === 'setWebhook');
      expect(setWebhook?.params).toMatchObject({ secret_token: secret, max_connections: 1 });
      expect(await Promise.all([post(update(1, 'slow')), post(update(2, 'quick'))])).toEqual([200, 200]);
      expect(log).toEqual(['start slow', 'end slow', 'start quick', 'end quick']);
    } finally {
      await api().close();
      await app.close();
    }
  });

  it('answers 5xx while an update cannot be accepted, 403 to a wrong secret, 503 once stopped', async () => {
    let failures = 1;
    const seen: string[] = [];
    const { bot, app, post } = await webhookBot({}, async (received) => {
      if (failures-- > 0) throw new Error('database unavailable');
      seen.push(textOf(received));
    });
    try {
      expect(await post(update(1, 'hello'))).toBe(500);
      expect(await post(update(1, 'hello'))).toBe(200);
      expect(await post(update(2, 'forged'), `${secret}x`)).toBe(403);
      expect(seen).toEqual(['hello']);
      await bot.stop();
      expect(await post(update(3, 'late'))).toBe(503);
    } finally {
      await api().close();
      await app.close();
    }
  });
});
