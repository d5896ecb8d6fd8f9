import type { CaseType } from './case-view-repository';
import type { SqlExecutor } from './database';
import type { FieldCipher } from '../security/field-cipher';
import { openText } from '../security/sealed-parts';

/** Where a case lives in the staff group. */
export interface CaseTopic {
  reference: string;
  caseType: CaseType;
  chatId: number;
  /** The forum topic; null where the group has no topics. */
  threadId: number | null;
  cardMessageId: number | null;
  state: 'opening' | 'open';
  cardStatus: string | null;
  claimedBy: string | null;
}

/** A message the person wrote during a handoff, not yet posted in its topic. */
export interface PendingHandoffMessage {
  id: string;
  reference: string;
  /** The person's words, or a reply or note staff wrote in the web console (shown to the group too). */
  author: 'beneficiary' | 'staff' | 'note';
  /** Who wrote a staff line or note. */
  staffId: string | null;
  body: string;
  media: { kind: string; ref?: string; fileName?: string; mimeType?: string; note?: string }[];
  location: { latitude: number; longitude: number } | null;
  outOfHours: boolean;
}

/** An action waiting for the reason staff type in reply to the bot's question. */
export interface ReasonPrompt {
  reference: string;
  caseType: CaseType;
  action: string;
  staffId: string;
  /** Items ticked under an "ask for information" question: `field:<id>` and `document:<id>`. */
  missing?: string[];
}

interface TopicRow extends Record<string, unknown> {
  reference: string;
  case_type: CaseType;
  chat_id: string;
  thread_id: string | null;
  card_message_id: string | null;
  state: 'opening' | 'open';
  card_status: string | null;
  claimed_by: string | null;
}

const TOPIC_COLUMNS = `reference, case_type, chat_id::text AS chat_id, thread_id::text AS thread_id,
  card_message_id::text AS card_message_id, state, card_status, claimed_by`;

const toTopic = (r: TopicRow): CaseTopic => ({
  reference: r.reference,
  caseType: r.case_type,
  chatId: Number(r.chat_id),
  threadId: r.thread_id === null ? null : Number(r.thread_id),
  cardMessageId: r.card_message_id === null ? null : Number(r.card_message_id),
  state: r.state,
  cardStatus: r.card_status,
  claimedBy: r.claimed_by,
});

/** Statuses in which a case still needs staff, per kind: only these get a new card. */
const OPEN_CASES = `
  SELECT 'handoff' AS case_type, reference, created_at FROM handoffs WHERE status <> 'closed'
  UNION ALL
  SELECT 'request', reference, created_at FROM service_requests
    WHERE status IN ('submitted', 'under_review', 'needs_info')
  UNION ALL
  SELECT 'complaint', reference, created_at FROM complaints WHERE status IN ('open', 'assigned', 'escalated')
  UNION ALL
  SELECT 'fieldHelp', reference, created_at FROM field_help_requests WHERE status IN ('open', 'claimed')`;

/** The current status of every case with a topic, whatever its kind. */
const CASE_STATUS = `coalesce(
  (SELECT status FROM handoffs WHERE reference = t.reference),
  (SELECT status FROM service_requests WHERE reference = t.reference),
  (SELECT status FROM complaints WHERE reference = t.reference),
  (SELECT status FROM field_help_requests WHERE reference = t.reference))`;

/**
 * The staff bot's own tables (migration 012): case topics, the messages tied to them, reason
 * prompts, settings and policy acknowledgements.
 */
export class PgStaffBotRepository {
  /** Opens the transcript lines sealed at rest. */
  constructor(private readonly cipher?: FieldCipher) {}

  /** Open cases with no topic yet, and topics a crash left half made; oldest first. */
  async casesToOpen(tx: SqlExecutor, limit: number): Promise<{ caseType: CaseType; reference: string }[]> {
    const found = await tx.query<{ case_type: CaseType; reference: string }>(
      `SELECT case_type, reference FROM (
         SELECT o.case_type, o.reference, o.created_at FROM (${OPEN_CASES}) o
           WHERE NOT EXISTS (SELECT 1 FROM case_topics t WHERE t.reference = o.reference)
         UNION ALL
         SELECT case_type, reference, created_at FROM case_topics WHERE state = 'opening'
       ) c ORDER BY created_at, reference LIMIT $1`,
      [limit],
    );
    return found.rows.map((r) => ({ caseType: r.case_type, reference: r.reference }));
  }

  /** Takes the case for posting (a row in `opening`), or returns the row that is already there. */
  async claimTopic(
    tx: SqlExecutor,
    reference: string,
    caseType: CaseType,
    chatId: number,
  ): Promise<CaseTopic> {
    await tx.query(
      `INSERT INTO case_topics (reference, case_type, chat_id) VALUES ($1, $2, $3)
       ON CONFLICT (reference) DO NOTHING`,
      [reference, caseType, chatId],
    );
    return (await this.topic(tx, reference))!;
  }

