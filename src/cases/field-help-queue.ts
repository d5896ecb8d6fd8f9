import type { Database } from '../store/database';
import type { PgEventLog } from '../store/event-log';
import {
  PgFieldHelpRepository,
  type FieldHelpRow,
  type FieldHelpStatus,
} from '../store/field-help-repository';
import type { BeneficiaryNotifier } from './beneficiary-notifier';
import { CaseError } from './rules/case-error';

export interface FieldHelpQueueDeps {
  db: Database;
  events: PgEventLog;
  /** Tells the person, in their language, on their last chat channel, in the change's transaction. */
  notifier: BeneficiaryNotifier;
  now?: () => Date;
}

/**
 * The queue of field-help calls: a field representative claims a call (the person is told someone is
 * on the way) and marks it done with an internal note (the person is told). Each change is audited and
 * answered once: two people pressing at once find the second refused (`ERR_TRANSITION_NOT_ALLOWED`).
 * The web console and the Telegram staff bot both call it.
 */
export class FieldHelpQueue {
  private readonly calls = new PgFieldHelpRepository();
  private readonly now: () => Date;

  constructor(private readonly deps: FieldHelpQueueDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  list(status: FieldHelpStatus): Promise<FieldHelpRow[]> {
    return this.calls.list(this.deps.db, status);
  }

  /** `staffId` takes an open call. */
  async claim(reference: string, staffId: string): Promise<{ status: FieldHelpStatus }> {
    const at = this.now();
    return this.deps.db.transaction(async (tx) => {
      const call = await this.calls.lock(tx, reference);
      if (!call) throw new CaseError('ERR_CASE_NOT_FOUND', reference);
      if (call.status !== 'open') throw new CaseError('ERR_TRANSITION_NOT_ALLOWED', `claim ${reference}`);
      await this.calls.claim(tx, reference, staffId, at);
      const told = call.beneficiaryId
        ? await this.deps.notifier.notify(tx, call.beneficiaryId, 'queues.fieldHelp.onTheWay', {
            ref: reference,
          })
        : [];
      await this.deps.events.append(tx, {
        actor: `staff:${staffId}`,
        subjectType: 'field_help',
        subjectId: reference,
        type: 'fieldHelp.claimed',
        data: { staffId, notified: told.length > 0 },
        at,
      });
      return { status: 'claimed' };
    });
  }

  /**
   * `staffId` marks a call done, claimed or not (a supervisor may close one another took). The note is
   * for staff only: it stays on the call, never in the audit trail or the person's chat.
   */
  async done(reference: string, staffId: string, note?: string): Promise<{ status: FieldHelpStatus }> {
    const at = this.now();
    const kept = note?.trim() ? note.trim() : null;
    return this.deps.db.transaction(async (tx) => {
      const call = await this.calls.lock(tx, reference);
      if (!call) throw new CaseError('ERR_CASE_NOT_FOUND', reference);
      if (call.status === 'done') throw new CaseError('ERR_TRANSITION_NOT_ALLOWED', `done ${reference}`);
      await this.calls.finish(tx, reference, { staffId, note: kept, at });
      const told = call.beneficiaryId
        ? await this.deps.notifier.notify(tx, call.beneficiaryId, 'queues.fieldHelp.done', { ref: reference })
        : [];
      await this.deps.events.append(tx, {
        actor: `staff:${staffId}`,
        subjectType: 'field_help',
        subjectId: reference,
        type: 'fieldHelp.done',
        data: { staffId, claimedBy: call.claimedBy, noted: kept !== null, notified: told.length > 0 },
        at,
      });
      return { status: 'done' };
    });
  }
}
