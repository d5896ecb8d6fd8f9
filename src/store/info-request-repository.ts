import { z } from 'zod';
import type { CaseTimers, TimerPlan } from '../cases/rules/case-timers';
import type { SqlExecutor } from './database';

/** What the committee asked the applicant for, kept on the request while it waits (`needs_info`). */
export const InfoRequest = z.object({
  fields: z.array(z.string()),
  documents: z.array(z.string()),
  reason: z.string(),
  askedAt: z.string(),
  askedBy: z.string(),
  /** Working days the committee had left when it asked (negative when already overdue). */
  workingDaysLeft: z.number().int(),
  /** Reminder rounds sent to the applicant so far (the last one past `max` alerts staff). */
  reminders: z.number().int().nonnegative().default(0),
});
export type InfoRequest = z.infer<typeof InfoRequest>;

/** The missing items as staff name them: the service's field ids and document ids. */
export interface MissingItems {
  fields: string[];
  documents: string[];
}

/** A request as the information round needs it, locked. */
export interface LockedRequest {
  id: string;
  reference: string;
  status: string;
  beneficiaryId: string | null;
  serviceId: string;
  categoryId: string;
  dueDate: string;
  completedAt: Date;
  infoRequest: InfoRequest | null;
}

export interface ResumedClock {
  /** The due date before and after. */
  from: string;
  to: string;
  mode: 'pause' | 'restart';
  workingDays: number;
  /** Timer changes to request in the same transaction: reminders cancelled, the committee's clock set. */
  plans: TimerPlan[];
}

/**
 * The information round of a request (issue 5): what was asked for, and the committee's clock when it
 * stops and starts again. Shared by the staff decisions (`CaseActions`) and the applicant's answer
 * (`createRecord:infoReceived`), so both move the due date the same way.
 */
export class PgInfoRequestRepository {
  /** The request by reference, locked for the transaction (optionally only the given person's). */
  async lock(tx: SqlExecutor, reference: string, beneficiaryId?: string): Promise<LockedRequest | undefined> {
    const found = await tx.query<{
      id: string;
      reference: string;
      status: string;
      beneficiary_id: string | null;
      service_id: string;
      category_id: string;
      due_date: string;
      completed_at: Date;
      info_request: unknown;
    }>(
      `SELECT id, reference, status, beneficiary_id, service_id, category_id, due_date::text AS due_date,
              completed_at, info_request
       FROM service_requests WHERE reference = $1 ${beneficiaryId ? 'AND beneficiary_id = $2' : ''} FOR UPDATE`,
      beneficiaryId ? [reference, beneficiaryId] : [reference],
    );
    const row = found.rows[0];
    if (!row) return undefined;
    const info = InfoRequest.safeParse(row.info_request);
    return {
      id: row.id,
      reference: row.reference,
      status: row.status,
      beneficiaryId: row.beneficiary_id,
      serviceId: row.service_id,
      categoryId: row.category_id,
      dueDate: row.due_date,
      completedAt: new Date(row.completed_at),
      infoRequest: info.success ? info.data : null,
    };
  }

  /** Records what was asked for (the request is moving to `needs_info`). */
  async ask(tx: SqlExecutor, requestId: string, info: InfoRequest): Promise<void> {
    await tx.query('UPDATE service_requests SET info_request = $2 WHERE id = $1', [
      requestId,
      JSON.stringify(info),
    ]);
  }

  /** Counts a reminder round sent. */
  async reminded(tx: SqlExecutor, requestId: string, info: InfoRequest, round: number): Promise<void> {
    await tx.query('UPDATE service_requests SET info_request = $2 WHERE id = $1', [
      requestId,
      JSON.stringify({ ...info, reminders: round }),
    ]);
  }

  /**
   * The information arrived at `now`: the committee's clock runs again per the profile
   * (`deadlines.onInfoRequest`), the due date moves, an overdue flag from before is cleared (the new
   * deadline is the one that counts), the applicant's reminders are cancelled and the committee's timers
   * set for the new due date. `days` is the service's full decision time.
   */
  async resume(
    tx: SqlExecutor,
    request: LockedRequest,
    timers: CaseTimers,
    now: Date,
    days: number,
  ): Promise<ResumedClock> {
    const left = request.infoRequest?.workingDaysLeft ?? days;
    const clock = timers.resumedClock(now, left, days);
    await tx.query(
      `UPDATE service_requests SET info_request = NULL, due_date = $2, clock_started_at = $3,
              clock_working_days = $4, overdue_since = NULL, escalation_level = 0
       WHERE id = $1`,
      [request.id, clock.dueDate, now.toISOString(), clock.workingDays],
    );
    return {
      from: request.dueDate,
      to: clock.dueDate,
      mode: clock.mode,
      workingDays: clock.workingDays,
      plans: [
        ...timers.infoAnswered(request.reference),
        ...timers.requestSubmitted(request.reference, clock.dueDate),
      ],
    };
  }
}
