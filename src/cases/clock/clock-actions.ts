import type { Profile } from '../../config/profile-schema';
import { CaseTimers, ESCALATION_LADDER, type TimerPlan } from '../rules/case-timers';
import { timerJobId, type TimerJob } from '../rules/timer-job';
import type { Database, SqlExecutor } from '../../store/database';
import type { PgEventLog } from '../../store/event-log';
import type { PgStaffNotificationRepository } from '../../store/staff-notification-repository';
import type { PgTimerRequestRepository } from '../../store/timer-request-repository';
import type { StaffDirectory } from '../staff-directory';
import { localized } from '../../config/localized';
import type { Lang, TextParams } from '../../engine/effects';
import { PgInfoRequestRepository } from '../../store/info-request-repository';
import { missingList } from '../case-actions';

const OPEN_REQUEST = ['submitted', 'under_review', 'needs_info'];
const OPEN_COMPLAINT = ['open', 'assigned', 'escalated'];
/** A request waiting for the applicant's information: the committee's clock is stopped. */
const WAITING = 'needs_info';

export interface ClockActionsDeps {
  db: Database;
  profile: Profile;
  events: PgEventLog;
  staffNotifications: PgStaffNotificationRepository;
  timerRequests: PgTimerRequestRepository;
  directory: StaffDirectory;
  now?: () => Date;
  /** Starts the satisfaction survey about `reference` in the person's conversation. */
  /** Whether it started: not while the person is in the middle of another conversation. */
  startSurvey?: (beneficiaryId: string, reference: string) => Promise<boolean>;
  /** Completes a due data-deletion request. */
  completeDeletion?: (reference: string) => Promise<void>;
  /** Deletes a stored document's bytes (retention). */
  deleteDocument?: (ref: string) => Promise<void>;
  /** Writes one reminder about an unfinished flow into the conversation's outbox, in `tx` (text `key`). */
  remindDraft?: (tx: SqlExecutor, conversationId: string, key?: string) => Promise<string[]>;
  /**
   * Ends an unfinished flow left too long (a polite message `notice` and the menu), if it is still idle
   * for `idleMinutes` (default the profile's `conversation.idleMinutes`).
   */
  expireDraft?: (conversationId: string, idleMinutes?: number, notice?: string) => Promise<boolean>;
  /**
   * Whether a flow's state is one where the person gathers something over days (a request's documents):
   * there the draft gets `reminders.draftDocuments` instead of the one reminder and the hour's expiry.
   */
  isPatient?: (flowId: string, state: string) => boolean;
  /** Writes a localised notification to the beneficiary in `tx` (reminders while information is missing). */
  notifyBeneficiary?: (
    tx: SqlExecutor,
    beneficiaryId: string,
    key: string,
    params: (lang: Lang) => TextParams,
  ) => Promise<string[]>;
}

/**
 * What happens when a timer fires. Every handler first re-reads the case: a timer that fires late,
 * twice, or after the case moved on changes nothing. Returns a short outcome for logs and tests.
 */
export class ClockActions {
  readonly timers: CaseTimers;
  private readonly now: () => Date;
  private readonly info = new PgInfoRequestRepository();

  constructor(private readonly deps: ClockActionsDeps) {
    this.timers = new CaseTimers(deps.profile);
    this.now = deps.now ?? (() => new Date());
  }

  async handle(job: TimerJob): Promise<string> {
    switch (job.kind) {
      case 'deadlineReminder':
        return this.deadlineReminder(job.reference, job.workingDaysBefore, timerJobId(job));
      case 'deadlineDue':
        return this.deadlineDue(job.reference);
      case 'infoReminder':
        return this.infoReminder(job.reference, job.round);
      case 'escalate':
        return this.escalate(job.subject, job.reference, job.level);
      case 'surveyAfterClose':
        return this.surveyAfterClose(job.reference, job.attempt ?? 1);
      case 'dataDeletionDue':
        return this.dataDeletionDue(job.reference);
      case 'dailyDigest':
        return this.dailyDigest();
      case 'retention':
        return this.retention();
      case 'surveyCampaign':
        return this.surveyCampaign();
      case 'draftSweep':
        return this.draftSweep();
    }
  }

