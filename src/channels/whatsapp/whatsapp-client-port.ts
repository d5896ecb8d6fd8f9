import type { Message, MessageMedia, MessageSendOptions, WAState } from 'whatsapp-web.js';

/**
 * The parts of a whatsapp-web.js `Message` the adapter reads. A `Pick` of the library's own type, so
 * a field renamed or retyped in a new library version breaks the build here, not in production.
 *
 * `_data` is the raw WhatsApp Web model the library wraps. It is not in the typings but the library
 * keeps it on every message (`Message._patch`); we read two fields from it and treat both as optional.
 */
export type WhatsAppMessage = Pick<
  Message,
  'id' | 'from' | 'fromMe' | 'isStatus' | 'type' | 'body' | 'hasMedia' | 'timestamp' | 'location'
> & {
  /** The real library types this as `Promise<MessageMedia>`, yet resolves `undefined` when media expired. */
  downloadMedia(): Promise<MediaPayload | undefined>;
  _data?: {
    /** The name the person shows on WhatsApp (their "push name"). */
    notifyName?: string;
    /** Size of the attachment in bytes, known before downloading it. */
    size?: number;
    /** File name of a document. */
    filename?: string;
    /** Declared type of the attachment. */
    mimetype?: string;
  };
};

/** What `downloadMedia()` resolves to: the library's `MessageMedia` (base64 data). */
export type MediaPayload = Pick<MessageMedia, 'mimetype' | 'data' | 'filename' | 'filesize'>;

/** Reason given with `disconnected`: a WhatsApp Web state, `LOGOUT`, or the library's own text. */
export type DisconnectReason = string;

/** What `sendMessage` may carry here: text, or a library `MessageMedia` instance (never a look-alike). */
export type WhatsAppContent = string | MessageMedia;

export type WhatsAppSendOptions = Pick<MessageSendOptions, 'caption' | 'sendMediaAsDocument' | 'linkPreview'>;

/**
 * The slice of whatsapp-web.js's `Client` Tawasul uses, and nothing else: the adapter is written
 * against this port so tests drive it with a fake (test/support/fake-whatsapp-client.ts). The real
 * `Client` satisfies it: `create-whatsapp-client.ts` assigns one to this type, so the compiler checks
 * it on every build.
 *
 * Deliberately not in it: chats, contacts, groups, reactions, buttons and lists (WhatsApp Web no
 * longer delivers buttons reliably; choices go out as numbered text).
 */
export interface WhatsAppClientPort {
  /** Launches the browser, opens WhatsApp Web and starts authentication (a `qr`, or a restored session). */
  initialize(): Promise<void>;
  /** Closes the browser; the session on disk stays. */
  destroy(): Promise<void>;
  /** WhatsApp Web's connection state; throws when the browser is gone, `null` before the page is up. */
  getState(): Promise<WAState | null>;
  /** Resolves the sent message; the real client resolves `undefined` when the chat cannot be found. */
  sendMessage(
    chatId: string,
    content: WhatsAppContent,
    options?: WhatsAppSendOptions,
  ): Promise<Pick<Message, 'id'> | undefined>;

  on(event: 'qr', listener: (qr: string) => void): this;
  on(event: 'authenticated', listener: () => void): this;
  on(event: 'auth_failure', listener: (message: string) => void): this;
  on(event: 'ready', listener: () => void): this;
  on(event: 'disconnected', listener: (reason: DisconnectReason) => void): this;
  on(event: 'change_state', listener: (state: WAState) => void): this;
  on(event: 'message', listener: (message: WhatsAppMessage) => void): this;
  removeAllListeners(event?: string): this;
}
