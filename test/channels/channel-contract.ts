import { createHash } from 'node:crypto';
import type { AcceptResult, ChannelAdapter, SendResult } from '../../src/channels/channel-adapter';
import { InboundMessage, type InboundMessageInput } from '../../src/domain/inbound-message';
import type { OutboundMessage } from '../../src/domain/outbound-message';

/**
 * The channel contract: what every adapter behind `ChannelAdapter` must do, whatever its platform.
 * Apply it in a test file of the adapter's folder with a harness that drives the platform for real,
 * or through a stand-in shaped exactly like it (a local Bot API server, a fake whatsapp-web.js client):
 *
 * ```ts
 * describeChannelContract('telegram', async () => {
 *   const bot = await startFakeBotApi();
 *   const adapter = new TelegramChannel({ apiRoot: bot.url, token: 'x', documents });
 *   return {
 *     adapter,
 *     supports: ['text', 'choice', 'image', 'document', 'location', 'voice', 'sticker'],
 *     deliver: (kind, userId, options) => bot.pushUpdate(kind, userId, options), // resolves once handled
 *     delivered: (userId) => bot.takeSent(userId),
 *     failNextSend: (mode) => bot.refuseNext(mode === 'retryable' ? 429 : 403),
 *     close: () => bot.close(),
 *   };
 * });
 * ```
 *
 * Each test gets a fresh harness. The suite starts `adapter` with a recording handler, and at the end
 * stops it and then calls `close()`. `userId` is a name the suite picks (`contract-user`); the harness
 * maps it to a platform user as it likes (a Telegram numeric id, a WhatsApp `@lid`), the same way every
 * time. The suite never invents a recipient: like the spine, it replies to the `sender.channelUserId`
 * of a message the user sent. Samples the harness must deliver or keep are in {@link CONTRACT_SAMPLES}.
 */
export type InboundKind = 'text' | 'choice' | 'image' | 'document' | 'location' | 'voice' | 'sticker';

