import { EventEmitter } from 'node:events';
import { Location, MessageMedia, MessageTypes, WAState, type Message } from 'whatsapp-web.js';
import type {
  DisconnectReason,
  WhatsAppClientPort,
  WhatsAppContent,
  WhatsAppMessage,
  WhatsAppSendOptions,
} from '../../src/channels/whatsapp/whatsapp-client-port';

/** A message the fake "sent": what reached the person's phone. */
export interface SentWhatsApp {
  chatId: string;
  content: WhatsAppContent;
  options?: WhatsAppSendOptions;
  /** What the phone shows: the text, or a document's caption. */
  shown: string;
  /** `Date.now()` when it was sent, for pacing checks. */
  at: number;
  id: string;
}

/**
 * The message fields the fake fills, checked against whatsapp-web.js's own `Message` type: a field
 * renamed or retyped in the library breaks this file's build. `downloadMedia` and `_data` follow the
 * port (the real library resolves `undefined` for expired media; `_data` is its untyped raw model).
 */
export type FakeMessage = Pick<
  Message,
  | 'id'
  | 'from'
  | 'to'
  | 'author'
  | 'fromMe'
  | 'isStatus'
  | 'type'
  | 'body'
  | 'hasMedia'
  | 'timestamp'
  | 'location'
> &
  Pick<WhatsAppMessage, 'downloadMedia' | '_data'>;

export interface FakeMedia {
  bytes: Buffer;
  mimetype: string;
  filename?: string;
  caption?: string;
  /** What WhatsApp announces before the download (default: the real size). */
  announcedSize?: number;
  /** The media expired on WhatsApp's servers: `downloadMedia()` resolves `undefined`, as the library does. */
  expired?: boolean;
  /** How long the download takes. */
  downloadDelayMs?: number;
}

/** Ids as WhatsApp gives them: a privacy id that only looks like digits, and a Saudi mobile's chat id. */
export const SAMPLE_IDS = {
  lid: '190374628119557@lid',
  phone: '966501234567@c.us',
  group: '120363025246125486@g.us',
  status: 'status@broadcast',
  me: '966550000000@c.us',
} as const;

/**
 * whatsapp-web.js's `Client` without a browser, for tests: an EventEmitter implementing the port the
 * WhatsApp adapter uses, with the library's event names and payloads, its message shape (built from
 * its own types, `Location` and `MessageMedia` classes), and its habits: `initialize()` restores a linked
 * session (`authenticated`, `ready`) or shows a `qr`; a disconnect closes the browser; `sendMessage`
 * throws `Session closed` once the browser is gone and "invalid wid" for a malformed chat id, and,
 * like the real client, only knows text and real `MessageMedia` instances.
 *
 * ```ts
 * const phone = new FakeWhatsAppClient({ linked: false });
 * // adapter started → phone.lastQr is set → phone.scanQr() → ready
 * phone.receiveText(SAMPLE_IDS.lid, 'السلام عليكم');
 * phone.sentTo(SAMPLE_IDS.lid); // what the person received
 * ```
 */
export class FakeWhatsAppClient extends EventEmitter implements WhatsAppClientPort {
  readonly sent: SentWhatsApp[] = [];
  initializeCalls = 0;
  destroyCalls = 0;
  lastQr: string | undefined;
  /** A session is saved (LocalAuth's folder): `initialize()` restores it without a QR. */
  linked: boolean;
  private browserOpen = false;
  private connected = false;
  private failingStarts = 0;
  private readonly sendFailures: Error[] = [];
  private readonly cursors = new Map<string, number>();
  private counter = 0;

  constructor(options: { linked?: boolean } = {}) {
    super();
    this.linked = options.linked ?? true;
  }

  // --- the port ---------------------------------------------------------------------------------

  async initialize(): Promise<void> {
    this.initializeCalls++;
    if (this.failingStarts > 0) {
      this.failingStarts--;
      throw new Error('Failed to launch the browser process!');
    }
    this.browserOpen = true;
    if (this.linked) this.becomeReady();
    else this.showQr();
  }

