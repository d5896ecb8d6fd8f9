import type { ChannelName } from '../domain/inbound-message';
import type { SqlExecutor } from './database';
import { insertWithReference } from './with-reference';

export interface NewHandoff {
  beneficiaryId: string;
  conversationId: string;
  categoryId: string | null;
  reason: string;
  routedTo: string | null;
  /** Which routing rule chose the officer. */
  routing: string;
  at: Date;
}

export interface NewBeneficiaryLine {
  reference: string;
  beneficiaryId: string;
  /** Sealed at rest by the caller. */
  body: string;
  media: unknown[];
  location: { latitude: number; longitude: number } | null;
  channel: string;
  channelMessageId: string | null;
  outOfHours: boolean;
  at: Date;
}

/** A handoff as staff act on it, locked, with where its person is reached. */
export interface StaffHandoff {
  id: string;
  reference: string;
  categoryId: string | null;
  status: 'open' | 'claimed' | 'closed';
  claimedBy: string | null;
  conversationId: string;
  channel: ChannelName;
  channelUserId: string;
  /** The person's preferred language, when known. */
  lang: string | null;
}

export interface NewStaffLine {
  handoffId: string;
  /** `staff`: relayed to the person; `note`: for colleagues only. */
  author: 'staff' | 'note';
  staffId: string;
  /** Where the staff member wrote it. */
  origin: 'telegram' | 'console';
  /** Sealed at rest by the caller. */
  body: string;
  media: unknown[];
  channel: string;
  /** The sender's own id for this message: a second line with the same id is not added. */
  channelMessageId: string;
  at: Date;
}

/**
 * Conversations with a person (`handoffs`) and their transcript (`handoff_messages`, one row per
 * message: appending never rewrites what is there, staff read it in order with an index).
 */
export class PgHandoffRepository {
  /** The open handoff of a conversation (there is at most one). */
  async openIn(
    tx: SqlExecutor,
    conversationId: string,
  ): Promise<{ reference: string; routedTo: string | null; categoryId: string | null } | undefined> {
    const open = await tx.query<{ reference: string; routed_to: string | null; category_id: string | null }>(
      `SELECT reference, routed_to, category_id FROM handoffs WHERE conversation_id = $1 AND status <> 'closed'`,
      [conversationId],
    );
    const row = open.rows[0];
    return row && { reference: row.reference, routedTo: row.routed_to, categoryId: row.category_id };
  }

  /** Opens a handoff under a fresh `prefix-…` reference. */
  async open(tx: SqlExecutor, prefix: string, handoff: NewHandoff): Promise<string> {
    const { reference } = await insertWithReference<{ id: string }>(tx, prefix, (ref) => ({
      sql: `INSERT INTO handoffs
            (reference, beneficiary_id, conversation_id, category_id, reason, routed_to, routing, created_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
          ON CONFLICT (reference) DO NOTHING RETURNING id`,
      params: [
        ref,
        handoff.beneficiaryId,
        handoff.conversationId,
        handoff.categoryId,
        handoff.reason,
        handoff.routedTo,
        handoff.routing,
        handoff.at.toISOString(),
      ],
    }));
    return reference;
  }

  /** Adds what the person wrote to their handoff's transcript; false when the handoff is not theirs. */
  async addBeneficiaryLine(tx: SqlExecutor, line: NewBeneficiaryLine): Promise<boolean> {
    const inserted = await tx.query(
      `INSERT INTO handoff_messages
         (handoff_id, author, body, media, location, channel, channel_message_id, out_of_hours, created_at)
       SELECT id, 'beneficiary', $3, $4, $5, $6, $7, $8, $9
         FROM handoffs WHERE reference = $1 AND beneficiary_id = $2`,
      [
        line.reference,
        line.beneficiaryId,
        line.body,
        JSON.stringify(line.media),
        line.location ? JSON.stringify(line.location) : null,
        line.channel,
        line.channelMessageId,
        line.outOfHours,
        line.at.toISOString(),
      ],
    );
    return inserted.rowCount > 0;
  }

