import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { AcceptResult, SendResult } from '../../src/channels/channel-adapter';
import { TelegramChannel, type TelegramChannelOptions } from '../../src/channels/telegram/telegram-channel';
import { telegramWebhookRoutes } from '../../src/channels/telegram/telegram-webhook-routes';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import type { InboundMessageInput } from '../../src/domain/inbound-message';
import type { OutboundMessage } from '../../src/domain/outbound-message';
import { buildApp } from '../../src/http/app';
import { CONTRACT_SAMPLES } from './channel-contract';
import { FakeTelegramApi, type SentMessage } from '../support/fake-telegram-api';
import { describeEachDatabase } from '../support/databases';
import { startTestTawasul } from '../support/spine-harness';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
// Real HTTP and real pacing (one message per second per chat) take seconds, not milliseconds.
jest.setTimeout(30_000);
const AMAL = 4_100_001;

/** A fake Bot API, a document folder, and channels started against them; all closed after each test. */
function setup() {
  const state: { api?: FakeTelegramApi; dir?: string; channels: TelegramChannel[] } = { channels: [] };
  beforeEach(async () => {
    state.api = await FakeTelegramApi.start();
    state.dir = await mkdtemp(path.join(os.tmpdir(), 'tawasul-telegram-'));
  });
  afterEach(async () => {
    for (const channel of state.channels.splice(0)) await channel.stop();
    await state.api?.close();
    if (state.dir) await rm(state.dir, { recursive: true, force: true });
  });
  const api = () => state.api as FakeTelegramApi;
  const documents = () => new FsDocumentStore(state.dir as string);
  const channel = (options: Partial<TelegramChannelOptions> = {}) => {
    const created = new TelegramChannel({
      token: api().token,
      apiRoot: api().apiRoot,
      documents: documents(),
      logger,
      ...options,
    });
    state.channels.push(created);
    return created;
  };
  return { api, documents, channel };
}

/** A spine stand-in that records what the channel hands over. */
function recorder(answer: () => Promise<AcceptResult> = async () => accepted) {
  const received: InboundMessageInput[] = [];
  let wake: (() => void) | undefined;
  return {
    received,
    handler: async (message: InboundMessageInput) => {
      const result = await answer();
      received.push(message);
      wake?.();
      return result;
    },
    async next(count: number, timeoutMs = 10_000): Promise<InboundMessageInput[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`got ${received.length} of ${count} messages`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      return received.slice(0, count);
    },
  };
}
const accepted: AcceptResult = { status: 'accepted', conversationId: 'c' };
let keys = 0;
const send = (channel: TelegramChannel, to: number, message: OutboundMessage): Promise<SendResult> =>
  channel.send(String(to), message, { idempotencyKey: `outbox-t${++keys}` });
const text = (t: string): OutboundMessage => ({ kind: 'text', text: t });