  /**
   * The holiday table (or working week) changed: recompute the due date of every open request from
   * its completion time, record each move, and move its timers. Returns the references moved.
   */
  async recomputeDeadlines(calendar: Profile['calendar']): Promise<string[]> {
    const profile = { ...this.deps.profile, calendar };
    const timers = new CaseTimers(profile);
    const moved = await this.deps.db.transaction(async (tx) => {
      const open = await tx.query<{
        reference: string;
        service_id: string;
        clock_started_at: Date;
        clock_working_days: number | null;
        due_date: string;
      }>(
        // Waiting for the applicant, the clock is stopped: it is counted again when the information arrives.
        `SELECT reference, service_id, coalesce(clock_started_at, completed_at) AS clock_started_at,
                clock_working_days, due_date::text AS due_date FROM service_requests
         WHERE status IN ('submitted', 'under_review') FOR UPDATE`,
      );
      const references: string[] = [];
      for (const row of open.rows) {
        const service = profile.services.find((s) => s.id === row.service_id);
        const days =
          row.clock_working_days ?? service?.decisionWorkingDays ?? profile.deadlines.decisionWorkingDays;
        const due = timers.calendar.addWorkingDays(new Date(row.clock_started_at), days);
        if (due === row.due_date) continue;
        await tx.query('UPDATE service_requests SET due_date = $2 WHERE reference = $1', [
          row.reference,
          due,
        ]);
        await this.deps.events.append(tx, {
          actor: 'system:calendar',
          subjectType: 'service_request',
          subjectId: row.reference,
          type: 'request.dueMoved',
          data: { from: row.due_date, to: due },
          at: this.now(),
        });
        await this.plan(tx, timers.requestSubmitted(row.reference, due));
        references.push(row.reference);
      }
      return references;
    });
    return moved;
  }

  /** Writes timer plans into the timer outbox of `tx`. */
  async plan(tx: SqlExecutor, plans: readonly TimerPlan[]): Promise<void> {
    await this.deps.timerRequests.add(tx, plans);
  }

  private today(): string {
    return this.timers.calendar.localDate(this.now());
  }

  private async deadlineReminder(reference: string, daysBefore: number, jobId: string): Promise<string> {
    return this.deps.db.transaction(async (tx) => {
      const request = await lockRequest(tx, reference);
      if (!request || !OPEN_REQUEST.includes(request.status)) return 'skipped: decided';
      if (request.status === WAITING) return 'skipped: waiting for the applicant';
      if (this.today() > request.due_date) return 'skipped: already due';
      const recipients = [
        // The officer it was assigned to at run time (`CaseAssignments`), then the category's and the committee.
        ...(request.routed_to ? [request.routed_to] : []),
        ...(await this.deps.directory.forCategory(tx, request.category_id)),
        ...(await this.deps.directory.withRole(tx, 'committee')),
      ];
      await this.deps.staffNotifications.add(
        tx,
        [...new Set(recipients)].map((recipient) => ({
          recipient,
          kind: 'deadline.reminder',
          subjectType: 'service_request',
          subjectId: reference,
          data: { dueDate: request.due_date, workingDaysLeft: daysBefore },
          dedupeKey: `${jobId}-${request.due_date}-${recipient}`,
        })),
      );
      return 'reminded';
    });
  }