  async destroy(): Promise<void> {
    this.destroyCalls++;
    this.browserOpen = false;
    this.connected = false;
  }

  async getState(): Promise<WAState | null> {
    if (!this.browserOpen) throw new Error('Protocol error (Runtime.callFunctionOn): Session closed.');
    return this.connected ? WAState.CONNECTED : WAState.UNPAIRED;
  }

  async sendMessage(
    chatId: string,
    content: WhatsAppContent,
    options?: WhatsAppSendOptions,
  ): Promise<Pick<Message, 'id'> | undefined> {
    if (!this.browserOpen) {
      throw new Error(
        'Protocol error (Runtime.callFunctionOn): Session closed. Most likely the page has been closed.',
      );
    }
    const failure = this.sendFailures.shift();
    if (failure) throw failure;
    if (!/^[^@\s]+@(?:c\.us|lid|g\.us)$/.test(chatId))
      throw new Error('Evaluation failed: Error: wid error: invalid wid');
    if (typeof content !== 'string' && !(content instanceof MessageMedia)) {
      // The real client checks `instanceof MessageMedia`; a look-alike object would go out as "[object Object]".
      throw new TypeError('fake whatsapp: content must be a string or a whatsapp-web.js MessageMedia');
    }
    const id = `3EB0${(++this.counter).toString(16).padStart(16, '0').toUpperCase()}`;
    const shown = typeof content === 'string' ? content : (options?.caption ?? '');
    this.sent.push({ chatId, content, options, shown, at: Date.now(), id });
    return { id: { fromMe: true, remote: chatId, id, _serialized: `true_${chatId}_${id}` } };
  }

  // --- the world around it ----------------------------------------------------------------------

  /** The association's phone scans the QR code shown: the session links and becomes ready. */
  scanQr(): void {
    if (!this.lastQr || this.connected) throw new Error('fake whatsapp: no QR code is waiting for a scan');
    this.linked = true;
    this.becomeReady();
  }

  /**
   * The connection drops as the library reports it. `LOGOUT` (someone removed the linked device on
   * the phone) also forgets the session, so the next start shows a QR code. Any other reason is a
   * WhatsApp Web state the library gives up on: it emits `change_state`, then `disconnected`, then
   * closes its browser.
   */
  disconnect(reason: DisconnectReason = 'LOGOUT'): void {
    this.connected = false;
    if (reason === 'LOGOUT') {
      this.linked = false;
      this.emit('disconnected', reason);
      return;
    }
    this.emit('change_state', reason);
    this.emit('disconnected', reason);
    this.browserOpen = false;
  }

  /** The next `count` starts fail, as when Chromium cannot launch. */
  failStarts(count: number): void {
    this.failingStarts = count;
  }

  /** The next `sendMessage` throws `error`. */
  failNextSend(error: Error): void {
    this.sendFailures.push(error);
  }

  /** Everything `chatId` received, in order. */
  sentTo(chatId: string): SentWhatsApp[] {
    return this.sent.filter((m) => m.chatId === chatId);
  }

