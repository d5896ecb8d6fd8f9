import type { InboundMessage } from '../domain/inbound-message';
import type { OutboundMessage } from '../domain/outbound-message';
import type { SqlExecutor } from './database';
import { referencedElsewhere } from './erasure-repository';

/** A reply as stored for a web chat session (its payload sealed by the caller when it seals). */
export interface StoredDelivery {
  seq: number;
  payload: OutboundMessage;
  /** The channel message id of the visitor's message it answers, when it answers one. */
  inReplyTo: string | null;
  atMs: number;
}

/** What a visitor sent, as the inbound log keeps it. */
export interface StoredVisitorLine {
  channelMessageId: string;
  payload: InboundMessage;
  atMs: number;
}

/**
 * The web chat's side of the store: replies kept for a browser to fetch (`webchat_deliveries`), keyed by
 * idempotency key and part, and the session's conversation read back for the page.
 */
export class PgWebChatRepository {
  constructor(private readonly db: SqlExecutor) {}

  /** Stores the parts of one reply; a part already stored (a resend after a crash) is left as it is. */
  async store(
    delivery: { key: string; outboxId: string | null; sessionId: string },
    parts: readonly unknown[],
  ): Promise<void> {
    const params: unknown[] = [];
    const rows = parts.map((part, i) => {
      params.push(delivery.key, i, delivery.outboxId, delivery.sessionId, JSON.stringify(part));
      const n = i * 5;
      return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5})`;
    });
    await this.db.query(
      `INSERT INTO webchat_deliveries (delivery_key, part, outbox_id, session_id, payload)
       VALUES ${rows.join(', ')} ON CONFLICT (delivery_key, part) DO NOTHING`,
      params,
    );
  }

  /** Replies for a session after `afterSeq`, oldest first. */
  async after(sessionId: string, afterSeq: number, limit: number): Promise<StoredDelivery[]> {
    const found = await this.db.query<DeliveryRow>(
      `SELECT d.seq::text AS seq, d.payload, i.channel_message_id AS in_reply_to, ${ms('d.delivered_at')} AS at_ms
       FROM webchat_deliveries d
       LEFT JOIN outbox o ON o.id = d.outbox_id
       LEFT JOIN inbound_messages i ON i.id = o.inbound_id
       WHERE d.session_id = $1 AND d.seq > $2 ORDER BY d.seq LIMIT $3`,
      [sessionId, afterSeq, limit],
    );
    return found.rows.map(toDelivery);
  }

  /** The session's last `limit` replies, newest first. */
  async latest(sessionId: string, limit: number): Promise<StoredDelivery[]> {
    const found = await this.db.query<DeliveryRow>(
      `SELECT d.seq::text AS seq, d.payload, i.channel_message_id AS in_reply_to, ${ms('d.delivered_at')} AS at_ms
       FROM webchat_deliveries d
       LEFT JOIN outbox o ON o.id = d.outbox_id
       LEFT JOIN inbound_messages i ON i.id = o.inbound_id
       WHERE d.session_id = $1 ORDER BY d.seq DESC LIMIT $2`,
      [sessionId, limit],
    );
    return found.rows.map(toDelivery);
  }

  /** What the visitor of a session sent last (`limit` messages), newest first. */
  async visitorLines(sessionId: string, limit: number): Promise<StoredVisitorLine[]> {
    const found = await this.db.query<{ channel_message_id: string; payload: InboundMessage; at_ms: string }>(
      `SELECT i.channel_message_id, i.payload, ${ms('i.recorded_at')} AS at_ms
       FROM inbound_messages i JOIN conversations c ON c.id = i.conversation_id
       WHERE c.channel = 'webchat' AND c.channel_user_id = $1 ORDER BY i.id DESC LIMIT $2`,
      [sessionId, limit],
    );
    return found.rows.map((r) => ({
      channelMessageId: r.channel_message_id,
      payload: r.payload,
      atMs: Number(r.at_ms),
    }));
  }

  /** Whether the visitor's message with this channel message id is already in the inbound log. */
  async hasVisitorMessage(channelMessageId: string): Promise<boolean> {
    const found = await this.db.query(
      `SELECT 1 FROM inbound_messages WHERE channel = 'webchat' AND channel_message_id = $1`,
      [channelMessageId],
    );
    return found.rows.length > 0;
  }

  /** A file with these bytes (by SHA-256) that the session already sent, as its message's media keeps it. */
  async sentFile(
    sessionId: string,
    sha256: string,
  ): Promise<{ ref: string; mimeType: string; sizeBytes: number } | undefined> {
    const found = await this.db.query<{ ref: string; mime_type: string; size_bytes: string }>(
      `SELECT m->>'ref' AS ref, m->>'mimeType' AS mime_type, m->>'sizeBytes' AS size_bytes
       FROM inbound_messages i JOIN conversations c ON c.id = i.conversation_id,
         jsonb_array_elements(CASE WHEN jsonb_typeof(i.payload->'media') = 'array'
                                   THEN i.payload->'media' ELSE '[]'::jsonb END) m
       WHERE c.channel = 'webchat' AND c.channel_user_id = $1 AND m->>'sha256' = $2 AND m->>'ref' IS NOT NULL
       ORDER BY i.id DESC LIMIT 1`,
      [sessionId, sha256],
    );
    const row = found.rows[0];
    return row ? { ref: row.ref, mimeType: row.mime_type, sizeBytes: Number(row.size_bytes) } : undefined;
  }

  /** Whether any row (a request, a complaint, a message) points to the stored file `ref`. */
  async fileInUse(ref: string): Promise<boolean> {
    return (await referencedElsewhere(this.db, [ref])).has(ref);
  }

  /** The language of the session's conversation: the person's choice, else the one it started in. */
  async language(sessionId: string): Promise<string | null | undefined> {
    const found = await this.db.query<{ lang: string | null }>(
      `SELECT COALESCE(b.preferred_lang, c.snapshot->>'lang') AS lang
       FROM conversations c JOIN beneficiaries b ON b.id = c.beneficiary_id
       WHERE c.channel = 'webchat' AND c.channel_user_id = $1`,
      [sessionId],
    );
    return found.rows[0]?.lang;
  }

  /** The stored reply that sent document `ref` to this session, if one did. */
  async sentDocument(sessionId: string, ref: string): Promise<OutboundMessage | undefined> {
    const found = await this.db.query<{ payload: OutboundMessage }>(
      `SELECT payload FROM webchat_deliveries
       WHERE session_id = $1 AND payload->>'kind' = 'document' AND payload->>'ref' = $2 LIMIT 1`,
      [sessionId, ref],
    );
    return found.rows[0]?.payload;
  }
}

type DeliveryRow = { seq: string; payload: OutboundMessage; in_reply_to: string | null; at_ms: string };

const toDelivery = (r: DeliveryRow): StoredDelivery => ({
  seq: Number(r.seq),
  payload: r.payload,
  inReplyTo: r.in_reply_to,
  atMs: Number(r.at_ms),
});

/** Milliseconds since the epoch as text: the same on PGlite and the server, whatever their Date parsing. */
const ms = (column: string) => `floor(extract(epoch from ${column}) * 1000)::bigint::text`;
