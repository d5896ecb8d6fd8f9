import type { Profile, StaffRole } from '../../config/profile-schema';
import {
  availableComplaintActions,
  COMPLAINT_RULES,
  type ComplaintStatus,
} from '../../cases/rules/complaint-transitions';
import {
  availableRequestActions,
  REQUEST_RULES,
  type RequestStatus,
} from '../../cases/rules/request-transitions';
import type { FieldCipher } from '../../security/field-cipher';
import { openSealedFields } from '../../security/sealed-parts';
import { PgCaseDetailRepository, type PersonMessageRow } from '../../store/console/case-detail-repository';
import type { SqlExecutor } from '../../store/database';
import { CaseList, type CaseRow } from './case-list';
import { inScope, type CaseScope } from './case-scope';
import { caseTimeline, type TimelineItem } from './case-timeline';

export interface CaseDetail extends CaseRow {
  fields: Record<string, string | number> | null;
  description: string | null;
  routedTo: string | null;
  declaration: Record<string, unknown> | null;
  completedAt: string | null;
  overdueSince: string | null;
  documents: {
    documentId: string;
    mimeType: string;
    sizeBytes: number;
    fileName: string | null;
    sha256: string;
    receivedAt: string;
  }[];
  attachments: unknown[];
  beneficiary: { id: string; chatChannels: string[]; preferredLang: string | null } | null;
  /** What the signed-in staff member may do now (the transition tables decide). */
  actions: { id: string; needsReason: boolean }[];
  timeline: TimelineItem[];
}

/** Messages of the person shown around a case: from a day before it opened, the latest this many. */
const MESSAGE_LIMIT = 200;
const MESSAGES_BEFORE_MS = 86_400_000;

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

/**
 * A case with everything about it in one timeline: its audit events (who, when, why), the person's chat
 * messages and our replies, the notifications sent to them with where each stands, staff alerts
 * (reminders, escalations), and its documents.
 */
export class CaseDetails {
  private readonly list: CaseList;
  private readonly store = new PgCaseDetailRepository();

  /** `cipher` opens the form's sealed answers and the messages sealed at rest. */
  constructor(
    profile: Profile,
    private readonly cipher?: FieldCipher,
  ) {
    this.list = new CaseList(profile);
  }

  /** The case, or `undefined` when there is none or it is outside `scope`. */
  async load(
    db: SqlExecutor,
    reference: string,
    scope: CaseScope,
    roles: readonly StaffRole[],
    today: string,
  ): Promise<CaseDetail | undefined> {
    const listed = await this.list.page(
      db,
      { q: reference, sort: 'newest', page: 1, pageSize: 1 },
      { all: true },
      today,
    );
    const row = listed.rows[0];
    if (!row || row.reference !== reference) return undefined;
    const request = row.kind === 'request' ? await this.store.request(db, reference) : undefined;
    const complaint = row.kind === 'complaint' ? await this.store.complaint(db, reference) : undefined;
    const record = request ?? complaint;
    if (!record || !inScope(scope, record.scopeCategory)) return undefined;

    const documents = request ? await this.store.requestDocuments(db, request.id) : [];
    const events = await this.store.events(db, request ? 'service_request' : 'complaint', reference);
    const alerts = await this.store.staffAlerts(db, reference);
    let beneficiary: CaseDetail['beneficiary'] = null;
    let messages: PersonMessageRow[] = [];
    if (record.beneficiaryId) {
      const person = await this.store.person(db, record.beneficiaryId);
      beneficiary = {
        id: record.beneficiaryId,
        chatChannels: person?.chatChannels ?? [],
        preferredLang: person?.preferredLang ?? null,
      };
      const since = new Date(new Date(row.createdAt).getTime() - MESSAGES_BEFORE_MS);
      messages = await this.store.personMessages(db, record.beneficiaryId, since, MESSAGE_LIMIT);
    }

    const actions = request
      ? availableRequestActions(row.status as RequestStatus, roles).map((id) => ({
          id,
          needsReason: REQUEST_RULES[id].needsReason,
        }))
      : availableComplaintActions(row.status as ComplaintStatus, roles).map((id) => ({
          id,
          needsReason: COMPLAINT_RULES[id].needsReason,
        }));

    return {
      ...row,
      fields: request ? openSealedFields(request.fields, this.cipher) : null,
      description: complaint ? complaint.description : null,
      // A request's officer when one was assigned (`CaseAssignments`); a complaint's committee or officer.
      routedTo: record.routedTo ?? null,
      declaration: request ? request.declaration : null,
      completedAt: request ? iso(request.completedAt) : null,
      overdueSince: iso(record.overdueSince),
      documents: documents.map((d) => ({ ...d, receivedAt: d.receivedAt.toISOString() })),
      attachments: complaint ? (complaint.attachments ?? []) : [],
      beneficiary,
      actions,
      timeline: caseTimeline({ events, alerts, documents, messages }, this.cipher),
    };
  }
}
