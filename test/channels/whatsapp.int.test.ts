import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { PassThrough } from 'node:stream';
import { Client, LocalAuth, MessageMedia, MessageTypes, type ClientOptions } from 'whatsapp-web.js';
import type { AcceptResult } from '../../src/channels/channel-adapter';
import { createWhatsAppChannel } from '../../src/channels/whatsapp/create-whatsapp-channel';
import { createWhatsAppClient } from '../../src/channels/whatsapp/create-whatsapp-client';
import { WhatsAppChannel, type WhatsAppChannelOptions } from '../../src/channels/whatsapp/whatsapp-channel';
import type { WhatsAppAlert } from '../../src/channels/whatsapp/whatsapp-session';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { InboundMessage, type InboundMessageInput } from '../../src/domain/inbound-message';
import { PgWhatsAppContactRepository } from '../../src/store/whatsapp-contact-repository';
import { describeEachDatabase } from '../support/databases';
import { FakeWhatsAppClient, SAMPLE_IDS } from '../support/fake-whatsapp-client';
import { MemoryWhatsAppContacts } from '../support/memory-whatsapp-contacts';
import { startTestTawasul } from '../support/spine-harness';
import { CONTRACT_SAMPLES } from './channel-contract';

// Conversations through the spine take seconds on PGlite; jest ignores a project's testTimeout.
jest.setTimeout(30_000);

const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const FAST = { pacing: { chatGapMs: 0, jitterMs: 0, perMinute: 100_000 }, watchdogIntervalMs: 0 } as const;

/** A WhatsApp adapter on a fake client, started with a handler that records what it hands over. */
async function startAdapter(options: Partial<WhatsAppChannelOptions> & { phone?: FakeWhatsAppClient } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tawasul-wa-'));
  const phone = options.phone ?? new FakeWhatsAppClient();
  const documents = new FsDocumentStore(dir);
  const contacts = new MemoryWhatsAppContacts();
  const channel = new WhatsAppChannel({
    client: phone,
    documents,
    contacts,
    logger: silent,
    ...FAST,
    ...options,
  });
  const alerts: WhatsAppAlert[] = [];
  channel.alerts.on('alert', (alert) => alerts.push(alert));
  const inbox: InboundMessageInput[] = [];
  await channel.start(async (message): Promise<AcceptResult> => {
    inbox.push(message);
    return { status: 'accepted', conversationId: 'c1' };
  });
  const stop = async () => {
    await channel.stop();
    await rm(dir, { recursive: true, force: true });
  };
  /** Every handed-over message, checked against the spine's schema. */
  const parsed = () => inbox.map((m) => InboundMessage.parse(m));
  return { phone, channel, documents, contacts, alerts, inbox, parsed, stop };
}

type Adapter = Awaited<ReturnType<typeof startAdapter>>;

