import type { Profile, Service, StaffRole } from '../config/profile-schema';
import { localized } from '../config/localized';
import type { BeneficiaryNotifier } from './beneficiary-notifier';
import { formatDeadline } from '../domain/calendar/format-date';
import { CaseError } from './rules/case-error';
import {
  checkComplaintTransition,
  type ComplaintAction,
  type ComplaintStatus,
} from './rules/complaint-transitions';
import { checkRequestTransition, type RequestAction, type RequestStatus } from './rules/request-transitions';
import { CaseTimers } from './rules/case-timers';
import type { Lang } from '../engine/effects';
import type { Database } from '../store/database';
import { PgInfoRequestRepository, type MissingItems } from '../store/info-request-repository';
import type { ClockActions } from './clock/clock-actions';
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
  /** Timer plans for case changes (stop the clock on a decision, survey after closing). */
  timers?: Pick<ClockActions, 'timers' | 'plan'>;
  now?: () => Date;
  /**
   * Offers the applicant the flow that collects what `askInfo` named, after the commit. The runtime
   * starts it only when the person is not in the middle of something else; it must not throw.
   */
  startInfoFlow?: (beneficiaryId: string, reference: string) => Promise<void>;
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
  private readonly info = new PgInfoRequestRepository();
  private readonly caseTimers: CaseTimers;

  constructor(private readonly deps: CaseActionsDeps) {
    this.now = deps.now ?? (() => new Date());
    this.caseTimers = deps.timers?.timers ?? new CaseTimers(deps.profile);
  }

  /**
   * A step on a request. `askInfo` may name what is missing (`missing`: the service's field and
   * document ids, checked here): it is stored with the request, in the audit event and in the
   * notification, and the applicant is offered the flow that collects it. The committee's clock stops
   * while the request waits and runs again when the information is received.
   */
  async request(
    reference: string,
    action: RequestAction,
    actor: Actor,
    reason?: string,
    options: { missing?: MissingItems } = {},
  ): Promise<ActionResult> {
    let outbox: string[] = [];
    let askedOf: string | undefined;
    const result = await this.deps.db.transaction(async (tx) => {
      const row = await this.info.lock(tx, reference);
      if (!row) throw new CaseError('ERR_CASE_NOT_FOUND', reference);
      const status = row.status as RequestStatus;
      const named = (options.missing?.fields.length ?? 0) + (options.missing?.documents.length ?? 0) > 0;
      const check = checkRequestTransition(status, action, actor.roles, reason, named);
      if (!check.ok) throw new CaseError(check.code, `${action} on ${row.status}`);
      const service = this.deps.profile.services.find((s) => s.id === row.serviceId);
      const missing =
        action === 'askInfo'
          ? (checkMissing(options.missing, service) ?? { fields: [], documents: [] })
          : undefined;
      const items = missing ? [...missing.fields, ...missing.documents] : [];
      const now = this.now();
      await tx.query('UPDATE service_requests SET status = $2, updated_at = $3 WHERE id = $1', [
        row.id,
        check.to,
        now.toISOString(),
      ]);
      const clock = this.deps.timers;
      const data: Record<string, unknown> = { from: row.status, to: check.to, ...(reason ? { reason } : {}) };
      if (missing) {
        await this.info.ask(tx, row.id, {
          ...missing,
          reason: reason ?? '',
          askedAt: now.toISOString(),
          askedBy: `staff:${actor.id}`,
          workingDaysLeft: this.caseTimers.calendar.workingDaysBetween(
            this.caseTimers.calendar.localDate(now),
            row.dueDate,
          ),
          reminders: 0,
        });
        if (items.length > 0) data.missing = missing;
        if (clock) await clock.plan(tx, this.caseTimers.infoRequested(reference, now));
      }
      let dueDate = row.dueDate;
      if (action === 'infoReceived') {
        const days = service?.decisionWorkingDays ?? this.deps.profile.deadlines.decisionWorkingDays;
        const resumed = await this.info.resume(tx, row, this.caseTimers, now, days);
        dueDate = resumed.to;
        data.dueDate = { from: resumed.from, to: resumed.to, mode: resumed.mode };
        if (clock) await clock.plan(tx, resumed.plans);
      }
      await this.deps.events.append(tx, {
        actor: `staff:${actor.id}`,
        subjectType: 'service_request',
        subjectId: reference,
        type: `request.${action}`,
        data,
        at: now,
      });
      if (clock && (check.to === 'approved' || check.to === 'rejected')) {
        await clock.plan(tx, clock.timers.requestDecided(reference));
      }
      if (clock && check.to === 'closed') await clock.plan(tx, clock.timers.caseClosed(reference, now));
      if (row.beneficiaryId) {
        const key = items.length > 0 ? 'notify.request.needsInfoItems' : `notify.request.${check.to}`;
        outbox = await this.deps.notifier.notify(tx, row.beneficiaryId, key, (lang) => {
          const due = formatDeadline(dueDate, lang, this.deps.profile.calendar.timeZone);
          return {
            ref: reference,
            service: service ? localized(service.name, lang) : row.serviceId,
            // With the missing items listed, a reason is an optional line under them.
            reason: items.length > 0 ? (reason ? `\n${reason}` : '') : (reason ?? ''),
            list: service && missing ? missingList(service, missing, lang) : '',
            dueHijri: due.hijri,
            dueGregorian: due.gregorian,
          };
        });
        if (items.length > 0) askedOf = row.beneficiaryId;
      }
      return { reference, from: row.status, to: check.to, notified: outbox.length > 0 };
    });
    // The flow that collects the information, when the person is free to start it (else the notice says how).
    if (askedOf) await this.deps.startInfoFlow?.(askedOf, reference);
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
    return result;
  }
}

/**
 * The missing items staff named, checked against the request's service: known ids only, each once, in
 * the service's order. Undefined when none were named (a reason alone, as before).
 */
function checkMissing(
  missing: MissingItems | undefined,
  service: Service | undefined,
): MissingItems | undefined {
  if (!missing || missing.fields.length + missing.documents.length === 0) return undefined;
  const fields = new Set(missing.fields);
  const documents = new Set(missing.documents);
  const known = {
    fields: (service?.fields ?? []).map((f) => f.id),
    documents: (service?.documents ?? []).map((d) => d.id),
  };
  const unknown = [
    ...[...fields].filter((id) => !known.fields.includes(id)),
    ...[...documents].filter((id) => !known.documents.includes(id)),
  ];
  if (unknown.length > 0) throw new CaseError('ERR_UNKNOWN_MISSING_ITEM', unknown.join(', '));
  return {
    fields: known.fields.filter((id) => fields.has(id)),
    documents: known.documents.filter((id) => documents.has(id)),
  };
}

/** The missing items as the applicant reads them: one line each, in their language. */
export function missingList(service: Service, missing: MissingItems, lang: Lang): string {
  const labels = [
    ...service.fields.filter((f) => missing.fields.includes(f.id)).map((f) => f.label),
    ...service.documents.filter((d) => missing.documents.includes(d.id)).map((d) => d.label),
  ];
  return labels.map((label) => `• ${localized(label, lang)}`).join('\n');
}
