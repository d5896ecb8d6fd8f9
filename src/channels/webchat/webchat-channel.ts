import { EventEmitter } from 'node:events';
import { withoutNotice, type OutboundMessage } from '../../domain/outbound-message';
import type { Lang } from '../../domain/lang';
import type { FieldCipher } from '../../security/field-cipher';
import { openTextParts, sealTextParts } from '../../security/sealed-parts';
import type { Database } from '../../store/database';
import { PgWebChatRepository, type StoredDelivery } from '../../store/webchat-repository';
import type { ChannelAdapter, InboundHandler, SendResult } from '../channel-adapter';
import { splitMessage } from '../../domain/text/split-text';

/** What a web chat session id looks like: 18 random bytes in base64url, or an association's own longer id. */
export const WEBCHAT_SESSION_ID = /^[A-Za-z0-9_-]{22,64}$/;

export interface WebChatDelivery {
  seq: number;
  /** The channel message id of the visitor's message this answers, when it answers one. */
  inReplyTo: string | null;
  message: OutboundMessage;
  /** When it was stored, ISO 8601. */
  at: string;
}

/** One line of a conversation as the visitor's page shows it after a reload. */
export type WebChatHistoryEntry =
  | {
      from: 'visitor';
      /** The `clientMessageId` the page chose. */
      id: string;
      text: string;
      choiceId?: string;
      media?: { kind: string; mimeType?: string; fileName?: string; sizeBytes?: number }[];
      location?: { latitude: number; longitude: number };
      at: string;
    }
  | ({ from: 'bot' } & WebChatDelivery);

/** SQLSTATE classes that will fail the same way again: bad data (22), a broken rule (23), a bad statement (42). */
const PERMANENT_SQLSTATE = /^(22|23|42)/;

/**
 * The association website's chat. Delivering is storing: a reply is inserted keyed by its idempotency
 * key and part (so a resend after a crash is a no-op), and the browser reads it by server-sent events
 * or polling. A reply longer than `maxTextLength` is stored as several messages, as a phone would show it.
 * With a cipher, stored texts (replies may repeat an ID number in a summary) are sealed at rest.
 */
export class WebChatChannel implements ChannelAdapter {
  readonly name = 'webchat' as const;
  readonly capabilities = { buttons: true, idempotentDelivery: true, maxTextLength: 4_000 };
  /** Emits `delivered:<sessionId>` after each stored reply (in this process). */
  readonly events = new EventEmitter().setMaxListeners(0);
  private handler: InboundHandler | undefined;

  private readonly store: PgWebChatRepository;

  constructor(
    db: Database,
    private readonly cipher?: FieldCipher,
  ) {
    this.store = new PgWebChatRepository(db);
  }

  async start(onMessage: InboundHandler): Promise<void> {
    this.handler = onMessage;
  }

  async stop(): Promise<void> {
    this.handler = undefined;
  }

  get inbound(): InboundHandler {
    if (!this.handler) throw new Error('web chat is not started');
    return this.handler;
  }

  async send(
    recipient: string,
    message: OutboundMessage,
    meta: { idempotencyKey: string },
  ): Promise<SendResult> {
    if (!WEBCHAT_SESSION_ID.test(recipient)) {
      return { ok: false, retryable: false, error: 'not a web chat session id' };
    }
    const outboxId = /^outbox-(\d+)$/.exec(meta.idempotencyKey)?.[1] ?? null;
    // A notice is for channels with a messaging window; the page has none, and stores what it shows.
    const parts = splitMessage(withoutNotice(message), this.capabilities.maxTextLength).map((part) =>
      sealTextParts(part, this.cipher),
    );
    try {
      await this.store.store({ key: meta.idempotencyKey, outboxId, sessionId: recipient }, parts);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const permanent = typeof code === 'string' && PERMANENT_SQLSTATE.test(code);
      return { ok: false, retryable: !permanent, error: `web chat store: ${(err as Error).message}` };
    }
    this.events.emit(`delivered:${recipient}`);
    return { ok: true, platformMessageId: meta.idempotencyKey };
  }

