import { parseSaudiMobile } from '../../domain/identity/saudi-mobile';
import { PgBeneficiaryMergeRepository, type MergeOutcome } from '../../store/beneficiary-merge-repository';
import {
  PgBeneficiaryIntakeRepository,
  type MobileMatch,
} from '../../store/console/beneficiary-intake-repository';
import { PgPeopleRepository, type PersonRecord } from '../../store/console/people-repository';
import type { Database } from '../../store/database';
import type { PgEventLog } from '../../store/event-log';
import { ConsoleError } from '../http/console-errors';

/** A person as the merge screen lists them; `matchedBy` when found by a mobile number. */
export type PersonFound = PersonRecord & { matchedBy?: MobileMatch[] };

/**
 * Two records of one person made one by a staff member (`/console/people`): someone who wrote on two
 * channels before linking them, or who phoned in before chatting. The staff member decides on what they
 * see (identities, vouched or typed numbers, cases) and gives a reason; the merge is an audit event
 * (`beneficiary.merged`, how: `staff`). Nothing merges people by itself on a typed value.
 */
export class PeopleService {
  private readonly people = new PgPeopleRepository();
  private readonly byMobile = new PgBeneficiaryIntakeRepository();
  private readonly merging = new PgBeneficiaryMergeRepository();

  constructor(private readonly deps: { db: Database; events: PgEventLog; now: () => Date }) {}

  /** The people a mobile number (vouched-for matches first) or a case reference points to. */
  async find(query: { mobile?: string; reference?: string }): Promise<PersonFound[]> {
    if (query.reference) return this.people.find(this.deps.db, { reference: query.reference });
    const mobile = parseSaudiMobile(query.mobile ?? '');
    if (!mobile.ok) return [];
    const matches = await this.byMobile.candidates(this.deps.db, mobile.e164);
    const records = await this.people.find(this.deps.db, { ids: matches.map((m) => m.id) });
    return matches.flatMap((m) => {
      const record = records.find((r) => r.id === m.id);
      return record ? [{ ...record, matchedBy: m.matchedBy }] : [];
    });
  }

  /** Moves everything of `mergeId` to `keepId` and deletes `mergeId`'s record, with an audit event. */
  async merge(
    request: { keepId: string; mergeId: string; reason: string },
    staffId: string,
  ): Promise<{ keptId: string; moved: MergeOutcome['moved'] }> {
    const { keepId, mergeId, reason } = request;
    return this.deps.db.transaction(async (tx) => {
      const found = await this.people.find(tx, { ids: [keepId, mergeId] });
      if (found.length !== 2) throw new ConsoleError('ERR_NOT_FOUND');
      if (await this.merging.deletionOpen(tx, [keepId, mergeId])) throw new ConsoleError('ERR_DELETION_OPEN');
      const { moved } = await this.merging.merge(tx, keepId, mergeId);
      await this.deps.events.append(tx, {
        actor: `staff:${staffId}`,
        subjectType: 'beneficiary',
        subjectId: keepId,
        type: 'beneficiary.merged',
        data: { merged: mergeId, how: 'staff', reason, moved },
        at: this.deps.now(),
      });
      return { keptId: keepId, moved };
    });
  }
}