  async topic(tx: SqlExecutor, reference: string): Promise<CaseTopic | undefined> {
    const found = await tx.query<TopicRow>(`SELECT ${TOPIC_COLUMNS} FROM case_topics WHERE reference = $1`, [
      reference,
    ]);
    return found.rows[0] && toTopic(found.rows[0]);
  }

  async topicByThread(tx: SqlExecutor, chatId: number, threadId: number): Promise<CaseTopic | undefined> {
    const found = await tx.query<TopicRow>(
      `SELECT ${TOPIC_COLUMNS} FROM case_topics WHERE chat_id = $1 AND thread_id = $2`,
      [chatId, threadId],
    );
    return found.rows[0] && toTopic(found.rows[0]);
  }

  /** The case a message of the group belongs to: a card, a post of the bot, or a staff message. */
  async topicByMessage(tx: SqlExecutor, chatId: number, messageId: number): Promise<CaseTopic | undefined> {
    const found = await tx.query<TopicRow>(
      `SELECT ${TOPIC_COLUMNS} FROM case_topics WHERE reference = (
         SELECT reference FROM staff_console_messages WHERE chat_id = $1 AND message_id = $2)`,
      [chatId, messageId],
    );
    return found.rows[0] && toTopic(found.rows[0]);
  }

  async setThread(tx: SqlExecutor, reference: string, threadId: number | null): Promise<void> {
    await tx.query('UPDATE case_topics SET thread_id = $2, updated_at = now() WHERE reference = $1', [
      reference,
      threadId,
    ]);
  }

  /** The topic was deleted in Telegram: the case goes back to `opening`, to get a new topic and card. */
  async forgetTopic(tx: SqlExecutor, reference: string): Promise<void> {
    await tx.query(
      `UPDATE case_topics SET thread_id = NULL, card_message_id = NULL, state = 'opening', updated_at = now()
       WHERE reference = $1`,
      [reference],
    );
  }

  async setCard(tx: SqlExecutor, reference: string, messageId: number, status: string): Promise<void> {
    await tx.query(
      `UPDATE case_topics SET card_message_id = $2, card_status = $3, state = 'open', updated_at = now()
       WHERE reference = $1`,
      [reference, messageId, status],
    );
  }

  async setCardStatus(tx: SqlExecutor, reference: string, status: string): Promise<void> {
    await tx.query('UPDATE case_topics SET card_status = $2, updated_at = now() WHERE reference = $1', [
      reference,
      status,
    ]);
  }

  /** Records the claimer; false when someone else has it already. */
  async claimCase(tx: SqlExecutor, reference: string, staffId: string): Promise<boolean> {
    const claimed = await tx.query(
      `UPDATE case_topics SET claimed_by = $2, updated_at = now()
       WHERE reference = $1 AND (claimed_by IS NULL OR claimed_by = $2)`,
      [reference, staffId],
    );
    return claimed.rowCount > 0;
  }

  /** Cards whose case changed status elsewhere (web console, clocks, the person ending a handoff). */
  async staleCards(tx: SqlExecutor, limit: number): Promise<(CaseTopic & { status: string })[]> {
    const found = await tx.query<TopicRow & { status: string }>(
      `SELECT * FROM (SELECT ${TOPIC_COLUMNS}, ${CASE_STATUS} AS status FROM case_topics t WHERE state = 'open') s
       WHERE status IS NOT NULL AND status IS DISTINCT FROM card_status ORDER BY reference LIMIT $1`,
      [limit],
    );
    return found.rows.map((r) => ({ ...toTopic(r), status: r.status }));
  }

