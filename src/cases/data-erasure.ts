import type { DocumentStore } from '../documents/document-store';
import { PgDataRequestRepository } from '../store/data-request-repository';
import type { Database } from '../store/database';
import type { PgEventLog } from '../store/event-log';
import type { PgStaffNotificationRepository } from '../store/staff-notification-repository';
import type { PgTimerRequestRepository } from '../store/timer-request-repository';
import type { BeneficiaryNotifier } from './beneficiary-notifier';
import { eraseBeneficiary } from './erase-beneficiary';
import type { CaseTimers } from './rules/case-timers';
import { NOTICE_WAIT_HOURS } from './rules/data-requests';
import type { StaffDirectory } from './staff-directory';

export interface DataErasureDeps {
  db: Database;
  events: PgEventLog;
  notifier: BeneficiaryNotifier;
  timerRequests: PgTimerRequestRepository;
  staffNotifications: PgStaffNotificationRepository;
  directory: StaffDirectory;
  timers: CaseTimers;
  /** Where the person's files are erased from; without it administrators are alerted to do it. */
  documents?: DocumentStore;
  now?: () => Date;
}

/** What starting an erasure did; every outcome but `noticeQueued` changed nothing. */
export type ErasureStart =
  'noticeQueued' | 'adminsAlerted' | 'unknown' | 'notDeletion' | 'notOpen' | 'underWay' | 'notDue';

const POLL_MS = 100;

/**
 * Carries out a deletion request in two phases, because erasing a person deletes their conversations
 * and, with them, every outbox row, a notice still waiting to be sent included:
 *
 * 1. `begin`: once (the request's `notice_queued_at`, under its row lock), the person is told in their
 *    language on their last channel that the erasure is under way, through the outbox, and the second
 *    phase is requested as a timer in the same transaction.
 * 2. `finish`: when that notice has gone out (or failed for good, or after `NOTICE_WAIT_HOURS`: a channel
 *    down must not hold a legal deadline), the person is erased as `eraseBeneficiary` does and
 *    administrators are alerted. Until then it asks to look again a few minutes later.
 *
 * Both re-read the request and do nothing when it moved on, so timers fired late or twice are harmless.
 */
export class DataErasure {
  private readonly requests = new PgDataRequestRepository();
  private readonly now: () => Date;

  constructor(private readonly deps: DataErasureDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Phase one: on the due date (`by: 'dueDate'`, never before it), or when an administrator approves it
   * earlier (`by: { staffId }`).
   */
  async begin(reference: string, by: 'dueDate' | { staffId: string }): Promise<ErasureStart> {
    const { db, events, notifier, timers } = this.deps;
    const now = this.now();
    const checked = await db.transaction(async (tx) => {
      const request = await this.requests.lock(tx, reference);
      if (!request) return 'unknown';
      if (request.kind !== 'deletion') return 'notDeletion';
      if (request.status !== 'open') return 'notOpen';
      if (request.noticeQueuedAt) return 'underWay';
      if (by === 'dueDate' && timers.calendar.localDate(now) < request.dueDate) return 'notDue';
      // Telling the person is only right when this process can then erase everything, files included.
      if (!this.deps.documents) return 'noDocuments';
      const staffId = by === 'dueDate' ? null : by.staffId;
      const outboxIds = request.beneficiaryId
        ? await notifier.notify(tx, request.beneficiaryId, 'queues.data.erasing', { ref: reference })
        : [];
      await this.requests.recordNotice(tx, reference, { outboxIds, at: now, decidedBy: staffId });
      await events.append(tx, {
        actor: staffId ? `staff:${staffId}` : 'system:erasure',
        subjectType: 'data_request',
        subjectId: reference,
        type: 'data.erasureStarted',
        data: { early: staffId !== null, notified: outboxIds.length > 0 },
        at: now,
      });
      await this.deps.timerRequests.add(tx, [
        ...(staffId ? timers.dataRequestClosed(reference) : []),
        ...timers.erasureCheck(reference, 1, now),
      ]);
      return 'noticeQueued';
    });
    return checked === 'noDocuments' ? this.alertAdmins(reference, 'data.deletionDue', {}) : checked;
  }

  /** Phase two, check number `attempt`: erases once the notice went out or waited long enough. */
  async finish(reference: string, attempt: number): Promise<string> {
    const now = this.now();
    const ready = await this.deps.db.transaction(async (tx) => {
      const request = await this.requests.lock(tx, reference);
      if (!request || request.status !== 'open') return 'skipped: not open';
      if (!request.noticeQueuedAt) return 'skipped: the person was not told yet';
      const unsent = await this.requests.noticeUnsent(tx, reference);
      const waited = now.getTime() - request.noticeQueuedAt.getTime() >= NOTICE_WAIT_HOURS * 3_600_000;
      if (unsent > 0 && !waited) {
        await this.deps.timerRequests.add(tx, this.deps.timers.erasureCheck(reference, attempt + 1, now));
        return 'waiting for the notice';
      }
      return { decidedBy: request.decidedBy, noticeDelivered: unsent === 0 };
    });
    if (typeof ready === 'string') return ready;
    const { documents } = this.deps;
    if (!documents) {
      await this.alertAdmins(reference, 'data.deletionDue', {});
      return 'admins alerted';
    }
    const actor = ready.decidedBy ? `staff:${ready.decidedBy}` : 'system:erasure';
    await eraseBeneficiary({ ...this.deps, documents, now: this.now }, reference, actor);
    await this.alertAdmins(reference, 'data.erased', { noticeDelivered: ready.noticeDelivered });
    return 'deletion completed';
  }

  /**
   * Waits, up to `timeoutMs` of real time, until the notice of `reference` has left the outbox (sent,
   * or given up on). For an administrator's approval, which answers once the erasure is done if it can.
   */
  async noticeSent(reference: string, timeoutMs: number): Promise<boolean> {
    for (let waited = 0; ; waited += POLL_MS) {
      if ((await this.requests.noticeUnsent(this.deps.db, reference)) === 0) return true;
      if (waited >= timeoutMs) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** One alert per administrator (or the role, with none) and cause. */
  private async alertAdmins(
    reference: string,
    kind: 'data.deletionDue' | 'data.erased',
    data: Record<string, unknown>,
  ): Promise<'adminsAlerted'> {
    const cause = kind === 'data.erased' ? 'erased' : 'deletion-due';
    await this.deps.db.transaction(async (tx) =>
      this.deps.staffNotifications.add(
        tx,
        (await this.deps.directory.withRole(tx, 'admin')).map((recipient) => ({
          recipient,
          kind,
          subjectType: 'data_request',
          subjectId: reference,
          data,
          dedupeKey: `${cause}-${reference}-${recipient}`,
        })),
      ),
    );
    return 'adminsAlerted';
  }
}