/** Resolves once `check` holds, polling; fails with `what` after `timeoutMs`. */
async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not true after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('WhatsApp adapter', () => {
  let adapter: Adapter | undefined;
  const use = async (options?: Parameters<typeof startAdapter>[0]) => (adapter = await startAdapter(options));
  afterEach(async () => {
    await adapter?.stop();
    adapter = undefined;
  });

  describe('who wrote', () => {
    it('keeps an @lid sender opaque: the id as given, a name, and no phone', async () => {
      const { phone, channel, parsed } = await use();
      phone.receiveText(SAMPLE_IDS.lid, 'السلام عليكم');
      await channel.idle();
      expect(parsed()[0]?.sender).toEqual({ channelUserId: '190374628119557@lid', displayName: 'أم محمد' });
    });

    it('gives the phone in E.164 for a @c.us sender, Saudi or not', async () => {
      const { phone, channel, parsed } = await use();
      phone.receiveText('966501234567@c.us', 'hello');
      phone.receiveText('971501234567@c.us', 'hello');
      phone.receiveText('12345@c.us', 'hello');
      await channel.idle();
      expect(parsed().map((m) => m.sender)).toEqual([
        { channelUserId: '966501234567@c.us', phone: '+966501234567', displayName: 'أم محمد' },
        { channelUserId: '971501234567@c.us', phone: '+971501234567', displayName: 'أم محمد' },
        // Not a valid number: no phone rather than a guess.
        { channelUserId: '12345@c.us', displayName: 'أم محمد' },
      ]);
    });

    it("hands each chat's messages over in the order they came, even when a download is slow", async () => {
      const { phone, channel, parsed } = await use();
      const { bytes } = CONTRACT_SAMPLES.image;
      phone.receiveImage(SAMPLE_IDS.lid, { bytes, mimetype: 'image/png', downloadDelayMs: 150 });
      phone.receiveText(SAMPLE_IDS.lid, 'بعد الصورة');
      phone.receiveText(SAMPLE_IDS.phone, 'من محادثة أخرى');
      await channel.idle();
      // Another chat does not wait for this one's download.
      expect(parsed().map((m) => m.text || m.media[0]?.kind)).toEqual([
        'من محادثة أخرى',
        'image',
        'بعد الصورة',
      ]);
    });
  });

  describe('attachments', () => {
    it('downloads an image into the document store, under its checksum, with its real type', async () => {
      const { phone, channel, parsed, documents } = await use();
      const { bytes } = CONTRACT_SAMPLES.image;
      phone.receiveImage(SAMPLE_IDS.lid, { bytes, mimetype: 'image/png', caption: 'صورة الهوية' });
      await channel.idle();
      const [message] = parsed();
      expect(message).toMatchObject({
        text: 'صورة الهوية',
        media: [
          {
            kind: 'image',
            mimeType: 'image/png',
            sizeBytes: bytes.length,
            ref: sha256(bytes),
            sha256: sha256(bytes),
          },
        ],
      });
      expect(await documents.get(message!.media[0]!.ref!)).toEqual(bytes);
    });

    it('keeps a document with its file name, and a voice note as kind voice', async () => {
      const { phone, channel, parsed } = await use();
      const { document, voice } = CONTRACT_SAMPLES;
      phone.receiveDocument(SAMPLE_IDS.phone, {
        bytes: document.bytes,
        mimetype: 'application/pdf',
        filename: 'صك.pdf',
      });
      phone.receiveVoice(SAMPLE_IDS.phone, { bytes: voice.bytes, mimetype: 'audio/ogg; codecs=opus' });
      phone.receiveAudio(SAMPLE_IDS.phone, { bytes: voice.bytes, mimetype: 'audio/ogg' });
      await channel.idle();
      expect(parsed().map((m) => m.media[0])).toEqual([
        expect.objectContaining({
          kind: 'document',
          fileName: 'صك.pdf',
          mimeType: 'application/pdf',
          ref: sha256(document.bytes),
        }),
        expect.objectContaining({ kind: 'voice', mimeType: 'audio/ogg', ref: sha256(voice.bytes) }),
        expect.objectContaining({ kind: 'voice', mimeType: 'audio/ogg', ref: sha256(voice.bytes) }),
      ]);
    });

    it('hands over, without a ref, a file too big (not even downloaded), of a type it does not keep, or expired', async () => {
      const { phone, channel, parsed, documents } = await use({ maxMediaBytes: 1_000 });
      const big = phone.receiveDocument(SAMPLE_IDS.lid, {
        bytes: CONTRACT_SAMPLES.document.bytes,
        mimetype: 'application/pdf',
        announcedSize: 25 * 1024 * 1024,
      });
      const downloadBig = jest.spyOn(big, 'downloadMedia');
      // A Windows program sent as "a PDF": the bytes decide.
      const disguised = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(64)]);
      phone.receiveDocument(SAMPLE_IDS.lid, {
        bytes: disguised,
        mimetype: 'application/pdf',
        filename: 'form.pdf',
      });
      phone.receiveImage(SAMPLE_IDS.lid, {
        bytes: CONTRACT_SAMPLES.image.bytes,
        mimetype: 'image/png',
        expired: true,
      });
      // Announced small, arrives big.
      phone.receiveImage(SAMPLE_IDS.lid, {
        bytes: Buffer.alloc(5_000, 0xff),
        mimetype: 'image/jpeg',
        announcedSize: 900,
      });
      await channel.idle();
      expect(parsed().map((m) => m.media)).toEqual([
        [{ kind: 'document', mimeType: 'application/pdf', sizeBytes: 25 * 1024 * 1024, note: 'too-large' }],
        [
          {
            kind: 'document',
            mimeType: 'application/octet-stream',
            fileName: 'form.pdf',
            sizeBytes: disguised.length,
            note: 'unsupported-type',
          },
        ],
        [{ kind: 'image', mimeType: 'image/png', note: 'download-failed' }],
        [{ kind: 'image', mimeType: 'image/jpeg', sizeBytes: 5_000, note: 'too-large' }],
      ]);
      expect(downloadBig).not.toHaveBeenCalled();
      await expect(documents.get(sha256(disguised))).rejects.toThrow(/ENOENT/);
    });

    it('hands a location pin over with its place, and a sticker without keeping it', async () => {
      const { phone, channel, parsed } = await use();
      phone.receiveLocation(SAMPLE_IDS.lid, 21.422487, 39.826206, {
        name: 'المسجد الحرام',
        address: 'مكة المكرمة',
      });
      phone.receiveSticker(SAMPLE_IDS.lid, { bytes: CONTRACT_SAMPLES.sticker.bytes, mimetype: 'image/webp' });
      await channel.idle();
      const [pin, sticker] = parsed();
      expect(pin).toMatchObject({
        text: '',
        media: [],
        location: { latitude: 21.422487, longitude: 39.826206, label: 'المسجد الحرام\nمكة المكرمة' },
      });
      expect(sticker?.media).toEqual([{ kind: 'sticker', mimeType: 'image/webp' }]);
    });
  });

  it('ignores status updates, groups, its own messages and WhatsApp notices', async () => {
    const { phone, channel, inbox, contacts } = await use();
    phone.receiveStatus(SAMPLE_IDS.lid, 'my status');
    phone.receiveText(SAMPLE_IDS.status, 'a status without the flag');
    phone.receiveGroup(SAMPLE_IDS.group, SAMPLE_IDS.lid, 'hello group');
    phone.receiveOwn(SAMPLE_IDS.lid, 'typed by staff on the phone');
    phone.receiveNotice(SAMPLE_IDS.lid, MessageTypes.E2E_NOTIFICATION);
    phone.receiveNotice(SAMPLE_IDS.lid, MessageTypes.REVOKED);
    phone.receiveText('120363025246125486@newsletter', 'a channel post');
    await channel.idle();
    expect(inbox).toEqual([]);
    expect(await contacts.mayMessage(SAMPLE_IDS.group)).toBe(false);
    expect(await contacts.mayMessage(SAMPLE_IDS.lid)).toBe(false);

    phone.receiveText(SAMPLE_IDS.lid, 'أما هذه فرسالة');
    await channel.idle();
    expect(inbox.map((m) => m.text)).toEqual(['أما هذه فرسالة']);
  });

  describe('sending', () => {
    it('refuses, for good, to write to a chat that never wrote, until it opts in', async () => {
      const { phone, channel, contacts } = await use();
      const stranger = '966507654321@c.us';
      const text = { kind: 'text', text: 'مرحبًا' } as const;
      expect(await channel.send(stranger, text, { idempotencyKey: 'outbox-1' })).toEqual({
        ok: false,
        retryable: false,
        error: 'not opted in',
      });
      await contacts.recordOptIn(stranger, new Date());
      expect(await channel.send(stranger, text, { idempotencyKey: 'outbox-2' })).toMatchObject({ ok: true });
      expect(phone.sent.map((m) => [m.chatId, m.shown])).toEqual([[stranger, 'مرحبًا']]);
    });

    it('shows choices as a numbered list, and a document as a file with its caption', async () => {
      const { phone, channel, documents } = await use();
      phone.receiveText(SAMPLE_IDS.lid, 'hi');
      await channel.idle();
      const choices = [
        { id: 'ar', label: 'العربية' },
        { id: 'en', label: 'English' },
      ];
      await channel.send(
        SAMPLE_IDS.lid,
        { kind: 'choices', text: 'اختر لغتك', choices, hint: 'أرسل الرقم' },
        { idempotencyKey: 'outbox-1' },
      );
      const { bytes } = CONTRACT_SAMPLES.document;
      const { ref } = await documents.put(bytes, {});
      await channel.send(
        SAMPLE_IDS.lid,
        { kind: 'document', ref, fileName: 'النموذج.pdf', mimeType: 'application/pdf', caption: 'النموذج' },
        { idempotencyKey: 'outbox-2' },
      );
      const [list, file] = phone.sentTo(SAMPLE_IDS.lid);
      expect(list?.content).toBe('اختر لغتك\n1. العربية\n2. English\nأرسل الرقم');
      expect(file?.content).toBeInstanceOf(MessageMedia);
      expect(file?.content).toMatchObject({
        mimetype: 'application/pdf',
        filename: 'النموذج.pdf',
        data: bytes.toString('base64'),
      });
      expect(file?.options).toEqual({ sendMediaAsDocument: true, caption: 'النموذج' });
    });

    it('spaces a burst to one chat by the chat gap plus jitter', async () => {
      const { phone, channel } = await use({ pacing: { chatGapMs: 150, jitterMs: 50, perMinute: 100 } });
      phone.receiveText(SAMPLE_IDS.lid, 'hi');
      await channel.idle();
      const burstStart = Date.now();
      const results = await Promise.all(
        [1, 2, 3, 4].map((n) =>
          channel.send(
            SAMPLE_IDS.lid,
            { kind: 'text', text: `رسالة ${n}` },
            { idempotencyKey: `outbox-${n}` },
          ),
        ),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      const sent = phone.sentTo(SAMPLE_IDS.lid);
      expect(sent.map((m) => m.shown)).toEqual(['رسالة 1', 'رسالة 2', 'رسالة 3', 'رسالة 4']);
      // Message k is reserved at least k gaps after the burst began and never sent before its time. Measured
      // from the burst's start, not between neighbours: a busy event loop may send one late, which
      // shortens the next measured gap without the pacer having sent anything early.
      sent.forEach((m, k) => {
        expect(m.at - burstStart).toBeGreaterThanOrEqual(k * 150 - 5); // timers may fire a few ms early
      });
      const spans = sent.slice(1).map((m, i) => m.at - sent[i]!.at);
      expect(Math.max(...spans)).toBeLessThan(150 + 50 + 1_000); // paced, not stalled
    });

    it('caps messages per minute over all chats: past the cap a send is put off, not sent', async () => {
      const { phone, channel } = await use({
        pacing: { chatGapMs: 0, jitterMs: 0, perMinute: 3 },
        maxPacingWaitMs: 1_000,
      });
      const chats = ['1@lid', '2@lid', '3@lid', '4@lid'];
      for (const chat of chats) phone.receiveText(chat, 'hi');
      await channel.idle();
      const results = [];
      for (const [i, chat] of chats.entries()) {
        results.push(
          await channel.send(chat, { kind: 'text', text: 'رد' }, { idempotencyKey: `outbox-${i}` }),
        );
      }
      expect(results.slice(0, 3).every((r) => r.ok)).toBe(true);
      expect(results[3]).toEqual({
        ok: false,
        retryable: true,
        error: 'paced',
        retryAfterMs: expect.any(Number),
      });
      expect((results[3] as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(58_000);
      expect(phone.sent).toHaveLength(3);
    });

    it('does not repeat the parts of a long message already delivered when it is retried', async () => {
      const { phone, channel } = await use();
      phone.receiveText(SAMPLE_IDS.lid, 'hi');
      await channel.idle();
      const paragraphs = ['أ'.repeat(3_000), 'ب'.repeat(3_000), 'ج'.repeat(3_000)];
      const message = { kind: 'text', text: paragraphs.join('\n\n') } as const;
      const send = jest.spyOn(phone, 'sendMessage');
      send.mockImplementationOnce(FakeWhatsAppClient.prototype.sendMessage.bind(phone));
      send.mockImplementationOnce(async () => {
        throw new Error('Navigation timeout of 30000 ms exceeded');
      });
      expect(await channel.send(SAMPLE_IDS.lid, message, { idempotencyKey: 'outbox-9' })).toMatchObject({
        ok: false,
        retryable: true,
      });
      expect(await channel.send(SAMPLE_IDS.lid, message, { idempotencyKey: 'outbox-9' })).toMatchObject({
        ok: true,
      });
      expect(phone.sentTo(SAMPLE_IDS.lid).map((m) => m.shown)).toEqual(paragraphs);
    });

    it('answers a malformed chat id as a permanent failure, never by throwing', async () => {
      const { channel, contacts } = await use();
      await contacts.recordOptIn('not a chat id', new Date());
      expect(
        await channel.send('not a chat id', { kind: 'text', text: 'x' }, { idempotencyKey: 'outbox-1' }),
      ).toMatchObject({
        ok: false,
        retryable: false,
        error: expect.stringMatching(/invalid recipient/),
      });
    });
  });

  describe('session', () => {
    const quick = { reconnect: { initialDelayMs: 30, maxDelayMs: 1_000 } };

    it('shows a QR code to scan on a first start, alerts staff once, and is ready after the scan', async () => {
      const phone = new FakeWhatsAppClient({ linked: false });
      const qrs: string[] = [];
      const { channel, alerts } = await use({ phone, onQr: (qr) => qrs.push(qr) });
      expect(channel.status()).toMatchObject({ state: 'qr', qr: phone.lastQr, since: expect.any(Date) });
      expect(qrs).toEqual([phone.lastQr]);
      phone.emit('qr', '2@refreshed-qr');
      expect(channel.status()).toMatchObject({ state: 'qr', qr: '2@refreshed-qr' });
      expect(alerts.map((a) => a.type)).toEqual(['whatsapp.scan-needed']);
      phone.scanQr();
      expect(channel.status()).toEqual({ state: 'ready', since: expect.any(Date) });
      expect(alerts.map((a) => a.type)).toEqual(['whatsapp.scan-needed', 'whatsapp.ready']);
    });

    it('after a logout: alerts, refuses sends as retryable, shows a new QR, and delivers once scanned', async () => {
      const { phone, channel, alerts } = await use(quick);
      phone.receiveText(SAMPLE_IDS.lid, 'hi');
      await channel.idle();
      alerts.length = 0;

      phone.disconnect('LOGOUT');
      expect(channel.status()).toMatchObject({ state: 'disconnected', reason: 'LOGOUT' });
      const during = await channel.send(
        SAMPLE_IDS.lid,
        { kind: 'text', text: 'أثناء الانقطاع' },
        { idempotencyKey: 'outbox-1' },
      );
      expect(during).toEqual({
        ok: false,
        retryable: true,
        error: expect.stringMatching(/not connected/),
        retryAfterMs: expect.any(Number),
      });

      await eventually('a new QR code', () => channel.status().state === 'qr');
      expect(phone.destroyCalls).toBeGreaterThanOrEqual(1);
      expect(channel.status().qr).toBe(phone.lastQr);
      phone.scanQr();
      expect(
        await channel.send(
          SAMPLE_IDS.lid,
          { kind: 'text', text: 'أثناء الانقطاع' },
          { idempotencyKey: 'outbox-1' },
        ),
      ).toMatchObject({ ok: true });
      expect(phone.sentTo(SAMPLE_IDS.lid).map((m) => m.shown)).toEqual(['أثناء الانقطاع']);
      expect(alerts.map((a) => a.type)).toEqual([
        'whatsapp.disconnected',
        'whatsapp.scan-needed',
        'whatsapp.ready',
      ]);
      expect(alerts[0]).toMatchObject({ reason: 'LOGOUT' });
    });

    it('re-initialises with exponential backoff while starts keep failing, then reconnects by itself', async () => {
      const { phone, channel, alerts } = await use({
        ...quick,
        reconnect: { initialDelayMs: 40, maxDelayMs: 1_000 },
      });
      const starts: number[] = [];
      const initialize = phone.initialize.bind(phone);
      jest.spyOn(phone, 'initialize').mockImplementation(() => {
        starts.push(Date.now());
        return initialize();
      });
      phone.failStarts(3);
      phone.disconnect('CONFLICT');
      expect(channel.status()).toMatchObject({ state: 'disconnected', reason: 'CONFLICT' });

      await eventually('ready again', () => channel.status().state === 'ready', 5_000);
      expect(starts).toHaveLength(4);
      const waits = starts.slice(1).map((t, i) => t - starts[i]!);
      // 40 → 80 → 160 ms (+ up to 20% jitter): each wait about double the one before.
      expect(waits[1]!).toBeGreaterThan(waits[0]! * 1.4);
      expect(waits[2]!).toBeGreaterThan(waits[1]! * 1.4);
      // The session was kept: no QR, so no scan alert.
      expect(alerts.map((a) => a.type)).toEqual([
        'whatsapp.ready',
        'whatsapp.disconnected',
        'whatsapp.ready',
      ]);
    });

    it('notices a browser that died without a word, and reconnects', async () => {
      const { phone, channel, alerts } = await use({ ...quick, watchdogIntervalMs: 20 });
      await phone.destroy(); // Chromium killed: no event at all
      await eventually(
        'reconnected',
        () => phone.initializeCalls === 2 && channel.status().state === 'ready',
      );
      expect(alerts.map((a) => a.type)).toEqual(['whatsapp.ready', 'whatsapp.ready']);
    });
  });
});

describe('WhatsApp as main sets it up', () => {
  it('configures the real client: LocalAuth in DATA_DIR/whatsapp-session, the system Chromium, no sandbox', () => {
    const client = createWhatsAppClient({ dataDir: '/var/lib/tawasul', chromiumPath: '/usr/bin/chromium' });
    expect(client).toBeInstanceOf(Client);
    const { authStrategy, puppeteer } = (client as unknown as { options: ClientOptions }).options;
    expect(authStrategy).toBeInstanceOf(LocalAuth);
    expect((authStrategy as LocalAuth).dataPath).toBe('/var/lib/tawasul/whatsapp-session');
    expect(puppeteer).toMatchObject({
      executablePath: '/usr/bin/chromium',
      args: expect.arrayContaining(['--no-sandbox']),
    });
  });

  it('draws each QR code in the terminal with how to scan it', async () => {
    const output = new PassThrough();
    let drawn = '';
    output.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    const phone = new FakeWhatsAppClient({ linked: false });
    const channel = createWhatsAppChannel({
      dataDir: '/var/lib/tawasul',
      chromiumPath: '/usr/bin/chromium',
      pacing: FAST.pacing,
      db: { query: async () => ({ rows: [], rowCount: 0 }), afterCommit: () => undefined },
      documents: new FsDocumentStore(os.tmpdir()),
      logger: silent,
      qrOutput: output,
      client: phone,
    });
    await channel.start(async () => ({ status: 'accepted', conversationId: 'c1' }));
    try {
      await eventually('a QR code drawn', () => drawn.includes('\n'));
      expect(drawn).toContain('Linked devices');
      expect(drawn).toContain('/var/lib/tawasul/whatsapp-session');
      expect(drawn).toMatch(/[▀▄█]{10}/);
    } finally {
      await channel.stop();
    }
  });
});

describeEachDatabase('WhatsApp through the spine', (getDb) => {
  it('carries a conversation with numbered answers, across a disconnection, from an @lid chat', async () => {
    const db = getDb();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tawasul-wa-spine-'));
    const phone = new FakeWhatsAppClient();
    const contacts = new PgWhatsAppContactRepository(db);
    const channel = new WhatsAppChannel({
      client: phone,
      documents: new FsDocumentStore(dir),
      contacts,
      logger: silent,
      pacing: { chatGapMs: 30, jitterMs: 20, perMinute: 1_000 },
      reconnect: { initialDelayMs: 50, maxDelayMs: 300 },
      watchdogIntervalMs: 0,
    });
    const runtime = await startTestTawasul(db, { channels: { extra: [channel] }, logger: silent });
    const amal = SAMPLE_IDS.lid;
    const reply = async () => (await phone.nextSent(amal, 15_000)).shown;
    try {
      phone.receiveText(amal, 'السلام عليكم');
      const language = await reply();
      expect(language).toContain('اختر لغتك');
      expect(language).toMatch(/^1\. العربية$/m);
      phone.receiveText(amal, '١');
      expect(await reply()).toContain('موافقتك');

      // The connection drops right after the person answers, and stays down (restarts fail) until the
      // reply has been refused once; then it comes back and the reply goes out.
      phone.receiveText(amal, 'أوافق');
      phone.failStarts(Number.MAX_SAFE_INTEGER);
      phone.disconnect('CONFLICT');
      await eventually(
        'a reply refused during the outage',
        async () =>
          (
            await db.query(
              `SELECT 1 FROM outbox WHERE channel = 'whatsapp' AND status = 'queued' AND last_error LIKE '%not connected%'`,
            )
          ).rowCount > 0,
        15_000,
      );
      expect(phone.sentTo(amal)).toHaveLength(2);
      phone.failStarts(0);
      expect(await reply()).toContain('كيف نخدمك اليوم');
      expect(channel.status().state).toBe('ready');

      phone.receiveText(amal, 'الاستفسارات');
      await reply();
      phone.receiveText(amal, 'ماهي شروط المساعده');
      expect(await reply()).toContain('حد الكفاية');

      const identity = await db.query<{
        channel_user_id: string;
        phone: string | null;
        display_name: string;
      }>(`SELECT channel_user_id, phone, display_name FROM channel_identities WHERE channel = 'whatsapp'`);
      expect(identity.rows).toEqual([{ channel_user_id: amal, phone: null, display_name: 'أم محمد' }]);
      expect(await contacts.mayMessage(amal)).toBe(true);
      expect(await contacts.mayMessage('966507654321@c.us')).toBe(false);
      // The phone has the last reply a moment before the worker records it as sent.
      const outbox = async () =>
        (
          await db.query<{ status: string; attempts: number }>(
            `SELECT status, attempts FROM outbox WHERE channel = 'whatsapp' ORDER BY id`,
          )
        ).rows;
      await eventually('every reply recorded as sent', async () =>
        (await outbox()).every((r) => r.status === 'sent'),
      );
      const rows = await outbox();
      expect(rows).toHaveLength(5);
      expect(rows[2]?.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await runtime.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