  /**
   * A reminder round to an applicant who was asked for information: the reference, what is still
   * missing, the reason. One round past the profile's `max`, the staff who asked and the category's
   * officers are alerted instead (and an audit event says so). Nothing once the information arrived.
   */
  private async infoReminder(reference: string, round: number): Promise<string> {
    const outcome = await this.deps.db.transaction(async (tx) => {
      const request = await this.info.lock(tx, reference);
      const info = request?.infoRequest;
      if (!request || request.status !== WAITING || !info) return 'skipped: not waiting for information';
      if (info.reminders >= round) return 'skipped: already sent';
      const { max } = this.deps.profile.reminders.missingInfo;
      const now = this.now();
      await this.info.reminded(tx, request.id, info, round);
      if (round > max) {
        const asker = info.askedBy.startsWith('staff:') ? [info.askedBy.slice('staff:'.length)] : [];
        const recipients = [
          ...new Set([...asker, ...(await this.deps.directory.forCategory(tx, request.categoryId))]),
        ];
        await this.deps.staffNotifications.add(
          tx,
          recipients.map((recipient) => ({
            recipient,
            kind: 'request.infoOverdue',
            subjectType: 'service_request',
            subjectId: reference,
            data: { askedAt: info.askedAt, reminders: max },
            dedupeKey: `request-${reference}-info-${Date.parse(info.askedAt)}-late-${recipient}`,
          })),
        );
        await this.deps.events.append(tx, {
          actor: 'system:clock',
          subjectType: 'service_request',
          subjectId: reference,
          type: 'request.infoOverdue',
          data: { askedAt: info.askedAt, reminders: max, alerted: recipients },
          at: now,
        });
        return 'staff alerted';
      }
      const service = this.deps.profile.services.find((s) => s.id === request.serviceId);
      if (request.beneficiaryId && this.deps.notifyBeneficiary) {
        await this.deps.notifyBeneficiary(
          tx,
          request.beneficiaryId,
          // Named items can be sent through the flow; a reason alone is answered in the chat.
          info.fields.length + info.documents.length > 0
            ? 'notify.request.infoReminder'
            : 'notify.request.infoReminderReason',
          (lang) => ({
            ref: reference,
            service: service ? localized(service.name, lang) : request.serviceId,
            reason: info.reason,
            list: (service && missingList(service, info, lang)) || '-',
          }),
        );
      }
      await this.deps.events.append(tx, {
        actor: 'system:clock',
        subjectType: 'service_request',
        subjectId: reference,
        type: 'request.infoReminded',
        data: { round, of: max },
        at: now,
      });
      await this.plan(tx, this.timers.nextInfoReminder(reference, round, now));
      return `reminded ${round}`;
    });
    return outcome;
  }

  private async deadlineDue(reference: string): Promise<string> {
    const outcome = await this.deps.db.transaction(async (tx) => {
      const request = await lockRequest(tx, reference);
      if (!request || !OPEN_REQUEST.includes(request.status)) return 'skipped: decided';
      if (request.status === WAITING) return 'skipped: waiting for the applicant';
      if (this.today() <= request.due_date) return 'skipped: not due yet';
      if (request.escalation_level >= 1) return 'skipped: already overdue';
      const now = this.now();
      await tx.query(
        `UPDATE service_requests SET overdue_since = coalesce(overdue_since, $2), escalation_level = 1 WHERE reference = $1`,
        [reference, now.toISOString()],
      );
      await this.deps.events.append(tx, {
        actor: 'system:clock',
        subjectType: 'service_request',
        subjectId: reference,
        type: 'request.overdue',
        data: { dueDate: request.due_date, escalatedTo: ESCALATION_LADDER[0] },
        at: now,
      });
      await this.notifyLevel(tx, 'service_request', reference, 1, request.due_date);
      await this.plan(tx, this.timers.nextEscalation('request', reference, 1, now));
      return 'overdue';
    });
    return outcome;
  }

  private async escalate(
    subject: 'request' | 'complaint',
    reference: string,
    level: number,
  ): Promise<string> {
    const outcome = await this.deps.db.transaction(async (tx) => {
      const table = subject === 'request' ? 'service_requests' : 'complaints';
      const found = await tx.query<{ status: string; escalation_level: number; due_date: string }>(
        `SELECT status, escalation_level, due_date::text AS due_date FROM ${table} WHERE reference = $1 FOR UPDATE`,
        [reference],
      );
      const row = found.rows[0];
      const open = subject === 'request' ? OPEN_REQUEST : OPEN_COMPLAINT;
      if (!row || !open.includes(row.status)) return 'skipped: resolved';
      if (subject === 'request' && row.status === WAITING) return 'skipped: waiting for the applicant';
      if (row.escalation_level >= level) return 'skipped: already at this level';
      const now = this.now();
      await tx.query(
        `UPDATE ${table} SET escalation_level = $2, overdue_since = coalesce(overdue_since, $3)${
          subject === 'complaint' ? `, status = 'escalated'` : ''
        } WHERE reference = $1`,
        [reference, level, now.toISOString()],
      );
      await this.deps.events.append(tx, {
        actor: 'system:clock',
        subjectType: subject === 'request' ? 'service_request' : 'complaint',
        subjectId: reference,
        type: `${subject}.escalated`,
        data: { level, to: ESCALATION_LADDER[level - 1] },
        at: now,
      });
      await this.notifyLevel(
        tx,
        subject === 'request' ? 'service_request' : 'complaint',
        reference,
        level,
        row.due_date,
      );
      await this.plan(tx, this.timers.nextEscalation(subject, reference, level, now));
      return `escalated to ${ESCALATION_LADDER[level - 1]}`;
    });
    return outcome;
  }