export interface ChannelContractHarness {
  adapter: ChannelAdapter;
  /** Which inbound kinds this platform can produce at all (e.g. the terminal only sends text). */
  supports: readonly InboundKind[];
  /**
   * Makes the platform deliver one native update of `kind` from `userId`; resolves after the adapter
   * handed it to the handler given to `adapter.start` (the suite passes a recording handler). For
   * 'choice', the choice id to press is `choiceId` (the suite has sent a `choices` message offering it
   * to that user just before). For 'text', `text` is what the user typed. Files and the location are
   * those of {@link CONTRACT_SAMPLES}.
   */
  deliver(kind: InboundKind, userId: string, options?: { text?: string; choiceId?: string }): Promise<void>;
  /** What the platform shows `userId` for everything sent since the last call: one entry per platform message, text plus visible buttons. */
  delivered(userId: string): Promise<{ text: string; buttons: string[] }[]>;
  /** Makes the platform refuse the next send, as it really would (e.g. HTTP 429/500 = retryable, 403 blocked = permanent). */
  failNextSend(mode: 'retryable' | 'permanent'): void;
  close(): Promise<void>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const sample = (bytes: Buffer, mimeType: string, fileName: string) => ({
  bytes,
  mimeType,
  fileName,
  /** What `FsDocumentStore` names these bytes: a harness that puts them there gets this ref. */
  ref: sha256(bytes),
});

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
/** A one-page PDF. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n' +
    '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n' +
    '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj\n' +
    'trailer <</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
/** The first page header of an Ogg/Opus voice note (what WhatsApp and Telegram record). */
const OGG = Buffer.concat([
  Buffer.from('OggS', 'latin1'),
  Buffer.alloc(23),
  Buffer.from('OpusHead', 'latin1'),
]);
/** A WebP header (stickers are WebP on both messengers). */
const WEBP = Buffer.concat([
  Buffer.from('RIFF', 'latin1'),
  Buffer.from([0x1a, 0, 0, 0]),
  Buffer.from('WEBPVP8 ', 'latin1'),
  Buffer.alloc(18),
]);

/**
 * What a harness delivers for the file kinds and the location, and the document the suite sends.
 * A harness whose adapter reads outbound documents from a `DocumentStore` must `put`
 * `CONTRACT_SAMPLES.document.bytes` into it first (an `FsDocumentStore` then has it under `.ref`).
 */
export const CONTRACT_SAMPLES = {
  image: sample(PNG, 'image/png', 'contract.png'),
  document: sample(PDF, 'application/pdf', 'contract.pdf'),
  voice: sample(OGG, 'audio/ogg', 'contract.ogg'),
  sticker: sample(WEBP, 'image/webp', 'contract.webp'),
  /** The Grand Mosque in Makkah: latitude and longitude differ, so a swap shows. */
  location: { latitude: 21.422487, longitude: 39.826206 },
} as const;

const ALL_KINDS: readonly InboundKind[] = [
  'text',
  'choice',
  'image',
  'document',
  'location',
  'voice',
  'sticker',
];
const USER = 'contract-user';
const accepted: AcceptResult = { status: 'accepted', conversationId: 'contract-conversation' };
const CHOICES = [
  { id: 'contract-yes', label: 'أوافق' },
  { id: 'contract-no', label: 'لا أوافق' },
  { id: 'contract-more', label: 'More details' },
];

/** Declares the contract's tests for one adapter; see the file's doc. */
export function describeChannelContract(
  name: string,
  createHarness: () => Promise<ChannelContractHarness>,
): void {
  describe(`channel contract: ${name}`, () => {
    let harness: ChannelContractHarness | undefined;
    let inbox: InboundMessageInput[] = [];
    let keys = 0;
    const h = (): ChannelContractHarness => {
      if (!harness) throw new Error('the harness exists only inside the tests');
      return harness;
    };
    const send = (recipient: string, message: OutboundMessage): Promise<SendResult> =>
      h().adapter.send(recipient, message, { idempotencyKey: `outbox-${Date.now()}${++keys}` });

    beforeEach(async () => {
      inbox = [];
      harness = await createHarness();
      await harness.adapter.start(async (message) => {
        inbox.push(message);
        return accepted;
      });
    });

    afterEach(async () => {
      const current = harness;
      harness = undefined;
      if (!current) return;
      await current.adapter.stop();
      await current.close();
    });

    /** One native update in, exactly one valid `InboundMessage` out. */
    async function receive(
      kind: InboundKind,
      options?: { text?: string; choiceId?: string },
    ): Promise<InboundMessage> {
      const before = inbox.length;
      await h().deliver(kind, USER, options);
      expect({ kind, handedOver: inbox.length - before }).toEqual({ kind, handedOver: 1 });
      const parsed = InboundMessage.safeParse(inbox[before]);
      if (!parsed.success) {
        throw new Error(
          `a '${kind}' update became an invalid InboundMessage: ` +
            parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        );
      }
      const message = parsed.data;
      expect(message.channel).toBe(h().adapter.name);
      expect(Math.abs(message.receivedAt.getTime() - Date.now())).toBeLessThan(10 * 60_000);
      return message;
    }

    /** Like the spine: the user writes first, and the reply goes to whom the adapter said wrote. */
    async function recipient(): Promise<string> {
      const first = await receive('text', { text: 'السلام عليكم' });
      await h().delivered(USER);
      return first.sender.channelUserId;
    }

    const supported = (kind: InboundKind) => h().supports.includes(kind);

    describe('inbound', () => {
      it('lists the kinds it produces, text among them', () => {
        expect(h().supports.length).toBeGreaterThan(0);
        expect(h().supports).toContain('text');
        for (const kind of h().supports) expect(ALL_KINDS).toContain(kind);
      });

      it('hands a text over as typed, from an opaque sender id that a reply reaches', async () => {
        const typed = 'السلام عليكم، أريد الاستفسار عن المساعدة 🌿 (ref TW-2026-00017)';
        const message = await receive('text', { text: typed });
        expect(message.text).toBe(typed);
        expect(message.media).toEqual([]);
        expect(message.choiceId).toBeUndefined();
        expect(message.sender.channelUserId).toEqual(expect.any(String));
        // A phone is only ever what the platform says it is, never read out of the user id.
        if (message.sender.phone !== undefined) expect(message.sender.phone).toMatch(/^\+?\d{6,15}$/);

        const again = await receive('text', { text: 'مرة أخرى' });
        expect(again.sender.channelUserId).toBe(message.sender.channelUserId);

        await h().delivered(USER);
        expect(await send(message.sender.channelUserId, { kind: 'text', text: 'وصلت رسالتك' })).toEqual(
          expect.objectContaining({ ok: true }),
        );
        const shown = await h().delivered(USER);
        expect(shown.map((m) => m.text).join('\n')).toContain('وصلت رسالتك');
      });

      it("hands a 'choice' press over with its choice id (when the platform has buttons)", async () => {
        if (!supported('choice')) return;
        const to = await recipient();
        expect(await send(to, { kind: 'choices', text: 'هل توافق؟', choices: CHOICES })).toMatchObject({
          ok: true,
        });
        await h().delivered(USER);
        const message = await receive('choice', { choiceId: 'contract-yes' });
        expect(message.choiceId).toBe('contract-yes');
        expect(message.sender.channelUserId).toBe(to);
      });

      it.each([
        ['image', /^image\//],
        ['document', /^application\/pdf$/],
        ['voice', /^audio\//],
        ['sticker', /^(image|video|application)\//],
      ] as const)(
        "hands '%s' over as media with its kind and type, and a ref to the bytes (when the platform sends it)",
        async (kind, mimeType) => {
          if (!supported(kind)) return;
          const message = await receive(kind);
          expect(message.media).toHaveLength(1);
          const media = message.media[0]!;
          expect(media.kind).toBe(kind);
          expect(media.mimeType).toMatch(mimeType);
          // Every platform that carries images, documents and voice notes carries their bytes.
          if (kind !== 'sticker') expect(media.ref).toEqual(expect.stringMatching(/\S/));
          if (media.sizeBytes !== undefined) expect(media.sizeBytes).toBeGreaterThan(0);
          if (kind === 'document' && media.fileName !== undefined)
            expect(media.fileName).toBe(CONTRACT_SAMPLES.document.fileName);
        },
      );

      it("hands a shared 'location' over with its latitude and longitude (when the platform sends it)", async () => {
        if (!supported('location')) return;
        const message = await receive('location');
        expect(message.location?.latitude).toBeCloseTo(CONTRACT_SAMPLES.location.latitude, 4);
        expect(message.location?.longitude).toBeCloseTo(CONTRACT_SAMPLES.location.longitude, 4);
      });

      it('gives every native update its own channelMessageId', async () => {
        const ids: string[] = [];
        for (const text of ['واحد', 'اثنان', 'واحد'])
          ids.push((await receive('text', { text })).channelMessageId);
        for (const kind of h().supports) {
          if (kind === 'text' || kind === 'choice') continue;
          ids.push((await receive(kind)).channelMessageId);
        }
        expect(new Set(ids).size).toBe(ids.length);
      });
    });

    describe('outbound', () => {
      it('sends a text and the user sees it', async () => {
        const to = await recipient();
        const text = 'شكرًا لتواصلك مع الجمعية.\nسنرد عليك خلال يوم عمل.';
        expect(await send(to, { kind: 'text', text })).toMatchObject({ ok: true });
        const shown = await h().delivered(USER);
        expect(shown).toHaveLength(1);
        expect(normalise(shown[0]!.text)).toContain(normalise(text));
      });

      it('sends choices that the user sees as buttons with the labels, or as a numbered list', async () => {
        const to = await recipient();
        expect(
          await send(to, { kind: 'choices', text: 'هل توافق على إشعار الخصوصية؟', choices: CHOICES }),
        ).toMatchObject({ ok: true });
        const shown = await h().delivered(USER);
        expect(shown.length).toBeGreaterThanOrEqual(1);
        const last = shown[shown.length - 1]!;
        const all = shown.map((m) => m.text).join('\n');
        expect(all).toContain('هل توافق على إشعار الخصوصية؟');
        const labels = CHOICES.map((c) => c.label);
        const asButtons = labels.every((label, i) => last.buttons[i]?.includes(label));
        const asList = labels.every((label, i) => last.text.includes(`${i + 1}. ${label}`));
        expect({ buttons: last.buttons, text: last.text, visible: asButtons || asList }).toMatchObject({
          visible: true,
        });
      });

      it('sends a document and the user sees its caption', async () => {
        const to = await recipient();
        const { ref, fileName, mimeType } = CONTRACT_SAMPLES.document;
        const caption = 'نموذج الطلب للتعبئة';
        expect(await send(to, { kind: 'document', ref, fileName, mimeType, caption })).toMatchObject({
          ok: true,
        });
        const shown = await h().delivered(USER);
        expect(shown.length).toBeGreaterThanOrEqual(1);
        expect(shown.map((m) => m.text).join('\n')).toContain(caption);
      });

      it('sends a location request and the user sees its text', async () => {
        const to = await recipient();
        const text = 'شارك موقعك ليصل إليك أقرب متطوع.';
        expect(await send(to, { kind: 'location-request', text })).toMatchObject({ ok: true });
        const shown = await h().delivered(USER);
        expect(shown.length).toBeGreaterThanOrEqual(1);
        expect(shown.map((m) => m.text).join('\n')).toContain(text);
      });

      it('splits a text longer than maxTextLength on line breaks, in order, losing nothing', async () => {
        const to = await recipient();
        const max = h().adapter.capabilities.maxTextLength;
        const lines: string[] = [];
        let length = 0;
        for (let n = 1; length < max * 2.5; n++) {
          // Paragraphs of a few lines, lines of varied length, each recognisable by its number.
          const line = `«${n}» ${'كلمة '.repeat(5 + (n % 13))}■`;
          lines.push(n % 4 === 0 ? `${line}\n` : line);
          length += line.length + 1;
        }
        const text = lines.join('\n');
        expect(await send(to, { kind: 'text', text })).toMatchObject({ ok: true });
        const shown = await h().delivered(USER);
        expect(shown.length).toBeGreaterThanOrEqual(3);
        for (const piece of shown) {
          expect(piece.text.length).toBeLessThanOrEqual(max);
          // Cut between lines: every message starts a line and ends one.
          expect(piece.text.trim()).toMatch(/^«\d+»[\s\S]*■$/);
        }
        const numbers = shown.flatMap((piece) =>
          [...piece.text.matchAll(/«(\d+)»/g)].map((m) => Number(m[1])),
        );
        expect(numbers).toEqual(lines.map((_, i) => i + 1));
        expect(normalise(shown.map((m) => m.text).join('\n'))).toBe(normalise(text));
      });

      it('splits a single line longer than maxTextLength between words, losing nothing', async () => {
        const to = await recipient();
        const max = h().adapter.capabilities.maxTextLength;
        const words: string[] = [];
        for (let n = 0, length = 0; length < max * 1.5; n++) {
          words.push(`w${n}`);
          length += `w${n}`.length + 1;
        }
        expect(await send(to, { kind: 'text', text: words.join(' ') })).toMatchObject({ ok: true });
        const shown = await h().delivered(USER);
        expect(shown.length).toBeGreaterThanOrEqual(2);
        for (const piece of shown) expect(piece.text.length).toBeLessThanOrEqual(max);
        expect(
          shown
            .map((m) => m.text)
            .join(' ')
            .split(/\s+/)
            .filter(Boolean),
        ).toEqual(words);
      });
    });

    describe('failures are results, never exceptions', () => {
      it.each([
        ['retryable', true],
        ['permanent', false],
      ] as const)(
        'a %s refusal answers ok: false, retryable: %s, and shows nothing',
        async (mode, retryable) => {
          const to = await recipient();
          h().failNextSend(mode);
          const result = await send(to, { kind: 'text', text: 'رسالة لن تصل' });
          expect(result).toMatchObject({ ok: false, retryable, error: expect.stringMatching(/\S/) });
          const shown = await h().delivered(USER);
          expect(shown.map((m) => m.text).join('\n')).not.toContain('رسالة لن تصل');
        },
      );

      it('sending to a recipient the platform does not know resolves to a result', async () => {
        for (const message of [
          { kind: 'text', text: 'hello' },
          { kind: 'choices', text: 'pick', choices: CHOICES },
        ] satisfies OutboundMessage[]) {
          const result = await send('contract-nobody-4f1c', message);
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) {
            expect(typeof result.retryable).toBe('boolean');
            expect(result.error).toMatch(/\S/);
          }
        }
      });
    });
  });
}

/**
 * For harnesses whose platform gives no other sign that an update was handled (a polling loop, a
 * stream): wraps `adapter` so that `deliver` can wait until the handler the suite passed to `start`
 * has returned for the update it caused.
 *
 * ```ts
 * const observed = observeInbound(new TerminalChannel({ input, output }));
 * deliver: async (_kind, _user, { text }) => {
 *   const before = observed.handled();
 *   input.write(`${text}\n`);
 *   await observed.waitForHandled(before + 1);
 * },
 * ```
 */
export function observeInbound(adapter: ChannelAdapter): {
  adapter: ChannelAdapter;
  handled(): number;
  waitForHandled(count: number, timeoutMs?: number): Promise<void>;
} {
  let handled = 0;
  let wake: (() => void) | undefined;
  const wrapper: ChannelAdapter = {
    name: adapter.name,
    capabilities: adapter.capabilities,
    start: (onMessage) =>
      adapter.start(async (message) => {
        try {
          return await onMessage(message);
        } finally {
          handled += 1;
          wake?.();
        }
      }),
    stop: () => adapter.stop(),
    send: (recipient, message, meta) => adapter.send(recipient, message, meta),
  };
  return {
    adapter: wrapper,
    handled: () => handled,
    async waitForHandled(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (handled < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`the adapter handed over ${handled} updates, expected ${count}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 50));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
  };
}

/** Whitespace differences at message boundaries are the platform's, not lost content. */
function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
