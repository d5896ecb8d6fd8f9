import type { ChannelName } from '../domain/inbound-message';
import type { OutboundMessage } from '../domain/outbound-message';
import type { FieldCipher } from '../security/field-cipher';
import type { SqlExecutor } from './database';

export type OutboxStatus = 'pending' | 'queued' | 'sending' | 'sent' | 'failed' | 'uncertain';

export interface OutboxRow {
  id: string;
  conversationId: string;
  channel: ChannelName;
  recipient: string;
  inboundId: string | null;
  message: OutboundMessage;
  status: OutboxStatus;
  attempts: number;
}

interface RawRow {
  id: string;
  conversation_id: string;
  channel: ChannelName;
  recipient: string;
  inbound_id: string | null;
  payload: OutboundMessage | { sealed: string };
  status: OutboxStatus;
  attempts: number;
}

const COLUMNS = `id::text AS id, conversation_id, channel, recipient, inbound_id::text AS inbound_id, payload, status, attempts`;

const toRow = (r: RawRow, message: OutboundMessage): OutboxRow => ({
  id: r.id,
  conversationId: r.conversation_id,
  channel: r.channel,
  recipient: r.recipient,
  inboundId: r.inbound_id,
  message,
  status: r.status,
  attempts: r.attempts,
});

/** The outbox: replies written with the step that produced them, sent later by the queue worker. */
export class PgOutboxRepository {
  /** With a cipher, payloads are sealed at rest (a summary may repeat an ID number). */
  constructor(private readonly cipher?: FieldCipher) {}

  /** The stored form of a payload: the message itself, or its seal. */
  private sealed(message: OutboundMessage): OutboundMessage | { sealed: string } {
    return this.cipher ? { sealed: this.cipher.seal(JSON.stringify(message)) } : message;
  }

  private open(payload: OutboundMessage | { sealed: string }): OutboundMessage {
    if ('sealed' in payload) {
      if (!this.cipher) throw new Error('outbox payload is sealed but no encryption key is configured');
      return JSON.parse(this.cipher.open(payload.sealed)) as OutboundMessage;
    }
    return payload;
  }