  /** The handoff by reference, locked for staff to claim or answer it. */
  async lockForStaff(tx: SqlExecutor, reference: string): Promise<StaffHandoff | undefined> {
    const found = await tx.query<{
      id: string;
      reference: string;
      category_id: string | null;
      status: StaffHandoff['status'];
      claimed_by: string | null;
      conversation_id: string;
      channel: ChannelName;
      channel_user_id: string;
      lang: string | null;
    }>(
      `SELECT h.id, h.reference, h.category_id, h.status, h.claimed_by, h.conversation_id, c.channel, c.channel_user_id,
              b.preferred_lang AS lang
       FROM handoffs h
       JOIN conversations c ON c.id = h.conversation_id
       JOIN beneficiaries b ON b.id = h.beneficiary_id
       WHERE h.reference = $1 FOR UPDATE OF h`,
      [reference],
    );
    const row = found.rows[0];
    return (
      row && {
        id: row.id,
        reference: row.reference,
        categoryId: row.category_id,
        status: row.status,
        claimedBy: row.claimed_by,
        conversationId: row.conversation_id,
        channel: row.channel,
        channelUserId: row.channel_user_id,
        lang: row.lang,
      }
    );
  }

  /** A staff member took the conversation, or was handed it by a colleague. */
  async claim(tx: SqlExecutor, handoffId: string, staffId: string): Promise<void> {
    await tx.query(
      `UPDATE handoffs SET status = 'claimed', claimed_by = $2, change_seq = nextval('handoff_changes')
       WHERE id = $1`,
      [handoffId, staffId],
    );
  }

  /**
   * Adds a staff member's reply or note to the transcript; false when a line with the same
   * `channelMessageId` is already there (the same message sent twice).
   */
  async addStaffLine(tx: SqlExecutor, line: NewStaffLine): Promise<boolean> {
    const inserted = await tx.query(
      `INSERT INTO handoff_messages
         (handoff_id, author, staff_id, origin, body, media, channel, channel_message_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (handoff_id, channel_message_id) WHERE author <> 'beneficiary' DO NOTHING`,
      [
        line.handoffId,
        line.author,
        line.staffId,
        line.origin,
        line.body,
        JSON.stringify(line.media),
        line.channel,
        line.channelMessageId,
        line.at.toISOString(),
      ],
    );
    return inserted.rowCount > 0;
  }

  /** Where a handoff stands: its conversation, status and who holds it. */
  async find(
    db: SqlExecutor,
    reference: string,
  ): Promise<
    { conversationId: string; status: StaffHandoff['status']; claimedBy: string | null } | undefined
  > {
    const found = await db.query<{
      conversation_id: string;
      status: StaffHandoff['status'];
      claimed_by: string | null;
    }>('SELECT conversation_id, status, claimed_by FROM handoffs WHERE reference = $1', [reference]);
    const row = found.rows[0];
    return row && { conversationId: row.conversation_id, status: row.status, claimedBy: row.claimed_by };
  }

  /**
   * Closes the handoff at `at` by `closedBy` (`beneficiary`, or the staff actor); only the person's own
   * when `beneficiaryId` is given. False when it was closed already (or is not theirs).
   */
  async close(
    tx: SqlExecutor,
    reference: string,
    closedBy: string,
    at: Date,
    beneficiaryId?: string,
  ): Promise<boolean> {
    const closed = await tx.query(
      `UPDATE handoffs SET status = 'closed', closed_at = $2, closed_by = $3,
              change_seq = nextval('handoff_changes')
       WHERE reference = $1 AND status <> 'closed' ${beneficiaryId ? 'AND beneficiary_id = $4' : ''}`,
      beneficiaryId
        ? [reference, at.toISOString(), closedBy, beneficiaryId]
        : [reference, at.toISOString(), closedBy],
    );
    return closed.rowCount > 0;
  }
}
