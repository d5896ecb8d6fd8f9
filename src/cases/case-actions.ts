import type { Profile, StaffRole } from '../config/profile-schema';
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
import { CaseTimers, ESCALATION_LADDER, type TimerPlan } from './rules/case-timers';
import { complaintOwnerAt, staffEscalationLevel } from './rules/complaint-escalation';
import { alertEscalationLevel, type EscalationAlertDeps } from './clock/escalation-alerts';
import { PgComplaintRepository } from '../store/complaint-repository';
import type { Database, SqlExecutor } from '../store/database';
import { PgServiceRequestRepository } from '../store/service-request-repository';
import type { PgTimerRequestRepository } from '../store/timer-request-repository';
import { PgInfoRequestRepository, type MissingItems } from '../store/info-request-repository';
import { checkMissing, missingList } from './missing-items';
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
  /** Where timer changes are requested (the clock stopped on a decision, the survey after closing); none in tests of decisions alone. */
  timerRequests?: PgTimerRequestRepository;
  now?: () => Date;
  /**
   * Offers the applicant the flow that collects what `askInfo` named, after the commit. The runtime
   * starts it only when the person is not in the middle of something else; it must not throw.
   */
  startInfoFlow?: (beneficiaryId: string, reference: string) => Promise<void>;
  /** Where a staff escalation alerts the level it raised a complaint to; none in tests of decisions alone. */
  escalationAlerts?: EscalationAlertDeps;
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
  private readonly requests = new PgServiceRequestRepository();
  private readonly complaints = new PgComplaintRepository();
  private readonly caseTimers: CaseTimers;

  constructor(private readonly deps: CaseActionsDeps) {
    this.now = deps.now ?? (() => new Date());
    this.caseTimers = new CaseTimers(deps.profile);
  }

  private async plan(tx: SqlExecutor, plans: readonly TimerPlan[]): Promise<void> {
    await this.deps.timerRequests?.add(tx, plans);
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
      await this.requests.setStatus(tx, row.id, check.to, now);
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
        await this.plan(tx, this.caseTimers.infoRequested(reference, now));
      }
      let dueDate = row.dueDate;
      if (action === 'infoReceived') {
        const days = service?.decisionWorkingDays ?? this.deps.profile.deadlines.decisionWorkingDays;
        const resumed = await this.info.resume(tx, row, this.caseTimers, now, days);
        dueDate = resumed.to;
        data.dueDate = { from: resumed.from, to: resumed.to, mode: resumed.mode };
        await this.plan(tx, resumed.plans);
      }
      await this.deps.events.append(tx, {
        actor: `staff:${actor.id}`,
        subjectType: 'service_request',
        subjectId: reference,
        type: `request.${action}`,
        data,
        at: now,
      });
      if (check.to === 'approved' || check.to === 'rejected') {
        await this.plan(tx, this.caseTimers.requestDecided(reference));
      }
      if (check.to === 'closed') await this.plan(tx, this.caseTimers.caseClosed(reference, now));
      if (row.beneficiaryId) {
        // An approval's note (the console's "sent to the applicant with the decision") goes with it.
        const key =
          items.length > 0
            ? 'notify.request.needsInfoItems'
            : check.to === 'approved' && reason?.trim()
              ? 'notify.request.approvedWithNote'
              : `notify.request.${check.to}`;
        outbox = await this.deps.notifier.notify(tx, row.beneficiaryId, key, (lang) => {
          const due = formatDeadline(
            dueDate,
            lang,
            this.deps.profile.calendar.timeZone,
            this.deps.profile.languages.arabicDigits,
          );
          return {
            ref: reference,
            service: service ? localized(service.name, lang) : row.serviceId,
            reason: reason ?? '',
            note: reason?.trim() ?? '',
            // With the missing items listed, a reason is an optional line under them: part of the list,
            // so the text has no two placeholders side by side (a WhatsApp template may not).
            list:
              (service && missing ? missingList(service, missing, lang) : '') +
              (items.length > 0 && reason ? `\n${reason}` : ''),
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
      const row = await this.complaints.lock(tx, reference);
      if (!row) throw new CaseError('ERR_CASE_NOT_FOUND', reference);
      const status = row.status as ComplaintStatus;
      const check = checkComplaintTransition(status, action, actor.roles, reason);
      if (!check.ok) throw new CaseError(check.code, `${action} on ${row.status}`);
      const now = this.now();
      const to = check.to ?? status;
      // Escalating raises the ticket a rung on the ladder and hands it to that rung's owner.
      const level = action === 'escalate' ? staffEscalationLevel(row.escalationLevel) : undefined;
      if (action === 'escalate' && level === undefined) {
        throw new CaseError('ERR_TRANSITION_NOT_ALLOWED', `escalate above ${ESCALATION_LADDER.at(-1)}`);
      }
      const owner = level === undefined ? undefined : complaintOwnerAt(level);
      await this.complaints.setStatus(tx, row.id, to, now);
      if (level !== undefined) await this.complaints.raiseLevel(tx, row.id, level, owner);
      await this.deps.events.append(tx, {
        actor: `staff:${actor.id}`,
        subjectType: 'complaint',
        subjectId: reference,
        type: `complaint.${action}`,
        data: {
          from: row.status,
          to,
          ...(reason ? { reason } : {}),
          ...(level === undefined ? {} : { level, ...(owner ? { routedTo: owner } : {}) }),
        },
        at: now,
      });
      if (level !== undefined) {
        const alerts = this.deps.escalationAlerts;
        if (alerts) await alertEscalationLevel(alerts, tx, 'complaint', reference, level, row.dueDate);
        await this.plan(tx, this.caseTimers.nextEscalation('complaint', reference, level, now));
      }
      if (to === 'resolved') await this.plan(tx, this.caseTimers.complaintFinished(reference));
      if (to === 'closed') await this.plan(tx, this.caseTimers.caseClosed(reference, now));
      if (row.beneficiaryId) {
        outbox = await this.deps.notifier.notify(tx, row.beneficiaryId, `notify.complaint.${action}`, {
          ref: reference,
          reason: reason ?? '',
        });
      }
      return { reference, from: row.status, to, notified: outbox.length > 0 };
    });
    return result;
  }
}
