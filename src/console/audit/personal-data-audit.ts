import type { Database } from '../../store/database';
import { PgEventLog } from '../../store/event-log';

/** What of a person's data a staff member looked at. */
export type PersonalDataView = 'caseDetail' | 'personHistory' | 'caseListExport' | 'beneficiaryLookup';

/**
 * Every view of personal data in the console is an audit event `personalData.viewed`: who (`staff:<id>`),
 * about what (the case, or the list or lookup) and what they saw. Written before the data is answered,
 * so a view that could not be recorded is not served (PDPL: who accessed what, when).
 */
export class PersonalDataAudit {
  private readonly events = new PgEventLog();

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  async viewed(
    staffId: string,
    subject: { type: string; id: string },
    what: PersonalDataView,
    /** More of what was seen (how many rows, which filters); never the data itself. */
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.events.append(this.db, {
      actor: `staff:${staffId}`,
      subjectType: subject.type,
      subjectId: subject.id,
      type: 'personalData.viewed',
      data: { what, ...details },
      at: this.now(),
    });
  }
}