  /** Marks a Telegram message of the group as tied to a case. False when it was recorded before. */
  async recordMessage(
    tx: SqlExecutor,
    message: {
      chatId: number;
      messageId: number;
      reference: string;
      direction: 'posted' | 'received';
      handoffMessageId?: string;
    },
  ): Promise<boolean> {
    const inserted = await tx.query(
      `INSERT INTO staff_console_messages (chat_id, message_id, reference, direction, handoff_message_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [
        message.chatId,
        message.messageId,
        message.reference,
        message.direction,
        message.handoffMessageId ?? null,
      ],
    );
    return inserted.rowCount > 0;
  }

  /**
   * What people wrote during handoffs that has a topic, not yet posted there, in order, with what staff
   * wrote about them in the web console (replies and notes), so the group reads the whole conversation. Handoffs closed
   * before `closedSince` (a day ago, in the caller's clock: `closed_at` is written in it) are left out:
   * their last words were posted long since, or will never matter.
   */
  async pendingHandoffMessages(
    tx: SqlExecutor,
    closedSince: Date,
    limit: number,
  ): Promise<PendingHandoffMessage[]> {
    const found = await tx.query<{
      id: string;
      reference: string;
      author: PendingHandoffMessage['author'];
      staff_id: string | null;
      body: string;
      media: PendingHandoffMessage['media'];
      location: { latitude: number; longitude: number } | null;
      out_of_hours: boolean;
    }>(
      `SELECT m.id::text AS id, h.reference, m.author, m.staff_id, m.body, m.media, m.location, m.out_of_hours
       FROM handoff_messages m
       JOIN handoffs h ON h.id = m.handoff_id
       JOIN case_topics t ON t.reference = h.reference AND t.state = 'open'
       WHERE (m.author = 'beneficiary' OR m.origin = 'console')
         AND (h.status <> 'closed' OR h.closed_at > $1)
         AND NOT EXISTS (SELECT 1 FROM staff_console_messages s WHERE s.handoff_message_id = m.id)
       ORDER BY m.id LIMIT $2`,
      [closedSince.toISOString(), limit],
    );
    return found.rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      author: r.author,
      staffId: r.staff_id,
      body: openText(r.body, this.cipher),
      media: r.media ?? [],
      location: r.location,
      outOfHours: r.out_of_hours,
    }));
  }

  async addPrompt(tx: SqlExecutor, chatId: number, messageId: number, prompt: ReasonPrompt): Promise<void> {
    await tx.query(
      `INSERT INTO staff_console_prompts (chat_id, message_id, reference, case_type, action, staff_id)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [chatId, messageId, prompt.reference, prompt.caseType, prompt.action, prompt.staffId],
    );
  }

  /** The prompt a reply answers, if the message replied to is one. */
  async prompt(tx: SqlExecutor, chatId: number, messageId: number): Promise<ReasonPrompt | undefined> {
    const found = await tx.query<{
      reference: string;
      case_type: CaseType;
      action: string;
      staff_id: string;
      missing: string[] | null;
    }>(
      `SELECT reference, case_type, action, staff_id, missing FROM staff_console_prompts
       WHERE chat_id = $1 AND message_id = $2`,
      [chatId, messageId],
    );
    const row = found.rows[0];
    return (
      row && {
        reference: row.reference,
        caseType: row.case_type,
        action: row.action,
        staffId: row.staff_id,
        missing: row.missing ?? [],
      }
    );
  }

  /** Ticks or unticks `item` on a prompt; returns the items ticked now. */
  async toggleMissing(tx: SqlExecutor, chatId: number, messageId: number, item: string): Promise<string[]> {
    const found = await tx.query<{ missing: string[] }>(
      `UPDATE staff_console_prompts SET missing = CASE WHEN missing ? $3 THEN missing - $3
                                                      ELSE missing || to_jsonb($3::text) END
       WHERE chat_id = $1 AND message_id = $2 RETURNING missing`,
      [chatId, messageId, item],
    );
    return found.rows[0]?.missing ?? [];
  }

  /** A prompt answered: a reason is used once. False when it was used already. */
  async dropPrompt(tx: SqlExecutor, chatId: number, messageId: number): Promise<boolean> {
    const deleted = await tx.query(
      'DELETE FROM staff_console_prompts WHERE chat_id = $1 AND message_id = $2',
      [chatId, messageId],
    );
    return deleted.rowCount > 0;
  }

  async state<T>(tx: SqlExecutor, key: string): Promise<T | undefined> {
    const found = await tx.query<{ value: T }>('SELECT value FROM staff_console_state WHERE key = $1', [key]);
    return found.rows[0]?.value;
  }

  async setState(tx: SqlExecutor, key: string, value: unknown): Promise<void> {
    await tx.query(
      `INSERT INTO staff_console_state (key, value) VALUES ($1, $2)
       ON CONFLICT (association_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    );
  }

  async hasAcknowledged(tx: SqlExecutor, staffId: string, version: string): Promise<boolean> {
    const found = await tx.query(
      'SELECT 1 FROM staff_policy_acks WHERE staff_id = $1 AND policy_version = $2',
      [staffId, version],
    );
    return found.rowCount > 0;
  }

  /** Records the acknowledgement; false when this version was acknowledged before. */
  async acknowledge(
    tx: SqlExecutor,
    ack: { staffId: string; version: string; telegramUserId: number; at: Date },
  ): Promise<boolean> {
    const inserted = await tx.query(
      `INSERT INTO staff_policy_acks (staff_id, policy_version, telegram_user_id, acknowledged_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [ack.staffId, ack.version, ack.telegramUserId, ack.at.toISOString()],
    );
    return inserted.rowCount > 0;
  }
}