  /**
   * Writes rows in one statement, in the order given: ids rise in that order, which is the order a
   * conversation's replies are sent in. Returns their ids in the same order.
   */
  async add(
    tx: SqlExecutor,
    rows: {
      conversationId: string;
      channel: ChannelName;
      recipient: string;
      inboundId?: string;
      message: OutboundMessage;
    }[],
  ): Promise<string[]> {
    if (rows.length === 0) return [];
    const stored = rows.map((row) => ({
      c: row.conversationId,
      ch: row.channel,
      r: row.recipient,
      i: row.inboundId ?? null,
      p: this.sealed(row.message),
    }));
    // The rows are produced in ORDINALITY order, so the sequence numbers them in that order.
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO outbox (conversation_id, channel, recipient, inbound_id, payload)
       SELECT (e.row->>'c')::uuid, e.row->>'ch', e.row->>'r', (e.row->>'i')::bigint, e.row->'p'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(row, n) ORDER BY e.n
       RETURNING id::text AS id`,
      [JSON.stringify(stored)],
    );
    const ids = inserted.rows.map((r) => r.id).sort((a, b) => Number(BigInt(a) - BigInt(b)));
    // The outbox dispatcher queues them once they are committed (`Database.committed`).
    tx.afterCommit({ topic: 'outbox', ids });
    return ids;
  }

  async get(tx: SqlExecutor, id: string): Promise<OutboxRow | undefined> {
    const found = await tx.query<RawRow & Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM outbox WHERE id = $1`,
      [id],
    );
    const row = found.rows[0];
    return row && toRow(row, this.open(row.payload));
  }

  /**
   * Claims, in one statement, the rows among `ids` that may go now: pending or queued, on one of
   * `channels`, and no earlier reply of their conversation still on its way (so of two rows of one
   * conversation only the earlier is claimed). Returns the rows claimed, by id; for one absent the caller
   * finds out why with `get` (already sent, waiting its turn, interrupted mid-send…). The outbound worker
   * claims its concurrent jobs together (issue #8).
   */
  async claimReadyMany(
    tx: SqlExecutor,
    ids: readonly string[],
    channels: readonly string[],
  ): Promise<Map<string, OutboxRow>> {
    const claimed = await tx.query<RawRow & Record<string, unknown>>(
      `UPDATE outbox o SET status = 'sending', attempts = o.attempts + 1
       WHERE o.id = ANY($1::bigint[]) AND o.status IN ('pending', 'queued') AND o.channel = ANY($2::text[])
         AND NOT EXISTS (
           SELECT 1 FROM outbox e WHERE e.conversation_id = o.conversation_id AND e.id < o.id
           AND e.status IN ('pending', 'queued', 'sending'))
       RETURNING ${COLUMNS}`,
      [ids, channels],
    );
    return new Map(claimed.rows.map((row) => [row.id, toRow(row, this.open(row.payload))]));
  }

  /**
   * Of rows just committed, those a sender that sends each conversation's rows in order, one after the
   * other, may send now (the outbound worker's `sendNow`), read without claiming them: pending or
   * queued, on one of `channels`, and no earlier reply of their conversation on its way, except one
   * among `ids` (sent first by the same sender) or in `delivered` (sent by it, its `sent` mark not yet
   * committed). Nothing is marked before the send: used only where a second send of a row is harmless
   * (channels that deduplicate by our key), so a sweep that queues the row meanwhile costs nothing.
   */
  async readyInOrder(
    tx: SqlExecutor,
    ids: readonly string[],
    channels: readonly string[],
    delivered: readonly string[] = [],
  ): Promise<OutboxRow[]> {
    if (ids.length === 0 || channels.length === 0) return [];
    const ready = await tx.query<RawRow & Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM outbox o
       WHERE o.id = ANY($1::bigint[]) AND o.status IN ('pending', 'queued') AND o.channel = ANY($2::text[])
         AND NOT EXISTS (
           SELECT 1 FROM outbox e WHERE e.conversation_id = o.conversation_id AND e.id < o.id
           AND e.status IN ('pending', 'queued', 'sending')
           AND NOT (e.id = ANY($1::bigint[]) AND e.status IN ('pending', 'queued'))
           AND NOT e.id = ANY($3::bigint[]))
       ORDER BY o.id`,
      [ids, channels, delivered],
    );
    return ready.rows.map((row) => toRow(row, this.open(row.payload)));
  }

  /** `claimReadyMany` for one row. */
  async claimReady(tx: SqlExecutor, id: string, channels: readonly string[]): Promise<OutboxRow | undefined> {
    return (await this.claimReadyMany(tx, [id], channels)).get(id);
  }

  /** Claims a row for sending; returns false when another attempt already claimed or finished it. */
  async claim(tx: SqlExecutor, id: string): Promise<boolean> {
    const claimed = await tx.query(
      `UPDATE outbox SET status = 'sending', attempts = attempts + 1
       WHERE id = $1 AND status IN ('pending', 'queued')`,
      [id],
    );
    return claimed.rowCount > 0;
  }

  /** Whether an earlier reply of the same conversation is still on its way (replies keep their order). */
  async hasEarlierUnsent(tx: SqlExecutor, row: OutboxRow): Promise<boolean> {
    const found = await tx.query(
      `SELECT 1 FROM outbox WHERE conversation_id = $1 AND id < $2
       AND status IN ('pending', 'queued', 'sending') LIMIT 1`,
      [row.conversationId, row.id],
    );
    return found.rowCount > 0;
  }

  async markSent(tx: SqlExecutor, id: string, platformMessageId?: string): Promise<void> {
    await tx.query(
      `UPDATE outbox SET status = 'sent', sent_at = now(), platform_message_id = $2, last_error = NULL WHERE id = $1`,
      [id, platformMessageId ?? null],
    );
  }

  /** `markSent` for several rows in one statement. */
  async markSentMany(
    tx: SqlExecutor,
    sent: readonly { id: string; platformMessageId?: string | undefined }[],
  ): Promise<void> {
    if (sent.length === 0) return;
    await tx.query(
      `UPDATE outbox SET status = 'sent', sent_at = now(), platform_message_id = s.platform_message_id,
         last_error = NULL
       FROM unnest($1::bigint[], $2::text[]) AS s(id, platform_message_id) WHERE outbox.id = s.id`,
      [sent.map((s) => s.id), sent.map((s) => s.platformMessageId ?? null)],
    );
  }

  async markStatus(tx: SqlExecutor, id: string, status: OutboxStatus, error?: string): Promise<void> {
    await tx.query('UPDATE outbox SET status = $2, last_error = $3 WHERE id = $1', [
      id,
      status,
      error ?? null,
    ]);
  }

  async markQueued(tx: SqlExecutor, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.query(
      `UPDATE outbox SET status = 'queued' WHERE id = ANY($1::bigint[]) AND status = 'pending'`,
      [ids],
    );
  }

  /** Of `ids`, those not yet sent nor given up on (pending, queued or sending). */
  async stillOpen(tx: SqlExecutor, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = await tx.query<{ id: string }>(
      `SELECT id::text AS id FROM outbox WHERE id = ANY($1::bigint[])
       AND status IN ('pending', 'queued', 'sending') ORDER BY outbox.id`,
      [ids],
    );
    return found.rows.map((r) => r.id);
  }

  /** Rows waiting to go to one person on one channel (held, paced or retried), oldest first. */
  async waitingFor(tx: SqlExecutor, channel: ChannelName, recipient: string): Promise<string[]> {
    const found = await tx.query<{ id: string }>(
      `SELECT id::text AS id FROM outbox WHERE channel = $1 AND recipient = $2
       AND status IN ('pending', 'queued') ORDER BY outbox.id LIMIT 100`,
      [channel, recipient],
    );
    return found.rows.map((r) => r.id);
  }

  /** Rows a crash may have left behind: written but never queued, or queued while Redis lost them. */
  async stale(tx: SqlExecutor, olderThanSeconds: number, limit = 500): Promise<string[]> {
    const found = await tx.query<{ id: string }>(
      `SELECT id::text AS id FROM outbox WHERE status IN ('pending', 'queued')
       AND created_at < now() - make_interval(secs => $1) ORDER BY outbox.id LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return found.rows.map((r) => r.id);
  }

  /** Replies waiting to be sent (pending or queued), oldest first. */
  async unsentIds(db: SqlExecutor): Promise<string[]> {
    const found = await db.query<{ id: string }>(
      `SELECT id::text AS id FROM outbox WHERE status IN ('pending', 'queued') ORDER BY id`,
    );
    return found.rows.map((row) => row.id);
  }

  /** How many rows have `status`. */
  async countWithStatus(db: SqlExecutor, status: OutboxStatus): Promise<number> {
    const found = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE status = $1`, [
      status,
    ]);
    return found.rows[0]?.n ?? 0;
  }

  /** Rows in one of `statuses` (only `ids` among them, when given), as a resend would pick them. */
  async resendable(
    db: SqlExecutor,
    statuses: readonly string[],
    ids?: readonly string[],
  ): Promise<ResendRow[]> {
    const found = await db.query<ResendSqlRow>(
      `SELECT id::text AS id, channel, status AS was, last_error FROM outbox
       WHERE status = ANY($1::text[]) ${ids ? 'AND id = ANY($2::bigint[])' : ''} ORDER BY id`,
      ids ? [statuses, ids] : [statuses],
    );
    return found.rows.map(toResendRow);
  }

  /** Puts the rows `resendable` names back to pending (their last error cleared), locked; oldest first. */
  async resend(tx: SqlExecutor, statuses: readonly string[], ids?: readonly string[]): Promise<ResendRow[]> {
    const picked = await tx.query<ResendSqlRow>(
      `WITH picked AS (
         SELECT id, status, channel, last_error FROM outbox
         WHERE status = ANY($1::text[]) ${ids ? 'AND id = ANY($2::bigint[])' : ''} ORDER BY id FOR UPDATE)
       UPDATE outbox o SET status = 'pending', last_error = NULL FROM picked p WHERE o.id = p.id
       RETURNING o.id::text AS id, p.channel, p.status AS was, p.last_error`,
      ids ? [statuses, ids] : [statuses],
    );
    return picked.rows.map(toResendRow).sort((a, b) => Number(a.id) - Number(b.id));
  }
}

/** An outbox row picked for a resend, with the status it had. */
export interface ResendRow {
  id: string;
  channel: string;
  was: string;
  lastError: string | null;
}

type ResendSqlRow = { id: string; channel: string; was: string; last_error: string | null };
const toResendRow = (r: ResendSqlRow): ResendRow => ({
  id: r.id,
  channel: r.channel,
  was: r.was,
  lastError: r.last_error,
});