describe('Telegram channel in polling mode', () => {
  const { api, channel, documents } = setup();

  it('hands texts over in order with who sent them, and /start deep-link payloads as text', async () => {
    const spine = recorder();
    await channel().start(spine.handler);
    api().sendText(AMAL, '/start service-food-basket');
    api().sendText(AMAL, 'السلام عليكم');
    api().sendText(AMAL, 'ماهي شروط المساعده');
    const [start, hello, question] = await spine.next(3);
    expect(start).toMatchObject({
      channel: 'telegram',
      channelMessageId: `${AMAL}-1`,
      text: '/start service-food-basket',
      sender: { channelUserId: String(AMAL), displayName: 'Amal Saleh', languageHint: 'ar' },
    });
    expect(hello?.text).toBe('السلام عليكم');
    expect(question?.channelMessageId).toBe(`${AMAL}-3`);
    expect(api().calls.filter((c) => c.method === 'deleteWebhook')).toHaveLength(1);
  });

  it('turns a button press into its choice id and answers the callback query', async () => {
    const spine = recorder();
    const telegram = channel();
    await telegram.start(spine.handler);
    api().sendText(AMAL, 'hi');
    await spine.next(1);
    await send(telegram, AMAL, {
      kind: 'choices',
      text: 'اختر لغتك',
      choices: [
        { id: 'ar', label: 'العربية' },
        { id: 'en', label: 'English' },
      ],
    });
    const [menu] = await api().waitForSent(AMAL, 1);
    expect(menu?.buttons).toEqual([
      { text: 'العربية', data: 'ar', requestLocation: undefined },
      { text: 'English', data: 'en', requestLocation: undefined },
    ]);
    const queryId = api().pressButton(AMAL, 'en');
    const [, press] = await spine.next(2);
    expect(press).toMatchObject({ choiceId: 'en', text: 'English', channelMessageId: `cb-${queryId}` });
    await api().waitForCallbackAnswer(queryId);
  });

  it('stores photos, documents and voice notes in the document store; stickers and locations need none', async () => {
    const spine = recorder();
    await channel().start(spine.handler);
    const { image, document, voice } = CONTRACT_SAMPLES;
    api().sendPhoto(AMAL, image.bytes, { caption: 'صورة الهوية' });
    api().sendDocument(AMAL, document.bytes, { fileName: 'salary.pdf', mimeType: 'application/pdf' });
    api().sendVoice(AMAL, voice.bytes);
    api().sendSticker(AMAL);
    api().sendLocation(AMAL, 21.422487, 39.826206);
    const [photo, pdf, note, sticker, place] = await spine.next(5);

    expect(photo).toMatchObject({
      text: 'صورة الهوية',
      media: [{ kind: 'image', mimeType: 'image/png', ref: image.ref, sizeBytes: image.bytes.length }],
    });
    expect(pdf).toMatchObject({
      media: [{ kind: 'document', mimeType: 'application/pdf', fileName: 'salary.pdf', ref: document.ref }],
    });
    expect(note).toMatchObject({ media: [{ kind: 'voice', mimeType: 'audio/ogg', ref: voice.ref }] });
    for (const sample of [image, document, voice]) {
      expect(await documents().get(sample.ref)).toEqual(sample.bytes);
    }
    expect(sticker?.media).toEqual([expect.objectContaining({ kind: 'sticker', mimeType: 'image/webp' })]);
    expect(sticker?.media?.[0]?.ref).toBeUndefined();
    expect(place).toMatchObject({ location: { latitude: 21.422487, longitude: 39.826206 }, media: [] });
  });

  it('does not download a file over 10 MB: it arrives listed, without a ref', async () => {
    const spine = recorder();
    await channel().start(spine.handler);
    api().sendDocument(AMAL, Buffer.from('%PDF-1.4 tiny'), {
      fileName: 'scan.pdf',
      declaredSize: 12 * 1024 * 1024,
    });
    const [big] = await spine.next(1);
    expect(big?.media).toEqual([
      { kind: 'document', mimeType: 'application/pdf', fileName: 'scan.pdf', sizeBytes: 12 * 1024 * 1024 },
    ]);
    expect(api().calls.some((c) => c.method === 'getFile')).toBe(false);
  });

  it('ignores groups, channels and edited messages, and goes on with the next update', async () => {
    const spine = recorder();
    await channel().start(spine.handler);
    api().sendGroupText(-100_200, AMAL, 'hello staff');
    api().editText(AMAL, 1, 'edited');
    api().injectUpdate({
      channel_post: { message_id: 1, date: 1, chat: { id: -100_300, type: 'channel' }, text: 'x' },
    });
    api().sendText(AMAL, 'after');
    const [only] = await spine.next(1);
    expect(only?.text).toBe('after');
    await api().waitForDrained();
    expect(spine.received).toHaveLength(1);
  });

  it('keeps an update Telegram-side until the spine accepted it: a failed accept is fetched again', async () => {
    let failures = 1;
    const spine = recorder(async () => {
      if (failures-- > 0) throw new Error('database unavailable');
      return accepted;
    });
    await channel().start(spine.handler);
    api().sendText(AMAL, 'first');
    api().sendText(AMAL, 'second');
    const [first, second] = await spine.next(2);
    expect([first?.text, second?.text]).toEqual(['first', 'second']);
    // The first attempt threw before it was recorded: each message was accepted exactly once.
    expect(spine.received.map((m) => m.text)).toEqual(['first', 'second']);
  });

  it('stops promptly while a long poll is waiting', async () => {
    const telegram = channel({ pollTimeoutSeconds: 50 });
    await telegram.start(recorder().handler);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await telegram.stop();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('Telegram channel sending', () => {
  const { api, channel, documents } = setup();

  it('sends choices as an inline keyboard, a document from the store, and a location request button', async () => {
    const telegram = channel();
    const stored = await documents().put(CONTRACT_SAMPLES.document.bytes, { fileName: 'form.pdf' });
    expect(
      await send(telegram, AMAL, {
        kind: 'document',
        ref: stored.ref,
        fileName: 'form.pdf',
        mimeType: 'application/pdf',
        caption: 'نموذج الطلب',
      }),
    ).toMatchObject({ ok: true });
    expect(await send(telegram, AMAL, { kind: 'location-request', text: 'شارك موقعك' })).toMatchObject({
      ok: true,
    });
    expect(await send(telegram, AMAL, text('شكرًا'))).toMatchObject({ ok: true });
    const [doc, ask, thanks] = api().sent(AMAL);
    expect(doc).toMatchObject({
      method: 'sendDocument',
      text: 'نموذج الطلب',
      document: { fileName: 'form.pdf' },
    });
    expect(doc?.document?.bytes).toEqual(CONTRACT_SAMPLES.document.bytes);
    expect(ask?.buttons).toEqual([{ text: '📍', data: undefined, requestLocation: true }]);
    // The reply keyboard is taken away with the next plain message.
    expect(thanks?.replyMarkup).toEqual({ remove_keyboard: true });
  });

  it('splits a long text into messages of at most 4096 characters', async () => {
    const telegram = channel();
    const paragraph = 'يحق للمستفيد الاطلاع على بياناته وتصحيحها وطلب إتلافها. '.repeat(30).trim();
    const long = Array.from({ length: 6 }, () => paragraph).join('\n\n');
    expect(await send(telegram, AMAL, text(long))).toMatchObject({ ok: true });
    const parts = api().sent(AMAL);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.text.length).toBeLessThanOrEqual(4096);
    expect(parts.map((p) => p.text).join('\n\n')).toBe(long);
  });

  it('when a later part of a split message fails, the retry sends only the parts not yet delivered', async () => {
    const telegram = channel();
    const long = `${'أ'.repeat(4000)}\n\n${'ب'.repeat(4000)}`;
    api().failNextSend('retryable', AMAL, 1);
    const meta = { idempotencyKey: 'outbox-split-1' };
    expect(await telegram.send(String(AMAL), text(long), meta)).toMatchObject({ ok: false, retryable: true });
    expect(
      api()
        .sent(AMAL)
        .map((m) => m.text[0]),
    ).toEqual(['أ']);
    expect(await telegram.send(String(AMAL), text(long), meta)).toMatchObject({ ok: true });
    expect(
      api()
        .sent(AMAL)
        .map((m) => m.text[0]),
    ).toEqual(['أ', 'ب']);
  });

  it('maps refusals to results: blocked and unknown chats are permanent, 5xx and an unreachable API retryable', async () => {
    const telegram = channel();
    api().block(AMAL);
    expect(await send(telegram, AMAL, text('x'))).toEqual({
      ok: false,
      retryable: false,
      error: 'telegram 403: Forbidden: bot was blocked by the user',
    });
    api().failNextSend({ code: 400, description: 'Bad Request: chat not found' });
    expect(await send(telegram, 42, text('x'))).toMatchObject({
      ok: false,
      retryable: false,
      error: expect.stringContaining('chat not found'),
    });
    api().failNextSend('retryable');
    expect(await send(telegram, 43, text('x'))).toMatchObject({ ok: false, retryable: true });
    expect(await telegram.send('not-a-chat', text('x'), { idempotencyKey: 'k' })).toMatchObject({
      ok: false,
      retryable: false,
    });

    const unreachable = channel({ apiRoot: `http://127.0.0.1:${await closedPort()}` });
    const result = await send(unreachable, 44, text('x'));
    expect(result).toMatchObject({
      ok: false,
      retryable: true,
      error: expect.stringContaining('ECONNREFUSED'),
    });
    expect(JSON.stringify(result)).not.toContain(api().token);
  });

  it('waits out a 429: the chat stays quiet for retry_after and the message arrives once', async () => {
    const telegram = channel();
    api().failNextSend({ code: 429, description: 'Too Many Requests: retry after 2', retryAfter: 2 });
    const refused = await send(telegram, AMAL, text('رسالتك وصلت'));
    expect(refused).toMatchObject({ ok: false, retryable: true, retryAfterMs: 2000 });
    const refusedAt = Date.now();
    // As the outbound worker does: the job waits retryAfterMs, then sends the same row again.
    // Meanwhile the next message to the same chat is held back too.
    const [retried, next] = await Promise.all([
      new Promise<SendResult>((resolve) =>
        setTimeout(
          () =>
            void telegram
              .send(String(AMAL), text('رسالتك وصلت'), { idempotencyKey: 'outbox-429' })
              .then(resolve),
          2000,
        ),
      ),
      send(telegram, AMAL, text('التالية')),
    ]);
    expect(retried.ok && next.ok).toBe(true);
    const shown = api().sent(AMAL);
    expect(shown.map((m) => m.text).sort()).toEqual(['التالية', 'رسالتك وصلت']);
    for (const message of shown) expect(message.at - refusedAt).toBeGreaterThanOrEqual(1990);
    expect(api().tooManyRequests).toBe(0);
  });
});

describe('Telegram channel pacing', () => {
  const { api, channel } = setup();

  it('paces a burst of 40 messages to one chat to 1/s, and 5 chats in parallel, with no 429', async () => {
    const telegram = channel();
    const chats = [AMAL, AMAL + 1, AMAL + 2, AMAL + 3, AMAL + 4];
    const started = Date.now();
    const results = await Promise.all(
      chats.flatMap((chat, c) =>
        Array.from({ length: c === 0 ? 40 : 8 }, (_, i) => send(telegram, chat, text(`${chat} #${i + 1}`))),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    expect(results.every((r) => r.ok)).toBe(true);
    expect(api().tooManyRequests).toBe(0);
    const burst = api().sent(AMAL);
    expect(burst.map((m) => m.text)).toEqual(Array.from({ length: 40 }, (_, i) => `${AMAL} #${i + 1}`));
    const gaps = burst.slice(1).map((m, i) => m.at - (burst[i] as SentMessage).at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
    for (const chat of chats) expect(api().peakSends(1000, chat)).toBe(1);
    expect(api().peakSends(1000)).toBeLessThanOrEqual(30);
    report('burst of 40 to one chat + 4×8 to others', {
      seconds,
      perChatRate: 39 / ((burst.at(-1)!.at - burst[0]!.at) / 1000),
      minGapMs: Math.min(...gaps),
      peakOverallPerSecond: api().peakSends(1000),
    });
  }, 90_000);

  it('keeps 90 chats served at once under 30 messages a second overall, with no 429', async () => {
    const telegram = channel();
    const chats = Array.from({ length: 90 }, (_, i) => 5_000_000 + i);
    const started = Date.now();
    const results = await Promise.all(
      chats.map((chat) => send(telegram, chat, text('إشعار: تم استلام طلبك'))),
    );
    const seconds = (Date.now() - started) / 1000;
    expect(results.every((r) => r.ok)).toBe(true);
    expect(api().tooManyRequests).toBe(0);
    expect(api().allSent()).toHaveLength(90);
    expect(api().peakSends(1000)).toBeLessThanOrEqual(30);
    // Paced, not throttled to a crawl: 90 messages at 30/s take about 3 s.
    expect(seconds).toBeLessThan(6);
    report('90 chats at once', {
      seconds,
      peakOverallPerSecond: api().peakSends(1000),
    });
  }, 30_000);
});

describe('Telegram channel in webhook mode', () => {
  const { api, channel } = setup();
  const secret = 'wh-secret-0123456789abcdef';

  async function webhookApp(options: { answer?: () => Promise<AcceptResult> } = {}) {
    const port = await closedPort();
    const telegram = channel({ webhook: { url: `http://127.0.0.1:${port}/telegram/webhook`, secret } });
    const app = await buildApp({ logger, readiness: {} });
    await app.register(telegramWebhookRoutes, { channel: telegram });
    await app.listen({ host: '127.0.0.1', port });
    const spine = recorder(options.answer);
    await telegram.start(spine.handler);
    return { telegram, app, spine, url: `http://127.0.0.1:${port}/telegram/webhook` };
  }

  it('sets the webhook with its secret and processes the updates Telegram posts', async () => {
    const { app, spine } = await webhookApp();
    try {
      expect(api().webhook).toEqual({
        url: expect.stringMatching(/\/telegram\/webhook$/),
        secretToken: secret,
        allowedUpdates: ['message', 'callback_query'],
      });
      api().sendText(AMAL, 'السلام عليكم');
      api().sendPhoto(AMAL, CONTRACT_SAMPLES.image.bytes);
      const queryId = api().pressButton(AMAL, 'ar');
      const [hello, photo, press] = await spine.next(3);
      expect(hello?.text).toBe('السلام عليكم');
      expect(photo?.media?.[0]?.ref).toBe(CONTRACT_SAMPLES.image.ref);
      expect(press?.choiceId).toBe('ar');
      await api().waitForCallbackAnswer(queryId);
      await api().waitForDrained();
      expect(api().webhookDeliveries.map((d) => d.status)).toEqual([200, 200, 200]);
      // No polling in webhook mode.
      expect(api().calls.some((c) => c.method === 'getUpdates')).toBe(false);
    } finally {
      // The stand-in first, so no webhook call is in flight while the app closes.
      await api().close();
      await app.close();
    }
  });

  it('answers 403 to a forged or missing secret and processes nothing', async () => {
    const { app, spine, url } = await webhookApp();
    try {
      const update = {
        update_id: 99,
        message: {
          message_id: 1,
          date: 1,
          chat: { id: AMAL, type: 'private' },
          from: { id: AMAL, is_bot: false, first_name: 'x' },
          text: 'forged',
        },
      };
      for (const headers of [
        { 'x-telegram-bot-api-secret-token': 'wh-secret-0123456789abcdeX' } as Record<string, string>,
        { 'x-telegram-bot-api-secret-token': 'short' },
        { 'x-telegram-bot-api-secret-token': `${secret}-longer` },
        {},
      ]) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(update),
        });
        expect(response.status).toBe(403);
        expect(await response.json()).toEqual({
          error: 'ERR_FORBIDDEN',
          message: 'missing or wrong X-Telegram-Bot-Api-Secret-Token',
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(spine.received).toHaveLength(0);
      expect(api().calls.filter((c) => c.method.startsWith('send'))).toHaveLength(0);
    } finally {
      // The stand-in first, so no webhook call is in flight while the app closes.
      await api().close();
      await app.close();
    }
  });

  it('answers 5xx when the spine cannot accept, so Telegram delivers the update again', async () => {
    let failures = 2;
    const { app, spine } = await webhookApp({
      answer: async () => {
        if (failures-- > 0) throw new Error('database unavailable');
        return accepted;
      },
    });
    try {
      api().sendText(AMAL, 'مرحبا');
      const [hello] = await spine.next(1);
      expect(hello?.text).toBe('مرحبا');
      await api().waitForDrained();
      expect(api().webhookDeliveries.map((d) => d.status)).toEqual([500, 500, 200]);
    } finally {
      // The stand-in first, so no webhook call is in flight while the app closes.
      await api().close();
      await app.close();
    }
  });

  it('answers 503 while the channel is stopped', async () => {
    const { app, telegram, url } = await webhookApp();
    try {
      await telegram.stop();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify({
          update_id: 1,
          message: { message_id: 1, date: 1, chat: { id: AMAL, type: 'private' }, text: 'x' },
        }),
      });
      expect(response.status).toBe(503);
    } finally {
      // The stand-in first, so no webhook call is in flight while the app closes.
      await api().close();
      await app.close();
    }
  });
});

describeEachDatabase(
  'a Telegram conversation through the spine',
  (getDb) => {
    const state: { api?: FakeTelegramApi; dir?: string } = {};
    afterEach(async () => {
      await state.api?.close();
      if (state.dir) await rm(state.dir, { recursive: true, force: true });
    });

    it('greeting → Arabic → consent → inquiries → «ماهي شروط المساعده», choosing by buttons', async () => {
      const api = (state.api = await FakeTelegramApi.start());
      state.dir = await mkdtemp(path.join(os.tmpdir(), 'tawasul-telegram-'));
      const telegram = new TelegramChannel({
        token: api.token,
        apiRoot: api.apiRoot,
        documents: new FsDocumentStore(state.dir),
        logger,
      });
      const runtime = await startTestTawasul(getDb(), { channels: { extra: [telegram] }, logger });
      try {
        let seen = 0;
        const nextReply = async () => (await api.waitForSent(AMAL, ++seen))[seen - 1] as SentMessage;
        const press = async (label: RegExp) => {
          const shown = api.sent(AMAL).at(-1) as SentMessage;
          const button = shown.buttons.find((b) => label.test(b.text));
          if (!button?.data) throw new Error(`no button ${label} under «${shown.text.slice(0, 60)}»`);
          const id = api.pressButton(AMAL, button.data);
          await api.waitForCallbackAnswer(id);
        };

        api.sendText(AMAL, 'السلام عليكم');
        const welcome = await nextReply();
        expect(welcome.text).toContain('اختر لغتك');
        expect(welcome.buttons.map((b) => b.data)).toEqual(['ar', 'en']);

        await press(/العربية/);
        const notice = await nextReply();
        expect(notice.text).toContain('موافقتك');
        expect(notice.buttons.map((b) => b.data)).toContain('accept');

        // One reply hits Telegram's flood control: it is waited out and shown once.
        api.failNextSend({ code: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 }, AMAL);
        await press(/أوافق/);
        const menu = await nextReply();
        expect(menu.text).toContain('كيف نخدمك اليوم');
        const refusal = api.refused.find((r) => r.code === 429);
        expect(refusal).toBeDefined();
        expect(menu.at - (refusal?.at ?? 0)).toBeGreaterThanOrEqual(1000);

        await press(/الاستفسارات/);
        const inquiries = await nextReply();
        expect(inquiries.buttons.length).toBeGreaterThan(0);

        api.sendText(AMAL, 'ماهي شروط المساعده');
        const answer = await nextReply();
        expect(answer.text).toContain('حد الكفاية');

        await runtime.service.idle();
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(api.sent(AMAL).filter((m) => m.text.includes('كيف نخدمك اليوم'))).toHaveLength(1);
        expect(api.sent(AMAL)).toHaveLength(5);
        const consent = await getDb().query<{ channel: string; granted: boolean }>(
          `SELECT c.channel, c.granted FROM consents c
           JOIN channel_identities i ON i.beneficiary_id = c.beneficiary_id
           WHERE i.channel = 'telegram' AND i.channel_user_id = $1`,
          [String(AMAL)],
        );
        expect(consent.rows).toEqual([{ channel: 'telegram', granted: true }]);
      } finally {
        await runtime.stop();
      }
    }, 60_000);
  },
  { migrate: true },
);

/** A port nothing listens on (free a moment ago). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Measured rates, printed when TEST_REPORT is set (the numbers the issue asks about). */
function report(what: string, numbers: Record<string, number>): void {
  if (!process.env.TEST_REPORT) return;
  const shown = Object.entries(numbers).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(2)}`);
  process.stdout.write(`[telegram pacing] ${what}: ${shown.join(' ')}\n`);
}
