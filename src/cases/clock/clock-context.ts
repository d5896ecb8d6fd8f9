import type { Profile } from '../../config/profile-schema';
import type { DocumentStore } from '../../documents/document-store';
import type { Database, SqlExecutor } from '../../store/database';
import { PgDigestRepository } from '../../store/digest-repository';
import { PgDraftRepository } from '../../store/draft-repository';
import { PgEscalationRepository } from '../../store/escalation-repository';
import type { PgEventLog } from '../../store/event-log';
import { PgInfoRequestRepository } from '../../store/info-request-repository';
import { PgRequestDocumentRepository } from '../../store/request-document-repository';
import { PgServiceRequestRepository } from '../../store/service-request-repository';
import type { PgStaffNotificationRepository } from '../../store/staff-notification-repository';
import { PgSurveyRepository } from '../../store/survey-repository';
import type { PgTimerRequestRepository } from '../../store/timer-request-repository';
import type { BeneficiaryNotifier } from '../beneficiary-notifier';
import { DataErasure } from '../data-erasure';
import type { FlowOffers } from '../flow-offers';
import { CaseTimers, type TimerPlan } from '../rules/case-timers';
import type { StaffDirectory } from '../staff-directory';

/** What the clock's jobs need from the rest of Tawasul. */
export interface ClockDeps {
  db: Database;
  profile: Profile;
  events: PgEventLog;
  staffNotifications: PgStaffNotificationRepository;
  timerRequests: PgTimerRequestRepository;
  directory: StaffDirectory;
  /** Writes notifications to people in the outbox of the caller's transaction. */
  notifier: BeneficiaryNotifier;
  /** Starts flows in people's conversations (the survey, the menu after an expired draft). */
  flows: FlowOffers;
  /** Where documents live: retention deletes the files of closed cases, erasure a person's. */
  documents?: DocumentStore;
  /**
   * Whether a flow's state is one where the person gathers something over days (a request's documents):
   * there the draft gets `reminders.draftDocuments` instead of the one reminder and the hour's expiry.
   */
  isPatient?: (flowId: string, state: string) => boolean;
  now?: () => Date;
}

/**
 * What every clock job shares: the dependencies, the one clock, the repositories it reads and writes,
 * and the timer plans it may request. One per `ClockActions`.
 */
export class ClockContext {
  readonly timers: CaseTimers;
  readonly requests = new PgServiceRequestRepository();
  readonly info = new PgInfoRequestRepository();
  readonly escalations = new PgEscalationRepository();
  readonly surveys = new PgSurveyRepository();
  readonly documents = new PgRequestDocumentRepository();
  readonly drafts = new PgDraftRepository();
  readonly digest = new PgDigestRepository();
  readonly now: () => Date;
  /** Deletion requests carried out: the person told first, then erased. */
  readonly erasure: DataErasure;

  constructor(readonly deps: ClockDeps) {
    this.timers = new CaseTimers(deps.profile);
    this.now = deps.now ?? (() => new Date());
    this.erasure = new DataErasure({ ...deps, timers: this.timers, now: this.now });
  }

  /** Today in the association's time zone (`YYYY-MM-DD`). */
  today(): string {
    return this.timers.calendar.localDate(this.now());
  }

  /** Writes timer plans into the timer outbox of `tx`. */
  async plan(tx: SqlExecutor, plans: readonly TimerPlan[]): Promise<void> {
    await this.deps.timerRequests.add(tx, plans);
  }
}

/** Requests whose committee clock runs. */
export const OPEN_REQUEST = ['submitted', 'under_review', 'needs_info'];
export const OPEN_COMPLAINT = ['open', 'assigned', 'escalated'];
/** A request waiting for the applicant's information: the committee's clock is stopped. */
export const WAITING = 'needs_info';
