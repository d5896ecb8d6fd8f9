import type { Profile, StaffRole } from '../config/profile-schema';
import { localized } from '../config/localized';
import type { BeneficiaryNotifier } from '../conversation/beneficiary-notifier';
import { formatDeadline } from '../domain/calendar/format-date';
import { CaseError } from '../domain/cases/case-error';
import {
  checkComplaintTransition,
  type ComplaintAction,
  type ComplaintStatus,
} from '../domain/cases/complaint-transitions';
import {
  checkRequestTransition,
  type RequestAction,
  type RequestStatus,
} from '../domain/cases/request-transitions';
import type { Database } from '../store/database';
import type { ClockActions } from './clock-actions';
import type { PgEventLog } from '../store/event-log';

/** Who acts: a staff member with roles (from the profile or the database), or the system. */
export interface Actor {
  id: string;
  roles: readonly StaffRole[];
}

export interface CaseActionsDeps {
  db: Database;
  events: PgEventLog;
  notifier: BeneficiaryNotifier;
  profile: Profile;
  onOutbox: (ids: string[]) => void;
  /** Timer plans for case changes (stop the clock on a decision, survey after closing). */
  timers?: Pick<ClockActions, 'timers' | 'plan'>;
  onTimers?: () => void;
  now?: () => Date;
}

export interface ActionResult {
  reference: string;
  from: string;
  to: string;
  notified: boolean;
}

/**
 * The one implementation of staff decisions on cases: valid transitions only, by allowed roles,
 * with actor and reason in the audit log, and a localised notification to the beneficiary in the
 * same transaction. The Telegram console, the web console and the HTTP API all call this.
 */
export class CaseActions {
  private readonly now: () => Date;

  constructor(private readonly deps: CaseActionsDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async request(
    reference: string,
    action: RequestAction,
    actor: Actor,
    reason?: string,
  ): Promise<ActionResult> {
    let outbox: string[] = [];
    const result = await this.deps.db.transaction(async (tx) => {
      const found = await tx.query<{
        id: string;
        status: RequestStatus;
        beneficiary_id: string | null;
        service_id: string;
        due_date: string;
      }>(
        `SELECT id, status, beneficiary_id, service_id, due_date::text AS due_date
         FROM service_requests WHERE reference = $1 FOR UPDATE`,
        [reference],
      );
      const row = found.rows[0];
      if (!row) throw new CaseError('ERR_CASE_NOT_FOUND', reference);
      const check = checkRequestTransition(row.status, action, actor.roles, reason);
      if (!check.ok) throw new CaseError(check.code, `${action} on ${row.status}`);
      const now = this.now();
      await tx.query('UPDATE service_requests SET status = $2, updated_at = $3 WHERE id = $1', [
        row.id,
        check.to,
        now.toISOString(),
      ]);
      await this.deps.events.append(tx, {
        actor: `staff:${actor.id}`,
        subjectType: 'service_request',
        subjectId: reference,
        type: `request.${action}`,
        data: { from: row.status, to: check.to, ...(reason ? { reason } : {}) },
        at: now,
      });
      const clock = this.deps.timers;
      if (clock && (check.to === 'approved' || check.to === 'rejected')) {
        await clock.plan(tx, clock.timers.requestDecided(reference));
      }
      if (clock && check.to === 'closed') await clock.plan(tx, clock.timers.caseClosed(reference, now));
      if (row.beneficiary_id) {
        const service = this.deps.profile.services.find((s) => s.id === row.service_id);
        outbox = await this.deps.notifier.notify(
          tx,
          row.beneficiary_id,
          `notify.request.${check.to}`,
          (lang) => {
            const due = formatDeadline(row.due_date, lang, this.deps.profile.calendar.timeZone);
            return {
              ref: reference,
              service: service ? localized(service.name, lang) : row.service_id,
              reason: reason ?? '',
              dueHijri: due.hijri,
              dueGregorian: due.gregorian,
            };
          },
        );
      }
      return { reference, from: row.status, to: check.to, notified: outbox.length > 0 };
    });
    if (outbox.length > 0) this.deps.onOutbox(outbox);
    this.deps.onTimers?.();
    return result;
  }

  async complaint(
    reference: string,
    action: ComplaintAction,
    actor: Actor,
    reason?: string,
  ): Promise<ActionResult> {
    let outbox: string[] = [];
    const result = await this.deps.db.transaction(async (tx) => {
      const found = await tx.query<{ id: string; status: ComplaintStatus; beneficiary_id: string | null }>(
        'SELECT id, status, beneficiary_id FROM complaints WHERE reference = $1 FOR UPDATE',
        [reference],
      );
      const row = found.rows[0];
      if (!row) throw new CaseError('ERR_CASE_NOT_FOUND', reference);
      const check = checkComplaintTransition(row.status, action, actor.roles, reason);
      if (!check.ok) throw new CaseError(check.code, `${action} on ${row.status}`);
      const now = this.now();
      const to = check.to ?? row.status;
      await tx.query('UPDATE complaints SET status = $2, updated_at = $3 WHERE id = $1', [
        row.id,
        to,
        now.toISOString(),
      ]);
      await this.deps.events.append(tx, {
        actor: `staff:${actor.id}`,
        subjectType: 'complaint',
        subjectId: reference,
        type: `complaint.${action}`,
        data: { from: row.status, to, ...(reason ? { reason } : {}) },
        at: now,
      });
      const clock = this.deps.timers;
      if (clock && to === 'resolved') await clock.plan(tx, clock.timers.complaintFinished(reference));
      if (clock && to === 'closed') await clock.plan(tx, clock.timers.caseClosed(reference, now));
      if (row.beneficiary_id) {
        outbox = await this.deps.notifier.notify(tx, row.beneficiary_id, `notify.complaint.${action}`, {
          ref: reference,
          reason: reason ?? '',
        });
      }
      return { reference, from: row.status, to, notified: outbox.length > 0 };
    });
    if (outbox.length > 0) this.deps.onOutbox(outbox);
    this.deps.onTimers?.();
    return result;
  }
}