  private async notifyLevel(
    tx: SqlExecutor,
    subjectType: string,
    reference: string,
    level: number,
    dueDate: string,
  ) {
    const role = ESCALATION_LADDER[level - 1];
    if (!role) return;
    await this.deps.staffNotifications.add(
      tx,
      (await this.deps.directory.withRole(tx, role)).map((recipient) => ({
        recipient,
        kind: 'case.escalated',
        subjectType,
        subjectId: reference,
        data: { level, role, dueDate },
        dedupeKey: `${subjectType}-${reference}-escalated-${level}-${recipient}`,
      })),
    );
  }

  /**
   * Invites the person to rate a finished case, once per case. When they are busy in another
   * conversation the invitation is given back and, from the closing timer (not the campaign), tried
   * again later: a survey must not cut into a form, nor be lost because of one.
   */
  private async surveyAfterClose(reference: string, attempt: number | 'campaign'): Promise<string> {
    const target = await this.deps.db.transaction(async (tx) => {
      const found = await tx.query<{ beneficiary_id: string | null; status: string }>(
        `SELECT beneficiary_id, status FROM service_requests WHERE reference = $1
         UNION ALL SELECT beneficiary_id, status FROM complaints WHERE reference = $1`,
        [reference],
      );
      const row = found.rows[0];
      if (!row?.beneficiary_id || !['closed', 'delivered', 'resolved'].includes(row.status)) return undefined;
      const invited = await tx.query(
        `INSERT INTO survey_invitations (case_reference, beneficiary_id, sent_at) VALUES ($1, $2, $3)
         ON CONFLICT (case_reference) DO NOTHING`,
        [reference, row.beneficiary_id, this.now().toISOString()],
      );
      return invited.rowCount > 0 ? row.beneficiary_id : undefined;
    });
    if (!target) return 'skipped: not closed or already invited';
    if (!this.deps.startSurvey) return 'invited (no survey starter configured)';
    const giveBack = (tx: SqlExecutor) =>
      tx.query('DELETE FROM survey_invitations WHERE case_reference = $1', [reference]);
    let started: boolean;
    try {
      started = await this.deps.startSurvey(target, reference);
    } catch (err) {
      // Give the invitation back so the retry can send it: a survey is asked at most once per case.
      await giveBack(this.deps.db);
      throw err;
    }
    if (started) return 'survey sent';
    const retry = attempt === 'campaign' ? [] : this.timers.surveyPutOff(reference, attempt, this.now());
    await this.deps.db.transaction(async (tx) => {
      await giveBack(tx);
      await this.plan(tx, retry);
    });
    const next = retry[0]?.fireAt;
    return next ? `busy: asked again at ${next.toISOString()}` : 'skipped: busy';
  }

  private async dataDeletionDue(reference: string): Promise<string> {
    const found = await this.deps.db.query<{ status: string }>(
      'SELECT status FROM data_requests WHERE reference = $1',
      [reference],
    );
    if (found.rows[0]?.status !== 'open') return 'skipped: not open';
    if (this.deps.completeDeletion) {
      await this.deps.completeDeletion(reference);
      return 'deletion completed';
    }
    await this.deps.db.transaction(async (tx) =>
      this.deps.staffNotifications.add(
        tx,
        (await this.deps.directory.withRole(tx, 'admin')).map((recipient) => ({
          recipient,
          kind: 'data.deletionDue',
          subjectType: 'data_request',
          subjectId: reference,
          dedupeKey: `deletion-due-${reference}-${recipient}`,
        })),
      ),
    );
    return 'admins alerted';
  }