  /** The next message to `chatId` not yet returned by this method, waiting for it if need be. */
  async nextSent(chatId: string, timeoutMs = 10_000): Promise<SentWhatsApp> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.cursors.get(chatId) ?? 0;
      const next = this.sentTo(chatId)[index];
      if (next) {
        this.cursors.set(chatId, index + 1);
        return next;
      }
      if (Date.now() > deadline) throw new Error(`no WhatsApp message to ${chatId} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  receiveText(from: string, body: string, extra: Partial<FakeMessage> = {}): FakeMessage {
    return this.receive(this.message(from, MessageTypes.TEXT, { body, ...extra }));
  }

  receiveImage(from: string, media: FakeMedia): FakeMessage {
    return this.receive(this.withMedia(from, MessageTypes.IMAGE, media));
  }

  receiveDocument(from: string, media: FakeMedia): FakeMessage {
    return this.receive(this.withMedia(from, MessageTypes.DOCUMENT, media));
  }

  receiveVoice(from: string, media: FakeMedia): FakeMessage {
    return this.receive(this.withMedia(from, MessageTypes.VOICE, media));
  }

  receiveAudio(from: string, media: FakeMedia): FakeMessage {
    return this.receive(this.withMedia(from, MessageTypes.AUDIO, media));
  }

  receiveSticker(from: string, media: FakeMedia): FakeMessage {
    return this.receive(this.withMedia(from, MessageTypes.STICKER, media));
  }

  /** A shared pin; like the library, `body` is the map thumbnail and `location` a `Location`. */
  receiveLocation(
    from: string,
    latitude: number,
    longitude: number,
    place: { name?: string; address?: string } = {},
  ): FakeMessage {
    return this.receive(
      this.message(from, MessageTypes.LOCATION, {
        body: '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/',
        location: new Location(latitude, longitude, place),
      }),
    );
  }

  /** Someone's status update, as the library delivers it (`isStatus`, from `status@broadcast`). */
  receiveStatus(author: string, body: string): FakeMessage {
    return this.receive(this.message(SAMPLE_IDS.status, MessageTypes.TEXT, { body, author, isStatus: true }));
  }

  /** A message in a group: `from` is the group, `author` the member who wrote. */
  receiveGroup(group: string, author: string, body: string): FakeMessage {
    return this.receive(this.message(group, MessageTypes.TEXT, { body, author }));
  }

  /** A message the association typed on its own phone, which the library also reports. */
  receiveOwn(to: string, body: string): FakeMessage {
    return this.receive(this.message(SAMPLE_IDS.me, MessageTypes.TEXT, { body, to, fromMe: true }));
  }

  /** A WhatsApp notice in a person's chat (security code changed, a deleted message…). */
  receiveNotice(from: string, type: MessageTypes): FakeMessage {
    return this.receive(this.message(from, type, { body: '' }));
  }

  private receive(message: FakeMessage): FakeMessage {
    this.emit('message', message);
    return message;
  }

  private message(from: string, type: MessageTypes, fields: Partial<FakeMessage>): FakeMessage {
    const fromMe = fields.fromMe ?? false;
    const remote = fromMe ? (fields.to ?? from) : from;
    const id = `${from.startsWith('9') ? '3A' : 'AC'}${(++this.counter).toString(16).padStart(18, '0').toUpperCase()}`;
    return {
      id: { fromMe, remote, id, _serialized: `${fromMe}_${remote}_${id}` },
      from,
      to: SAMPLE_IDS.me,
      author: undefined,
      fromMe,
      isStatus: false,
      type,
      body: '',
      hasMedia: false,
      timestamp: Math.floor(Date.now() / 1000),
      location: undefined as unknown as Location, // typed as always there; the library sets it for locations only
      downloadMedia: async () => undefined,
      _data: { notifyName: 'أم محمد' },
      ...fields,
    };
  }

  private withMedia(from: string, type: MessageTypes, media: FakeMedia): FakeMessage {
    return this.message(from, type, {
      body: media.caption ?? '',
      hasMedia: true,
      downloadMedia: async () =>
        media.expired
          ? undefined
          : new MessageMedia(
              media.mimetype,
              media.bytes.toString('base64'),
              media.filename ?? null,
              media.bytes.length,
            ),
      _data: {
        notifyName: 'أم محمد',
        size: media.announcedSize ?? media.bytes.length,
        mimetype: media.mimetype,
        ...(media.filename ? { filename: media.filename } : {}),
      },
    });
  }

  private showQr(): void {
    this.lastQr = `2@fake${++this.counter},qr-code-of-start-${this.initializeCalls}==`;
    this.emit('qr', this.lastQr);
  }

  private becomeReady(): void {
    this.connected = true;
    this.emit('authenticated');
    this.emit('ready');
  }
}