  /** Replies for a session after `afterSeq`, oldest first. */
  async deliveries(sessionId: string, afterSeq: number, limit = 100): Promise<WebChatDelivery[]> {
    return (await this.store.after(sessionId, afterSeq, limit)).map((r) => this.toDelivery(r));
  }

  /**
   * The last `limit` lines of a session's conversation, both sides, oldest first: what the page shows
   * after a reload. A visitor's file is listed by name and type; its bytes are never sent back.
   */
  async history(sessionId: string, limit = 200): Promise<WebChatHistoryEntry[]> {
    const [visitor, bot] = await Promise.all([
      this.store.visitorLines(sessionId, limit),
      this.store.latest(sessionId, limit),
    ]);
    const prefix = `${sessionId}-`;
    const lines: { atMs: number; order: number; entry: WebChatHistoryEntry }[] = [
      ...visitor.map((r) => {
        const m = openTextParts(r.payload, this.cipher);
        const entry: WebChatHistoryEntry = {
          from: 'visitor',
          id: r.channelMessageId.startsWith(prefix)
            ? r.channelMessageId.slice(prefix.length)
            : r.channelMessageId,
          text: m.text ?? '',
          ...(m.choiceId !== undefined ? { choiceId: m.choiceId } : {}),
          ...(m.media?.length
            ? {
                media: m.media.map(({ kind, mimeType, fileName, sizeBytes }) => ({
                  kind,
                  mimeType,
                  fileName,
                  sizeBytes,
                })),
              }
            : {}),
          ...(m.location
            ? { location: { latitude: m.location.latitude, longitude: m.location.longitude } }
            : {}),
          at: new Date(r.atMs).toISOString(),
        };
        // A reply is stored after the message it answers; at the same millisecond, the visitor goes first.
        return { atMs: r.atMs, order: 0, entry };
      }),
      ...bot.map((r) => ({ atMs: r.atMs, order: 1, entry: { from: 'bot' as const, ...this.toDelivery(r) } })),
    ];
    lines.sort((a, b) => a.atMs - b.atMs || a.order - b.order || seqOf(a.entry) - seqOf(b.entry));
    return lines.slice(-limit).map((l) => l.entry);
  }

  /**
   * The language the conversation of a session is held in (the person's choice, else the one the
   * conversation started in); `undefined` before the first message.
   */
  async language(sessionId: string): Promise<Lang | undefined> {
    const lang = await this.store.language(sessionId);
    return lang === 'ar' || lang === 'en' ? lang : undefined;
  }

  /** Whether the visitor's message `clientMessageId` of this session was already taken in. */
  async hasVisitorMessage(sessionId: string, clientMessageId: string): Promise<boolean> {
    return this.store.hasVisitorMessage(`${sessionId}-${clientMessageId}`);
  }

  /** The stored file with these bytes (SHA-256) this session already sent, if it did. */
  async sentFile(sessionId: string, sha256: string) {
    return this.store.sentFile(sessionId, sha256);
  }

  /** Whether any stored row points to the file `ref` (before removing a file nothing took in). */
  async fileInUse(ref: string): Promise<boolean> {
    return this.store.fileInUse(ref);
  }

  /** A document this session was sent, or `undefined`: a visitor may fetch only what was sent to them. */
  async sentDocument(
    sessionId: string,
    ref: string,
  ): Promise<Extract<OutboundMessage, { kind: 'document' }> | undefined> {
    const payload = await this.store.sentDocument(sessionId, ref);
    return payload?.kind === 'document' ? openTextParts(payload, this.cipher) : undefined;
  }

  private toDelivery(r: StoredDelivery): WebChatDelivery {
    return {
      seq: r.seq,
      inReplyTo: r.inReplyTo,
      message: openTextParts(r.payload, this.cipher),
      at: new Date(r.atMs).toISOString(),
    };
  }
}

const seqOf = (entry: WebChatHistoryEntry) => (entry.from === 'bot' ? entry.seq : 0);
