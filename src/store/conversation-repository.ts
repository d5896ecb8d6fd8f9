import type { ChannelName, InboundMessage } from '../domain/inbound-message';
import type { ConversationSnapshot } from '../engine/flow';
import type { FieldCipher } from '../security/field-cipher';
import { openContext, openTextParts, sealContext, sealTextParts } from '../security/sealed-parts';
import type { SqlExecutor } from './database';
import type { ConversationContact, ConversationRow, FinishedStep, PendingInbound } from './conversation-rows';

export type { ConversationContact, ConversationRow, FinishedStep, PendingInbound } from './conversation-rows';

/** What `lock` and `lockMany` read of a conversation. */
const LOCKED_COLUMNS = 'id, beneficiary_id, channel, channel_user_id, snapshot';
interface LockedRow extends Record<string, unknown> {
  id: string;
  beneficiary_id: string;
  channel: ChannelName;
  channel_user_id: string;
  snapshot: ConversationSnapshot | null;
}

const asLang = (value: string | null): 'ar' | 'en' | undefined =>
  value === 'ar' || value === 'en' ? value : undefined;

/** Conversations, the people behind them and their inbound log (PostgreSQL; PGlite and server alike). */
export class PgConversationRepository {
  /**
   * With a cipher, what people type is sealed at rest: message texts and captions in the inbound log
   * (they may carry ID numbers) and the flow context of snapshots (a form's answers).
   */
  constructor(private readonly cipher?: FieldCipher) {}

  /**
   * Finds the conversation of a channel identity, creating the person, the identity and the
   * conversation on first contact. Safe when two first messages race: the loser reuses the winner's rows.
   */
  async identify(
    tx: SqlExecutor,
    channel: ChannelName,
    sender: InboundMessage['sender'],
  ): Promise<{ conversationId: string; beneficiaryId: string }> {
    const existing = await this.find(tx, channel, sender.channelUserId);
    if (existing) return existing;
    const created = await tx.query<{ id: string }>('INSERT INTO beneficiaries DEFAULT VALUES RETURNING id');
    const beneficiaryId = created.rows[0]!.id;
    const identity = await tx.query(
      `INSERT INTO channel_identities (channel, channel_user_id, beneficiary_id, phone, display_name)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING beneficiary_id`,
      [channel, sender.channelUserId, beneficiaryId, sender.phone ?? null, sender.displayName ?? null],
    );
    if (identity.rowCount === 0) {
      await tx.query('DELETE FROM beneficiaries WHERE id = $1', [beneficiaryId]);
      const winner = await this.find(tx, channel, sender.channelUserId);
      if (!winner) throw new Error(`identity ${channel} vanished while being created`);
      return winner;
    }
    const conversation = await tx.query<{ id: string }>(
      `INSERT INTO conversations (beneficiary_id, channel, channel_user_id) VALUES ($1, $2, $3) RETURNING id`,
      [beneficiaryId, channel, sender.channelUserId],
    );
    return { conversationId: conversation.rows[0]!.id, beneficiaryId };
  }

  /**
   * The conversation a person used last, where news about their cases goes, with their preferred
   * language; undefined when they have none (a phone intake).
   */
  async latestOf(tx: SqlExecutor, beneficiaryId: string): Promise<ConversationContact | undefined> {
    const found = await tx.query<{
      id: string;
      channel: ChannelName;
      channel_user_id: string;
      lang: string | null;
    }>(
      `SELECT c.id, c.channel, c.channel_user_id, b.preferred_lang AS lang
       FROM conversations c JOIN beneficiaries b ON b.id = c.beneficiary_id
       WHERE c.beneficiary_id = $1 ORDER BY c.updated_at DESC LIMIT 1`,
      [beneficiaryId],
    );
    const row = found.rows[0];
    return (
      row && { id: row.id, channel: row.channel, channelUserId: row.channel_user_id, lang: asLang(row.lang) }
    );
  }

  /** Every conversation of the person, each in the language of its current flow. */
  async allOf(tx: SqlExecutor, beneficiaryId: string): Promise<ConversationContact[]> {
    const found = await tx.query<{
      id: string;
      channel: ChannelName;
      channel_user_id: string;
      lang: string | null;
    }>(
      `SELECT id, channel, channel_user_id, snapshot->>'lang' AS lang FROM conversations
       WHERE beneficiary_id = $1 ORDER BY updated_at DESC`,
      [beneficiaryId],
    );
    return found.rows.map((row) => ({
      id: row.id,
      channel: row.channel,
      channelUserId: row.channel_user_id,
      lang: asLang(row.lang),
    }));
  }

