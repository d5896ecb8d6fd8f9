import { EventEmitter } from 'node:events';
import type { InboundMessage } from '../../domain/inbound-message';
import type { OutboundMessage } from '../../domain/outbound-message';
import type { Lang } from '../../engine/effects';
import type { FieldCipher } from '../../security/field-cipher';
import { openTextParts, sealTextParts } from '../../security/sealed-parts';
import type { Database } from '../../store/database';
import type { ChannelAdapter, InboundHandler, SendResult } from '../channel-adapter';
import { splitMessage } from '../split-text';

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

  constructor(
    private readonly db: Database,
    private readonly cipher?: FieldCipher,
  ) {}

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
    const parts = splitMessage(message, this.capabilities.maxTextLength);
    const params: unknown[] = [];
    const rows = parts.map((part, i) => {
      params.push(
        meta.idempotencyKey,
        i,
        outboxId,
        recipient,
        JSON.stringify(sealTextParts(part, this.cipher)),
      );
      const n = i * 5;
      return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5})`;
    });
    try {
      await this.db.query(
        `INSERT INTO webchat_deliveries (delivery_key, part, outbox_id, session_id, payload)
         VALUES ${rows.join(', ')} ON CONFLICT (delivery_key, part) DO NOTHING`,
        params,
      );
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
    const found = await this.db.query<DeliveryRow>(
      `SELECT d.seq::text AS seq, d.payload, i.channel_message_id AS in_reply_to, ${ms('d.delivered_at')} AS at_ms
       FROM webchat_deliveries d
       LEFT JOIN outbox o ON o.id = d.outbox_id
       LEFT JOIN inbound_messages i ON i.id = o.inbound_id
       WHERE d.session_id = $1 AND d.seq > $2 ORDER BY d.seq LIMIT $3`,
      [sessionId, afterSeq, limit],
    );
    return found.rows.map((r) => this.toDelivery(r));
  }

  /**
   * The last `limit` lines of a session's conversation, both sides, oldest first: what the page shows
   * after a reload. A visitor's file is listed by name and type; its bytes are never sent back.
   */
  async history(sessionId: string, limit = 200): Promise<WebChatHistoryEntry[]> {
    const [visitor, bot] = await Promise.all([
      this.db.query<{ channel_message_id: string; payload: InboundMessage; at_ms: string }>(
        `SELECT i.channel_message_id, i.payload, ${ms('i.recorded_at')} AS at_ms
         FROM inbound_messages i JOIN conversations c ON c.id = i.conversation_id
         WHERE c.channel = 'webchat' AND c.channel_user_id = $1 ORDER BY i.id DESC LIMIT $2`,
        [sessionId, limit],
      ),
      this.db.query<DeliveryRow>(
        `SELECT d.seq::text AS seq, d.payload, i.channel_message_id AS in_reply_to, ${ms('d.delivered_at')} AS at_ms
         FROM webchat_deliveries d
         LEFT JOIN outbox o ON o.id = d.outbox_id
         LEFT JOIN inbound_messages i ON i.id = o.inbound_id
         WHERE d.session_id = $1 ORDER BY d.seq DESC LIMIT $2`,
        [sessionId, limit],
      ),
    ]);
    const prefix = `${sessionId}-`;
    const lines: { atMs: number; order: number; entry: WebChatHistoryEntry }[] = [
      ...visitor.rows.map((r) => {
        const m = openTextParts(r.payload, this.cipher);
        const entry: WebChatHistoryEntry = {
          from: 'visitor',
          id: r.channel_message_id.startsWith(prefix)
            ? r.channel_message_id.slice(prefix.length)
            : r.channel_message_id,
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
          at: new Date(Number(r.at_ms)).toISOString(),
        };
        // A reply is stored after the message it answers; at the same millisecond, the visitor goes first.
        return { atMs: Number(r.at_ms), order: 0, entry };
      }),
      ...bot.rows.map((r) => {
        const delivery = this.toDelivery(r);
        return { atMs: Number(r.at_ms), order: 1, entry: { from: 'bot' as const, ...delivery } };
      }),
    ];
    lines.sort((a, b) => a.atMs - b.atMs || a.order - b.order || seqOf(a.entry) - seqOf(b.entry));
    return lines.slice(-limit).map((l) => l.entry);
  }

  /**
   * The language the conversation of a session is held in (the person's choice, else the one the
   * conversation started in); `undefined` before the first message.
   */
  async language(sessionId: string): Promise<Lang | undefined> {
    const found = await this.db.query<{ lang: string | null }>(
      `SELECT COALESCE(b.preferred_lang, c.snapshot->>'lang') AS lang
       FROM conversations c JOIN beneficiaries b ON b.id = c.beneficiary_id
       WHERE c.channel = 'webchat' AND c.channel_user_id = $1`,
      [sessionId],
    );
    const lang = found.rows[0]?.lang;
    return lang === 'ar' || lang === 'en' ? lang : undefined;
  }

  /** A document this session was sent, or `undefined`: a visitor may fetch only what was sent to them. */
  async sentDocument(
    sessionId: string,
    ref: string,
  ): Promise<Extract<OutboundMessage, { kind: 'document' }> | undefined> {
    const found = await this.db.query<{ payload: OutboundMessage }>(
      `SELECT payload FROM webchat_deliveries
       WHERE session_id = $1 AND payload->>'kind' = 'document' AND payload->>'ref' = $2 LIMIT 1`,
      [sessionId, ref],
    );
    const payload = found.rows[0]?.payload;
    return payload?.kind === 'document' ? openTextParts(payload, this.cipher) : undefined;
  }

  private toDelivery(r: DeliveryRow): WebChatDelivery {
    return {
      seq: Number(r.seq),
      inReplyTo: r.in_reply_to,
      message: openTextParts(r.payload, this.cipher),
      at: new Date(Number(r.at_ms)).toISOString(),
    };
  }
}

type DeliveryRow = { seq: string; payload: OutboundMessage; in_reply_to: string | null; at_ms: string };

/** Milliseconds since the epoch as text: the same on PGlite and the server, whatever their Date parsing. */
const ms = (column: string) => `floor(extract(epoch from ${column}) * 1000)::bigint::text`;

const seqOf = (entry: WebChatHistoryEntry) => (entry.from === 'bot' ? entry.seq : 0);
