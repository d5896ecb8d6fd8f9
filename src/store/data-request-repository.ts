import type { SqlExecutor } from './database';
import { insertWithReference } from './with-reference';

export type DataRequestStatus = 'open' | 'completed' | 'refused';

/** A data request as the administrator's queue lists it. */
export interface DataRequestRow {
  reference: string;
  kind: 'deletion' | 'correction';
  status: DataRequestStatus;
  dueDate: string;
  createdAt: string;
  completedAt: string | null;
}

/** A data request locked for a decision or its erasure. */
export interface LockedRequest {
  kind: 'deletion' | 'correction';
  status: DataRequestStatus;
  beneficiaryId: string | null;
  dueDate: string;
  /** When the notice that the erasure is under way was queued; null until then. */
  noticeQueuedAt: Date | null;
  /** The administrator who approved or refused it; null when the due date decides. */
  decidedBy: string | null;
}

/** A person's requests about their own data (`data_requests`): deletion under the PDPL. */
export class PgDataRequestRepository {
  /** Opens a deletion request under a fresh `prefix-…` reference, due on `dueDate`. */
  async openDeletion(
    tx: SqlExecutor,
    prefix: string,
    request: {
      beneficiaryId: string;
      dueDate: string;
      /** Where it was asked (the channel and its message id: erased with the request's completion). */
      details: { channel: string; messageId: string | null };
      at: Date;
    },
  ): Promise<string> {
    const { reference } = await insertWithReference<{ id: string }>(tx, prefix, (ref) => ({
      sql: `INSERT INTO data_requests (reference, beneficiary_id, kind, details, status, due_date, created_at)
            VALUES ($1, $2, 'deletion', $3, 'open', $4, $5)
            ON CONFLICT (reference) DO NOTHING RETURNING id`,
      params: [
        ref,
        request.beneficiaryId,
        JSON.stringify(request.details),
        request.dueDate,
        request.at.toISOString(),
      ],
    }));
    return reference;
  }

  /** The request's status (`open`, `completed`, `refused`), or undefined when there is none. */
  async status(db: SqlExecutor, reference: string): Promise<string | undefined> {
    const found = await db.query<{ status: string }>(
      'SELECT status FROM data_requests WHERE reference = $1',
      [reference],
    );
    return found.rows[0]?.status;
  }

  /** The requests in `status`: open ones by due date, closed ones latest first. */
  async list(tx: SqlExecutor, status: DataRequestStatus, limit = 500): Promise<DataRequestRow[]> {
    const order =
      status === 'open' ? 'due_date, created_at' : 'completed_at DESC NULLS LAST, created_at DESC';
    const found = await tx.query<{
      reference: string;
      kind: 'deletion' | 'correction';
      status: DataRequestStatus;
      due_date: string;
      created_at: Date | string;
      completed_at: Date | string | null;
    }>(
      `SELECT reference, kind, status, due_date::text AS due_date, created_at, completed_at
       FROM data_requests WHERE status = $1 ORDER BY ${order}, reference LIMIT $2`,
      [status, limit],
    );
    return found.rows.map((r) => ({
      reference: r.reference,
      kind: r.kind,
      status: r.status,
      dueDate: r.due_date,
      createdAt: new Date(r.created_at).toISOString(),
      completedAt: r.completed_at === null ? null : new Date(r.completed_at).toISOString(),
    }));
  }

  /** The request by reference, locked; undefined when there is none. */
  async lock(tx: SqlExecutor, reference: string): Promise<LockedRequest | undefined> {
    const found = await tx.query<{
      kind: 'deletion' | 'correction';
      status: DataRequestStatus;
      beneficiary_id: string | null;
      due_date: string;
      notice_queued_at: Date | string | null;
      decided_by: string | null;
    }>(
      `SELECT kind, status, beneficiary_id, due_date::text AS due_date, notice_queued_at, decided_by
       FROM data_requests WHERE reference = $1 FOR UPDATE`,
      [reference],
    );
    const row = found.rows[0];
    return (
      row && {
        kind: row.kind,
        status: row.status,
        beneficiaryId: row.beneficiary_id,
        dueDate: row.due_date,
        noticeQueuedAt: row.notice_queued_at === null ? null : new Date(row.notice_queued_at),
        decidedBy: row.decided_by,
      }
    );
  }

  /**
   * The notice that the erasure is under way was written to the outbox rows `outboxIds` at `at`; the
   * erasure waits for them. `decidedBy`: the administrator who approved it before its due date.
   */
  async recordNotice(
    tx: SqlExecutor,
    reference: string,
    notice: { outboxIds: readonly string[]; at: Date; decidedBy: string | null },
  ): Promise<void> {
    await tx.query(
      `UPDATE data_requests SET notice_queued_at = $2, notice_outbox_ids = $3::bigint[],
         decided_by = coalesce($4, decided_by)
       WHERE reference = $1`,
      [reference, notice.at.toISOString(), notice.outboxIds, notice.decidedBy],
    );
  }

  /** How many of the notice's outbox rows are not sent yet (nor given up on: failed, uncertain). */
  async noticeUnsent(tx: SqlExecutor, reference: string): Promise<number> {
    const found = await tx.query<{ unsent: number }>(
      `SELECT count(*)::int AS unsent FROM outbox
       WHERE id = ANY((SELECT notice_outbox_ids FROM data_requests WHERE reference = $1)::bigint[])
         AND status IN ('pending', 'queued', 'sending')`,
      [reference],
    );
    return found.rows[0]?.unsent ?? 0;
  }

  /** Refuses the request (it stays on record, closed): who, why, when. */
  async refuse(
    tx: SqlExecutor,
    reference: string,
    refusal: { staffId: string; reason: string; at: Date },
  ): Promise<void> {
    await tx.query(
      `UPDATE data_requests SET status = 'refused', refusal_reason = $3, decided_by = $2, completed_at = $4
       WHERE reference = $1`,
      [reference, refusal.staffId, refusal.reason, refusal.at.toISOString()],
    );
  }
}
