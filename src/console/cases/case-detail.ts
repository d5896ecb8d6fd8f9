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
import { openSealedFields, openText } from '../../security/sealed-parts';
import { PgCaseDetailRepository, type PersonMessageRow } from '../../store/console/case-detail-repository';
import type { SqlExecutor } from '../../store/database';
import { allows, ROLES } from '../http/access';
import { CaseList, type CaseRow } from './case-list';
import { CaseMessages } from './case-messages';
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
  /** The case's own events, alerts, documents and messages (need to know: `CaseMessages`). */
  timeline: TimelineItem[];
  /** Whether the viewer's role may open the person's other conversations (`GET …/person-history`). */
  personHistory: boolean;
}

/** The person's history as a manager or administrator may open it: the latest this many messages. */
export const HISTORY_LIMIT = 200;

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

/**
 * A case with everything about it in one timeline: its audit events (who, when, why), the chat that made
 * it and our replies, the notifications about it with where each stands, staff alerts (reminders,
 * escalations), and its documents. The person's other conversations are not in it (need to know):
 * `history` gives them to the roles that may see them.
 */
export class CaseDetails {
  private readonly list: CaseList;
  private readonly store = new PgCaseDetailRepository();
  private readonly messages: CaseMessages;

  /** `cipher` opens the form's sealed answers, the complaint's description and the messages sealed at rest. */
  constructor(
    profile: Profile,
    private readonly cipher?: FieldCipher,
  ) {
    this.list = new CaseList(profile, cipher);
    this.messages = new CaseMessages(cipher);
  }

  /** The case, or `undefined` when there is none or it is outside `scope`. */
  async load(
    db: SqlExecutor,
    reference: string,
    scope: CaseScope,
    roles: readonly StaffRole[],
    today: string,
  ): Promise<CaseDetail | undefined> {
    const found = await this.find(db, reference, scope, today);
    if (!found) return undefined;
    const { row, request, complaint, record } = found;

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
      messages = await this.messages.of(db, reference, record.beneficiaryId, events);
    }

    const actions = request
      ? availableRequestActions(row.status as RequestStatus, roles).map((id) => ({
          id,
          needsReason: REQUEST_RULES[id].needsReason,
        }))
      : availableComplaintActions(row.status as ComplaintStatus, roles, row.escalationLevel).map((id) => ({
          id,
          needsReason: COMPLAINT_RULES[id].needsReason,
        }));

    return {
      ...row,
      fields: request ? openSealedFields(request.fields, this.cipher) : null,
      description: complaint ? openText(complaint.description, this.cipher) : null,
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
      personHistory: allows({ roles: ROLES.personHistory }, roles),
    };
  }

  /**
   * The person behind a case, and all their chat messages (every conversation: other cases, staff,
   * surveys), the latest `HISTORY_LIMIT`, oldest first; `undefined` when the case is not there for
   * `scope`, `null` history for a case with no person (anonymous, erased).
   */
  async history(
    db: SqlExecutor,
    reference: string,
    scope: CaseScope,
    today: string,
  ): Promise<{ beneficiaryId: string | null; timeline: TimelineItem[] } | undefined> {
    const found = await this.find(db, reference, scope, today);
    if (!found) return undefined;
    const { beneficiaryId } = found.record;
    if (!beneficiaryId) return { beneficiaryId: null, timeline: [] };
    const messages = await this.store.personMessages(db, beneficiaryId, new Date(0), HISTORY_LIMIT);
    return {
      beneficiaryId,
      timeline: caseTimeline({ events: [], alerts: [], documents: [], messages }, this.cipher),
    };
  }

  private async find(db: SqlExecutor, reference: string, scope: CaseScope, today: string) {
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
    return { row, request, complaint, record };
  }
}