  /** Where a conversation's messages go, in the language of its current flow. */
  async contact(tx: SqlExecutor, conversationId: string): Promise<ConversationContact | undefined> {
    const found = await tx.query<{ channel: ChannelName; channel_user_id: string; lang: string | null }>(
      `SELECT channel, channel_user_id, snapshot->>'lang' AS lang FROM conversations WHERE id = $1`,
      [conversationId],
    );
    const row = found.rows[0];
    return (
      row && {
        id: conversationId,
        channel: row.channel,
        channelUserId: row.channel_user_id,
        lang: asLang(row.lang),
      }
    );
  }

  private async find(tx: SqlExecutor, channel: string, channelUserId: string) {
    const found = await tx.query<{ id: string; beneficiary_id: string }>(
      'SELECT id, beneficiary_id FROM conversations WHERE channel = $1 AND channel_user_id = $2',
      [channel, channelUserId],
    );
    const row = found.rows[0];
    return row ? { conversationId: row.id, beneficiaryId: row.beneficiary_id } : undefined;
  }

  /** Records an inbound message; returns its id, or undefined when the channel already delivered it. */
  async recordInbound(
    tx: SqlExecutor,
    conversationId: string,
    message: InboundMessage,
  ): Promise<string | undefined> {
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO inbound_messages (channel, channel_message_id, conversation_id, payload, received_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (association_id, channel, channel_message_id) DO NOTHING RETURNING id::text`,
      [
        message.channel,
        message.channelMessageId,
        conversationId,
        this.storedPayload(message),
        message.receivedAt.toISOString(),
      ],
    );
    return inserted.rows[0]?.id;
  }

  /**
   * `identify` + `recordInbound` in one statement, without a transaction, for a person already known
   * (every message but the first): one round trip instead of four. Undefined when the channel identity
   * has no conversation yet; the caller then takes the full path. `inboundId` is undefined for a
   * message the channel already delivered.
   */
  async recordInboundIfKnown(
    db: SqlExecutor,
    message: InboundMessage,
  ): Promise<{ conversationId: string; inboundId: string | undefined } | undefined> {
    const found = await db.query<{ conversation_id: string; inbound_id: string | null }>(
      `WITH c AS (SELECT id FROM conversations WHERE channel = $1::text AND channel_user_id = $2::text),
       inserted AS (
         INSERT INTO inbound_messages (channel, channel_message_id, conversation_id, payload, received_at)
         SELECT $1::text, $3::text, c.id, $4::jsonb, $5::timestamptz FROM c
         ON CONFLICT (association_id, channel, channel_message_id) DO NOTHING RETURNING id::text AS id)
       SELECT c.id AS conversation_id, (SELECT id FROM inserted) AS inbound_id FROM c`,
      [
        message.channel,
        message.sender.channelUserId,
        message.channelMessageId,
        this.storedPayload(message),
        message.receivedAt.toISOString(),
      ],
    );
    const row = found.rows[0];
    return row && { conversationId: row.conversation_id, inboundId: row.inbound_id ?? undefined };
  }

  /**
   * `recordInboundIfKnown` for many messages in one statement (the group commit of inbound messages:
   * one commit for all that arrive together). Results are in the messages' order; a message repeated
   * within the batch is recorded once, for its first occurrence.
   */
  async recordInboundManyIfKnown(
    db: SqlExecutor,
    messages: readonly InboundMessage[],
  ): Promise<({ conversationId: string; inboundId: string | undefined } | undefined)[]> {
    if (messages.length === 0) return [];
    const rows = messages.map((m) => ({
      ch: m.channel,
      u: m.sender.channelUserId,
      m: m.channelMessageId,
      p: sealTextParts(m, this.cipher),
      at: m.receivedAt.toISOString(),
    }));
    // Rows are inserted in the batch's order (ids rise with it); a conflict leaves no id.
    const found = await db.query<{ n: string; conversation_id: string | null; inbound_id: string | null }>(
      `WITH m AS (
         SELECT e.n, e.row->>'ch' AS channel, e.row->>'u' AS channel_user_id, e.row->>'m' AS message_id,
                e.row->'p' AS payload, (e.row->>'at')::timestamptz AS received_at
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(row, n)),
       known AS (
         SELECT m.*, c.id AS conversation_id FROM m
         JOIN conversations c ON c.channel = m.channel AND c.channel_user_id = m.channel_user_id),
       inserted AS (
         INSERT INTO inbound_messages (channel, channel_message_id, conversation_id, payload, received_at)
         SELECT channel, message_id, conversation_id, payload, received_at FROM known ORDER BY n
         ON CONFLICT (association_id, channel, channel_message_id) DO NOTHING
         RETURNING id::text AS id, channel, channel_message_id)
       SELECT k.n::text AS n, k.conversation_id, i.id AS inbound_id FROM known k
       LEFT JOIN inserted i ON i.channel = k.channel AND i.channel_message_id = k.message_id`,
      [JSON.stringify(rows)],
    );
    const byPosition = new Map(found.rows.map((r) => [Number(r.n) - 1, r]));
    const claimed = new Set<string>();
    return messages.map((message, index) => {
      const row = byPosition.get(index);
      if (!row?.conversation_id) return undefined;
      // Two copies of one message in a batch: the first holds the id, the second is a duplicate.
      const key = `${message.channel}\u0000${message.channelMessageId}`;
      const inboundId = row.inbound_id && !claimed.has(key) ? row.inbound_id : undefined;
      if (inboundId) claimed.add(key);
      return { conversationId: row.conversation_id, inboundId };
    });
  }

  private storedPayload(message: InboundMessage): string {
    return JSON.stringify(sealTextParts(message, this.cipher));
  }

  /**
   * Takes the conversation's row lock for the rest of the transaction: one step at a time, any process.
   * `NO KEY UPDATE`: it excludes other steps but not the key-share lock an inbound insert takes on its
   * conversation, so a message arriving mid-step is recorded at once instead of waiting for the step.
   */
  async lock(tx: SqlExecutor, conversationId: string): Promise<ConversationRow | undefined> {
    const found = await tx.query<LockedRow>(
      `SELECT ${LOCKED_COLUMNS} FROM conversations WHERE id = $1 FOR NO KEY UPDATE`,
      [conversationId],
    );
    const row = found.rows[0];
    return row && this.conversationRow(row);
  }

  /**
   * `lock` for the conversations of a batch of steps that are free now: one taken by another process's
   * step is skipped (`SKIP LOCKED`), not waited for; the caller steps it on its own. Locks are taken
   * in id order, so two batches never wait on each other crosswise.
   */
  async lockMany(tx: SqlExecutor, conversationIds: readonly string[]): Promise<Map<string, ConversationRow>> {
    const found = await tx.query<LockedRow>(
      `SELECT ${LOCKED_COLUMNS} FROM conversations
       WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE SKIP LOCKED`,
      [conversationIds],
    );
    return new Map(found.rows.map((row) => [row.id, this.conversationRow(row)]));
  }

  private conversationRow(row: LockedRow): ConversationRow {
    return {
      id: row.id,
      beneficiaryId: row.beneficiary_id,
      channel: row.channel,
      channelUserId: row.channel_user_id,
      snapshot: row.snapshot && this.openSnapshot(row.snapshot),
    };
  }

  /**
   * A snapshot whose context cannot be opened (sealed with a key since dropped from ENCRYPTION_KEYS_OLD)
   * is treated as none: the person starts again politely rather than every message of theirs failing.
   */
  private openSnapshot(snapshot: ConversationSnapshot): ConversationSnapshot | null {
    try {
      return openContext(snapshot, this.cipher);
    } catch {
      return null;
    }
  }

  private storedSnapshot(snapshot: ConversationSnapshot): string {
    return JSON.stringify(sealContext(snapshot, this.cipher));
  }

  /**
   * The oldest unprocessed message of each conversation, in one statement: arrival order is processing
   * order. Run it after `lock`/`lockMany` as a statement of its own: only a statement that starts after
   * the lock sees what the previous holder committed. `more` says whether another message waits behind
   * it; conversations with nothing waiting are absent. The ORDER BY names the table: a bare `id` would
   * sort by the `id::text` output column, putting message 10 before 9.
   */
  async nextPendingMany(
    tx: SqlExecutor,
    conversationIds: readonly string[],
  ): Promise<Map<string, PendingInbound>> {
    if (conversationIds.length === 0) return new Map();
    const found = await tx.query<{ conversation_id: string; id: string; payload: InboundMessage }>(
      `SELECT c.id AS conversation_id, p.id, p.payload FROM unnest($1::uuid[]) AS c(id)
       CROSS JOIN LATERAL (
         SELECT inbound_messages.id::text AS id, payload FROM inbound_messages
         WHERE conversation_id = c.id AND processed_at IS NULL ORDER BY inbound_messages.id LIMIT 2) p`,
      [conversationIds],
    );
    const pending = new Map<string, PendingInbound>();
    for (const row of found.rows) {
      const first = pending.get(row.conversation_id);
      if (first) {
        // Rows of one conversation come oldest first: a second one means another waits.
        if (BigInt(row.id) > BigInt(first.id)) first.more = true;
        else pending.set(row.conversation_id, { ...this.pendingOf(row), more: true });
        continue;
      }
      pending.set(row.conversation_id, { ...this.pendingOf(row), more: false });
    }
    return pending;
  }

  private pendingOf(row: { id: string; payload: InboundMessage }): PendingInbound {
    return {
      id: row.id,
      message: { ...openTextParts(row.payload, this.cipher), receivedAt: new Date(row.payload.receivedAt) },
    };
  }

  /**
   * Ends the steps of a batch in one statement: each new snapshot (null keeps the stored one) and each
   * inbound message marked processed or failed.
   */
  async finishSteps(tx: SqlExecutor, steps: readonly FinishedStep[]): Promise<void> {
    if (steps.length === 0) return;
    const rows = steps.map((step) => ({
      c: step.conversationId,
      s: step.snapshot === null ? null : sealContext(step.snapshot, this.cipher),
      i: step.inboundId,
      o: step.outcome,
      f: step.flowId ?? null,
    }));
    await tx.query(
      `WITH s AS (
         SELECT (e->>'c')::uuid AS conversation_id, e->'s' AS snapshot, (e->>'i')::bigint AS inbound_id,
                e->>'o' AS outcome, e->>'f' AS flow_id
         FROM jsonb_array_elements($1::jsonb) AS e),
       saved AS (
         UPDATE conversations c SET snapshot = s.snapshot, updated_at = now() FROM s
         WHERE c.id = s.conversation_id AND jsonb_typeof(s.snapshot) = 'object')
       UPDATE inbound_messages m SET processed_at = now(), outcome = s.outcome, flow_id = s.flow_id
       FROM s WHERE m.id = s.inbound_id`,
      [JSON.stringify(rows)],
    );
  }

  async markProcessed(tx: SqlExecutor, inboundId: string, outcome: 'processed' | 'failed'): Promise<void> {
    await tx.query('UPDATE inbound_messages SET processed_at = now(), outcome = $2 WHERE id = $1', [
      inboundId,
      outcome,
    ]);
  }

  async saveSnapshot(tx: SqlExecutor, conversationId: string, snapshot: ConversationSnapshot): Promise<void> {
    await tx.query('UPDATE conversations SET snapshot = $2, updated_at = now() WHERE id = $1', [
      conversationId,
      this.storedSnapshot(snapshot),
    ]);
  }

  /** The language a conversation is held in, once known: the person's choice, else the snapshot's. */
  async language(tx: SqlExecutor, conversationId: string): Promise<'ar' | 'en' | undefined> {
    const found = await tx.query<{ lang: string | null }>(
      `SELECT COALESCE(b.preferred_lang, c.snapshot->>'lang') AS lang
       FROM conversations c JOIN beneficiaries b ON b.id = c.beneficiary_id WHERE c.id = $1`,
      [conversationId],
    );
    const lang = found.rows[0]?.lang;
    return lang === 'ar' || lang === 'en' ? lang : undefined;
  }

  async setPreferredLanguage(tx: SqlExecutor, beneficiaryId: string, lang: string): Promise<void> {
    await tx.query('UPDATE beneficiaries SET preferred_lang = $2 WHERE id = $1', [beneficiaryId, lang]);
  }

  /** Conversations with accepted but unprocessed messages (after a crash, or a failed transaction). */
  async conversationsWithPending(tx: SqlExecutor): Promise<string[]> {
    const found = await tx.query<{ conversation_id: string }>(
      'SELECT DISTINCT conversation_id FROM inbound_messages WHERE processed_at IS NULL',
    );
    return found.rows.map((r) => r.conversation_id);
  }
}
