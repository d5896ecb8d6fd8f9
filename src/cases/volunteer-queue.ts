import type { Database } from '../store/database';
import type { PgEventLog } from '../store/event-log';
import { PgVolunteerRepository, type VolunteerRow } from '../store/volunteer-repository';
import type { BeneficiaryNotifier } from './beneficiary-notifier';
import { CaseError } from './rules/case-error';
import {
  canMoveVolunteer,
  VOLUNTEER_NOTICES,
  type VolunteerDecision,
  type VolunteerStatus,
} from './rules/volunteer-transitions';

export interface VolunteerQueueDeps {
  db: Database;
  events: PgEventLog;
  /** Tells the person, in their language, on their last chat channel, in the change's transaction. */
  notifier: BeneficiaryNotifier;
  now?: () => Date;
}

/**
 * The volunteering coordinator's queue of sign-ups: new → contacted → accepted | declined (see
 * `volunteer-transitions.ts`). Each change is audited (the note, internal, stays on the sign-up) and the
 * person is told when their sign-up is accepted or declined.
 */
export class VolunteerQueue {
  private readonly volunteers = new PgVolunteerRepository();
  private readonly now: () => Date;

  constructor(private readonly deps: VolunteerQueueDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  list(status: VolunteerStatus): Promise<VolunteerRow[]> {
    return this.volunteers.list(this.deps.db, status);
  }

  async setStatus(
    reference: string,
    to: VolunteerDecision,
    staffId: string,
    note?: string,
  ): Promise<{ status: VolunteerStatus }> {
    const at = this.now();
    const kept = note?.trim() ? note.trim() : null;
    return this.deps.db.transaction(async (tx) => {
      const signUp = await this.volunteers.lock(tx, reference);
      if (!signUp) throw new CaseError('ERR_CASE_NOT_FOUND', reference);
      if (!canMoveVolunteer(signUp.status, to))
        throw new CaseError('ERR_TRANSITION_NOT_ALLOWED', `${signUp.status} → ${to} ${reference}`);
      await this.volunteers.setStatus(tx, reference, { status: to, staffId, note: kept, at });
      const notice = VOLUNTEER_NOTICES[to];
      const told =
        notice && signUp.beneficiaryId
          ? await this.deps.notifier.notify(tx, signUp.beneficiaryId, notice, { ref: reference })
          : [];
      await this.deps.events.append(tx, {
        actor: `staff:${staffId}`,
        subjectType: 'volunteer',
        subjectId: reference,
        type: `volunteer.${to}`,
        data: { from: signUp.status, to, noted: kept !== null, notified: told.length > 0 },
        at,
      });
      return { status: to };
    });
  }
}
