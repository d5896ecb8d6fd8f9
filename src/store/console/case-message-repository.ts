import type { SqlExecutor } from '../database';
import type { PersonMessageRow } from './case-detail-repository';

type Row = Omit<PersonMessageRow, 'at'> & { at: Date };

const toRows = (rows: Row[]): PersonMessageRow[] => rows.map((m) => ({ ...m, at: new Date(m.at) }));

/**
 * The chat messages that belong to one case (need to know, docs/console.md): the run of the flow that
 * made or answered it, and the notifications we wrote about it. Everything else of the person's chats
 * is their history, which only some roles see (`PgCaseDetailRepository.personMessages`).
 */
export class PgCaseMessageRepository {
  /**
   * The flow run that ends with the stored message `inboundId`: in its conversation, the messages the
   * same flow handled (`inbound_messages.flow_id`) back to the one that started it (the menu choice, the
   * greeting), and our replies to them; at most `limit` of the person's, the latest. Nothing for a
   * message processed before migration 017 (no flow recorded) or one erased since.
   */
  async flowRun(tx: SqlExecutor, inboundId: string, limit: number): Promise<PersonMessageRow[]> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`not a row limit: ${limit}`);
    const found = await tx.query<Row>(
      `WITH s AS (
         SELECT id, conversation_id, flow_id FROM inbound_messages WHERE id = $1::bigint AND flow_id IS NOT NULL),
       started AS (
         SELECT coalesce(max(m.id), 0) AS id FROM inbound_messages m JOIN s ON m.conversation_id = s.conversation_id
         WHERE m.id < s.id AND m.flow_id IS DISTINCT FROM s.flow_id),
       run AS (
         SELECT m.id, m.received_at, m.channel, m.payload FROM inbound_messages m
         JOIN s ON m.conversation_id = s.conversation_id
         WHERE m.id <= s.id AND m.id >= (SELECT id FROM started)
         ORDER BY m.id DESC LIMIT ${limit})
       SELECT received_at AS at, 'in' AS direction, channel, payload, NULL AS status, false AS reply FROM run
       UNION ALL
       SELECT o.created_at, 'out', o.channel, o.payload, o.status, true
       FROM outbox o JOIN s ON o.conversation_id = s.conversation_id
       WHERE o.inbound_id IN (SELECT id FROM run)`,
      [inboundId],
    );
    return toRows(found.rows);
  }

  /**
   * What we wrote to the person on our own (no message of theirs answered: decisions, reminders,
   * requests for information), newest first, at most `limit`: the caller keeps those about the case.
   */
  async notifications(tx: SqlExecutor, beneficiaryId: string, limit: number): Promise<PersonMessageRow[]> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`not a row limit: ${limit}`);
    const found = await tx.query<Row>(
      `SELECT o.created_at AS at, 'out' AS direction, o.channel, o.payload, o.status, false AS reply
       FROM outbox o JOIN conversations c ON c.id = o.conversation_id
       WHERE c.beneficiary_id = $1 AND o.inbound_id IS NULL
       ORDER BY o.id DESC LIMIT ${limit}`,
      [beneficiaryId],
    );
    return toRows(found.rows);
  }
}
