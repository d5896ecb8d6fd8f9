import {
  PgDataRequestRepository,
  type DataRequestRow,
  type DataRequestStatus,
} from '../store/data-request-repository';
import { DataErasure, type DataErasureDeps } from './data-erasure';
import { CaseError } from './rules/case-error';

/** How long an approval waits for the person's notice before it leaves the erasure to its timer. */
const APPROVAL_WAIT_MS = 10_000;

/**
 * The administrator's queue of data-rights requests (PDPL): deletion and correction requests, open or
 * closed. A deletion request is carried out on its due date by its timer; an administrator may carry it
 * out earlier (`approve`: the person is told, then erased, as on the due date) or refuse it with a reason
 * (the person is told the reason). Both are audited.
 */
export class DataRequestQueue {
  private readonly requests = new PgDataRequestRepository();
  private readonly erasure: DataErasure;
  private readonly now: () => Date;

  constructor(
    private readonly deps: DataErasureDeps & {
      /** Real time an approval waits for the notice to be sent (tests shorten it). */
      approvalWaitMs?: number;
    },
  ) {
    this.now = deps.now ?? (() => new Date());
    this.erasure = new DataErasure(deps);
  }

  list(status: DataRequestStatus): Promise<DataRequestRow[]> {
    return this.requests.list(this.deps.db, status);
  }

  /**
   * Carries out a deletion request now. Answers `completed` once the person, told first, is erased;
   * `open` when the notice has not gone out within a few seconds (a channel slow or down), in which
   * case the erasure's timer finishes it within minutes.
   */
  async approve(reference: string, staffId: string): Promise<{ status: DataRequestStatus }> {
    const started = await this.erasure.begin(reference, { staffId });
    if (started === 'unknown') throw new CaseError('ERR_CASE_NOT_FOUND', reference);
    if (started !== 'noticeQueued' && started !== 'adminsAlerted')
      throw new CaseError('ERR_TRANSITION_NOT_ALLOWED', `approve ${reference}: ${started}`);
    if (
      started === 'noticeQueued' &&
      (await this.erasure.noticeSent(reference, this.deps.approvalWaitMs ?? APPROVAL_WAIT_MS))
    ) {
      await this.erasure.finish(reference, 1);
    }
    return { status: (await this.requests.status(this.deps.db, reference)) as DataRequestStatus };
  }

  /** Refuses an open request, before its erasure has begun; the person is told why. */
  async refuse(reference: string, staffId: string, reason: string): Promise<{ status: DataRequestStatus }> {
    const { db, events, notifier, timerRequests, timers } = this.deps;
    const at = this.now();
    return db.transaction(async (tx) => {
      const request = await this.requests.lock(tx, reference);
      if (!request) throw new CaseError('ERR_CASE_NOT_FOUND', reference);
      if (request.status !== 'open' || request.noticeQueuedAt)
        throw new CaseError('ERR_TRANSITION_NOT_ALLOWED', `refuse ${reference}`);
      await this.requests.refuse(tx, reference, { staffId, reason, at });
      const told = request.beneficiaryId
        ? await notifier.notify(tx, request.beneficiaryId, 'queues.data.refused', { ref: reference, reason })
        : [];
      // The reason stays on the request; the trail, which outlives an erasure, holds no free text.
      await events.append(tx, {
        actor: `staff:${staffId}`,
        subjectType: 'data_request',
        subjectId: reference,
        type: 'data.requestRefused',
        data: { kind: request.kind, notified: told.length > 0 },
        at,
      });
      if (request.kind === 'deletion') await timerRequests.add(tx, timers.dataRequestClosed(reference));
      return { status: 'refused' };
    });
  }
}
