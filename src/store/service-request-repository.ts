import type { SqlExecutor } from './database';
import { insertWithReference } from './with-reference';

/** A request as its timers see it, locked for the transaction. */
export interface ClockedRequest {
  status: string;
  dueDate: string;
  categoryId: string;
  escalationLevel: number;
  /** The officer it was assigned to, if any. */
  routedTo: string | null;
}

/** An open request whose due date a calendar change may move. */
export interface OpenDeadline {
  reference: string;
  serviceId: string;
  /** When its clock started: completion, or the information's arrival after a pause. */
  clockStartedAt: Date;
  /** The working days its clock counts, when set by an information round. */
  clockWorkingDays: number | null;
  dueDate: string;
  /** Who was given the date (none for a request recorded without a person). */
  beneficiaryId: string | null;
}

export interface NewServiceRequestRow {
  beneficiaryId: string | null;
  serviceId: string;
  categoryId: string;
  /** The form's answers, with ID numbers already sealed. */
  fields: Record<string, unknown>;
  channel: string;
  declaration: unknown;
  completedAt: Date;
  dueDate: string;
  recordedAt: Date;
}

/**
 * Service requests (`service_requests`): stored, decided, watched by their clock. The information round
 * (what was asked for, the clock paused and resumed) is `PgInfoRequestRepository`'s.
 */
export class PgServiceRequestRepository {
  /** Stores a complete request under a fresh `prefix-…` reference. */
  async insert(
    tx: SqlExecutor,
    prefix: string,
    request: NewServiceRequestRow,
  ): Promise<{ id: string; reference: string }> {
    const { reference, row } = await insertWithReference<{ id: string }>(tx, prefix, (ref) => ({
      sql: `INSERT INTO service_requests
          (reference, beneficiary_id, service_id, category_id, status, fields, channel, declaration, completed_at, due_date,
           created_at, updated_at)
        VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, $9, $10, $10)
        ON CONFLICT (reference) DO NOTHING RETURNING id`,
      params: [
        ref,
        request.beneficiaryId,
        request.serviceId,
        request.categoryId,
        JSON.stringify(request.fields),
        request.channel,
        JSON.stringify(request.declaration),
        request.completedAt.toISOString(),
        request.dueDate,
        request.recordedAt.toISOString(),
      ],
    }));
    return { id: row.id, reference };
  }

  /** A decision moved the request to `status` at `at`. */
  async setStatus(tx: SqlExecutor, id: string, status: string, at: Date): Promise<void> {
    await tx.query('UPDATE service_requests SET status = $2, updated_at = $3 WHERE id = $1', [
      id,
      status,
      at.toISOString(),
    ]);
  }

  /** The stored answers (ID numbers sealed), to merge what the applicant sent later. */
  async fields(tx: SqlExecutor, id: string): Promise<Record<string, unknown>> {
    const stored = await tx.query<{ fields: Record<string, unknown> | null }>(
      'SELECT fields FROM service_requests WHERE id = $1',
      [id],
    );
    return stored.rows[0]?.fields ?? {};
  }

  /** The applicant sent the missing information: the merged answers, and the request back under review. */
  async backToReview(tx: SqlExecutor, id: string, fields: Record<string, unknown>, at: Date): Promise<void> {
    await tx.query(
      `UPDATE service_requests SET fields = $2, status = 'under_review', updated_at = $3 WHERE id = $1`,
      [id, JSON.stringify(fields), at.toISOString()],
    );
  }

  /** The request as its timers need it, locked. */
  async lockForClock(tx: SqlExecutor, reference: string): Promise<ClockedRequest | undefined> {
    const found = await tx.query<{
      status: string;
      due_date: string;
      category_id: string;
      escalation_level: number;
      routed_to: string | null;
    }>(
      `SELECT status, due_date::text AS due_date, category_id, escalation_level, routed_to
       FROM service_requests WHERE reference = $1 FOR UPDATE`,
      [reference],
    );
    const row = found.rows[0];
    return (
      row && {
        status: row.status,
        dueDate: row.due_date,
        categoryId: row.category_id,
        escalationLevel: row.escalation_level,
        routedTo: row.routed_to,
      }
    );
  }

  /** Past its due date at `at`: overdue, and at the first level of the escalation ladder. */
  async markOverdue(tx: SqlExecutor, reference: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE service_requests SET overdue_since = coalesce(overdue_since, $2), escalation_level = 1 WHERE reference = $1`,
      [reference, at.toISOString()],
    );
  }

  /** Requests the committee's clock runs for (a request waiting for the applicant is left out), locked. */
  async lockOpenDeadlines(tx: SqlExecutor): Promise<OpenDeadline[]> {
    const open = await tx.query<{
      reference: string;
      service_id: string;
      clock_started_at: Date;
      clock_working_days: number | null;
      due_date: string;
      beneficiary_id: string | null;
    }>(
      // Waiting for the applicant, the clock is stopped: it is counted again when the information arrives.
      `SELECT reference, service_id, coalesce(clock_started_at, completed_at) AS clock_started_at,
              clock_working_days, due_date::text AS due_date, beneficiary_id FROM service_requests
       WHERE status IN ('submitted', 'under_review') FOR UPDATE`,
    );
    return open.rows.map((row) => ({
      reference: row.reference,
      serviceId: row.service_id,
      clockStartedAt: new Date(row.clock_started_at),
      clockWorkingDays: row.clock_working_days,
      dueDate: row.due_date,
      beneficiaryId: row.beneficiary_id,
    }));
  }

  async setDueDate(tx: SqlExecutor, reference: string, dueDate: string): Promise<void> {
    await tx.query('UPDATE service_requests SET due_date = $2 WHERE reference = $1', [reference, dueDate]);
  }

  /** Requests finished since `since` whose applicant consented and was not asked to rate them yet. */
  async finishedUnrated(db: SqlExecutor, since: Date): Promise<string[]> {
    const found = await db.query<{ reference: string }>(
      `SELECT r.reference FROM service_requests r
       JOIN consents c ON c.beneficiary_id = r.beneficiary_id AND c.purpose = 'service' AND c.granted
       WHERE r.status IN ('closed', 'delivered') AND r.updated_at >= $1
         AND NOT EXISTS (SELECT 1 FROM survey_invitations i WHERE i.case_reference = r.reference)
       GROUP BY r.reference`,
      [since.toISOString()],
    );
    return found.rows.map((r) => r.reference);
  }
}