  private async dailyDigest(): Promise<string> {
    const today = this.today();
    return this.deps.db.transaction(async (tx) => {
      const counts = await tx.query<{
        new_requests: number;
        new_complaints: number;
        overdue: number;
        escalated: number;
      }>(
        `SELECT
           (SELECT count(*) FROM service_requests WHERE created_at >= $1::date) AS new_requests,
           (SELECT count(*) FROM complaints WHERE created_at >= $1::date) AS new_complaints,
           (SELECT count(*) FROM service_requests WHERE overdue_since IS NOT NULL
              AND status IN ('submitted', 'under_review', 'needs_info')) AS overdue,
           (SELECT count(*) FROM complaints WHERE status = 'escalated') AS escalated`,
        [today],
      );
      const satisfaction = await tx.query<{ average: string | null; answers: number }>(
        `SELECT avg((answers->>'overall')::numeric)::text AS average, count(*) AS answers
         FROM survey_responses WHERE created_at >= $1::date AND answers ? 'overall'`,
        [today],
      );
      const data = { date: today, ...counts.rows[0], satisfaction: satisfaction.rows[0] ?? null };
      await this.deps.staffNotifications.add(
        tx,
        (await this.deps.directory.withRole(tx, 'manager')).map((recipient) => ({
          recipient,
          kind: 'digest.daily',
          data,
          dedupeKey: `digest-${today}-${recipient}`,
        })),
      );
      return `digest ${today}`;
    });
  }

  /** Purges what is kept longer than its purpose needs (PDPL), one audit event per purge. */
  private async retention(): Promise<string> {
    const { retention } = this.deps.profile;
    const now = this.now();
    const cutoff = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    const drafts = await this.deps.db.transaction(async (tx) => {
      const purged = await tx.query<{ id: string }>(
        `UPDATE conversations SET snapshot = NULL
         WHERE snapshot IS NOT NULL AND snapshot->>'flowId' NOT IN ('menu', 'greeting')
           -- The snapshot's own time (the engine's clock, as the cutoff), not the row's write time.
           AND (snapshot->>'updatedAt')::timestamptz < $1
         RETURNING id`,
        [cutoff(retention.draftDays)],
      );
      for (const row of purged.rows) {
        await this.deps.events.append(tx, {
          actor: 'system:retention',
          subjectType: 'conversation',
          subjectId: row.id,
          type: 'retention.draftPurged',
          at: now,
        });
      }
      return purged.rowCount;
    });
    const documents = await this.deps.db.query<{ id: string; ref: string; reference: string }>(
      `SELECT d.id::text AS id, d.ref, r.reference FROM request_documents d
       JOIN service_requests r ON r.id = d.request_id
       WHERE r.status = 'closed' AND r.updated_at < $1`,
      [cutoff(retention.closedCaseDocumentsDays)],
    );
    for (const doc of documents.rows) {
      await this.deps.deleteDocument?.(doc.ref);
      await this.deps.db.transaction(async (tx) => {
        await tx.query('DELETE FROM request_documents WHERE id = $1', [doc.id]);
        await this.deps.events.append(tx, {
          actor: 'system:retention',
          subjectType: 'service_request',
          subjectId: doc.reference,
          type: 'retention.documentPurged',
          at: now,
        });
      });
    }
    return `purged ${drafts} drafts, ${documents.rowCount} documents`;
  }

  /**
   * Unfinished flows (a draft request, a half-filed complaint): one reminder after
   * `conversation.reminderMinutes` of silence, then a polite expiry after `idleMinutes`. A person
   * gathering documents (a flow state the engine calls patient) is given longer: a reminder every
   * `reminders.draftDocuments.everyHours` of silence up to `max`, and the expiry one interval after the
   * last. Runs every minute; each conversation is re-checked under its lock, so a person who answered
   * meanwhile is left alone.
   */
  private async draftSweep(): Promise<string> {
    const { reminderMinutes, idleMinutes } = this.deps.profile.conversation;
    const documents = this.deps.profile.reminders.draftDocuments;
    const now = this.now().getTime();
    const before = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
    // Silence is measured from the snapshot's own time (the engine's clock), not the row's write time.
    const idle = await this.deps.db.query<{
      id: string;
      flow: string;
      state: string;
      last: string;
      sent: number;
    }>(
      `SELECT id, snapshot->>'flowId' AS flow, snapshot->>'state' AS state, snapshot->>'updatedAt' AS last,
              CASE WHEN reminded_at >= (snapshot->>'updatedAt')::timestamptz THEN greatest(reminders_sent, 1)
                   ELSE 0 END AS sent
       FROM conversations
       WHERE snapshot IS NOT NULL
         -- Resting places, and sending missing information (reminded by its request's own timers).
         AND snapshot->>'flowId' NOT IN ('menu', 'greeting', 'handoff', 'request-info')
         AND (snapshot->>'updatedAt')::timestamptz < $1
       ORDER BY (snapshot->>'updatedAt')::timestamptz LIMIT 500`,
      [before(Math.min(reminderMinutes, documents.everyHours * 60))],
    );
    let reminded = 0;
    let expired = 0;
    for (const row of idle.rows) {
      const sent = Number(row.sent);
      const patient = this.deps.isPatient?.(row.flow, row.state) ?? false;
      // Patient: reminders at every interval of silence up to `max`, expiry one interval after the last.
      const expiryMinutes = patient ? documents.everyHours * 60 * (documents.max + 1) : idleMinutes;
      const remindAfter = patient ? documents.everyHours * 60 * (sent + 1) : reminderMinutes;
      const maxReminders = patient ? documents.max : 1;
      if (row.last < before(expiryMinutes)) {
        const notice = patient ? 'engine.documentsExpired' : 'engine.expired';
        if (await this.deps.expireDraft?.(row.id, expiryMinutes, notice)) expired++;
        continue;
      }
      if (sent >= maxReminders || row.last >= before(remindAfter) || !this.deps.remindDraft) continue;
      const written = await this.deps.db.transaction(async (tx) => {
        const locked = await tx.query<{ last: string }>(
          `SELECT snapshot->>'updatedAt' AS last FROM conversations WHERE id = $1 FOR UPDATE`,
          [row.id],
        );
        if (locked.rows[0]?.last !== row.last) return []; // the person wrote meanwhile
        await tx.query(`UPDATE conversations SET reminded_at = $2, reminders_sent = $3 WHERE id = $1`, [
          row.id,
          this.now().toISOString(),
          sent + 1,
        ]);
        return this.deps.remindDraft!(tx, row.id, patient ? 'engine.documentsReminder' : undefined);
      });
      if (written.length > 0) reminded++;
    }
    return `drafts: ${reminded} reminded, ${expired} expired`;
  }

  /** Invites everyone with a case closed in the period (and consent) who was not asked yet. */
  private async surveyCampaign(): Promise<string> {
    const since = new Date(this.now().getTime() - this.deps.profile.surveys.campaignEveryDays * 86_400_000);
    const found = await this.deps.db.query<{ reference: string }>(
      `SELECT r.reference FROM service_requests r
       JOIN consents c ON c.beneficiary_id = r.beneficiary_id AND c.purpose = 'service' AND c.granted
       WHERE r.status IN ('closed', 'delivered') AND r.updated_at >= $1
         AND NOT EXISTS (SELECT 1 FROM survey_invitations i WHERE i.case_reference = r.reference)
       GROUP BY r.reference`,
      [since.toISOString()],
    );
    let sent = 0;
    for (const row of found.rows) {
      if ((await this.surveyAfterClose(row.reference, 'campaign')) === 'survey sent') sent++;
    }
    return `campaign: ${sent} invited`;
  }
}

async function lockRequest(tx: SqlExecutor, reference: string) {
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
  return found.rows[0];
}
