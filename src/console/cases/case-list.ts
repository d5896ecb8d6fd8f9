import { z } from 'zod';
import type { Profile } from '../../config/profile-schema';
import { parseReference } from '../../cases/rules/reference';
import { parseSaudiMobile } from '../../domain/identity/saudi-mobile';
import {
  PgCaseListRepository,
  type CaseListRow,
  type CaseSearch,
} from '../../store/console/case-list-repository';
import type { SqlExecutor } from '../../store/database';
import type { FieldCipher } from '../../security/field-cipher';
import { openSealedFields } from '../../security/sealed-parts';
import type { CaseScope } from './case-scope';

const Id = z.string().regex(/^[a-z][a-z0-9-]*$/, 'an id: lower-case letters, digits and dashes');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** The case list's filters (query string of `GET /api/cases` and of its export). */
export const CaseFilters = z.object({
  kind: z.enum(['request', 'complaint']).optional().describe('requests or complaints only'),
  status: z
    .string()
    .regex(/^[a-z_]+$/)
    .optional()
    .describe('e.g. submitted, under_review, open, escalated'),
  service: Id.optional(),
  category: Id.optional().describe('a request’s beneficiary category, or a complaint’s topic'),
  channel: z
    .string()
    .regex(/^[a-z]+$/)
    .optional()
    .describe('whatsapp, telegram, webchat, phone, visit, letter, fax…'),
  officer: Id.optional().describe('a staff id who acted on the case'),
  overdue: z.stringbool().optional().describe('true: open cases past their due date only'),
  from: IsoDate.optional().describe('created on or after (local date)'),
  to: IsoDate.optional().describe('created on or before (local date)'),
  q: z.string().trim().max(100).optional().describe('a reference, a name or a mobile number'),
  sort: z.enum(['newest', 'due']).default('newest'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type CaseFilters = z.output<typeof CaseFilters>;

export interface CaseRow {
  kind: 'request' | 'complaint';
  reference: string;
  status: string;
  /** complaint, suggestion or compensation (tickets only). */
  ticketKind: string | null;
  serviceId: string | null;
  categoryId: string | null;
  channel: string;
  dueDate: string;
  createdAt: string;
  updatedAt: string;
  overdue: boolean;
  escalationLevel: number;
  applicant: { name: string | null; mobile: string | null };
  /** The staff member who acted on it last. */
  officer: string | null;
}

/**
 * What the search box holds: a reference in any form (`req ٤٨٢١٢٧`), else a mobile in any form, else
 * text to find in names, references and form answers. Empty searches nothing. What is sealed at rest (a
 * form's name, mobile and ID answers, a complaint's description: src/security/sealed-parts.ts) cannot be
 * matched by SQL: a name is found through the person's contact record and chat identity, a mobile through
 * those and the chat platform's number.
 */
export function caseSearch(q: string | undefined): CaseSearch | undefined {
  if (!q) return undefined;
  const reference = parseReference(q);
  if (reference) return { reference };
  const mobile = parseSaudiMobile(q);
  return mobile.ok ? { mobileE164: mobile.e164 } : { text: q };
}

/**
 * The case list: requests and complaints together, filtered, scoped to what the staff member may see,
 * newest first (or soonest due), a page at a time with the total.
 */
export class CaseList {
  private readonly cases: PgCaseListRepository;

  /** `cipher` opens the personal answers (name, mobile) sealed in a request's form. */
  constructor(
    private readonly profile: Profile,
    private readonly cipher?: FieldCipher,
  ) {
    this.cases = new PgCaseListRepository(profile.calendar.timeZone);
  }

  /** A page of `filters`; with `limit` (an export), that many from the first. */
  async page(
    db: SqlExecutor,
    filters: CaseFilters,
    scope: CaseScope,
    today: string,
    options: { limit?: number } = {},
  ): Promise<{ total: number; rows: CaseRow[] }> {
    const found = await this.cases.casesPage(
      db,
      {
        scopeCategories: scope.all ? undefined : scope.categories,
        kind: filters.kind,
        status: filters.status,
        service: filters.service,
        category: filters.category,
        channel: filters.channel,
        officer: filters.officer,
        overdue: filters.overdue,
        from: filters.from,
        to: filters.to,
        search: caseSearch(filters.q),
        sort: filters.sort,
        limit: options.limit ?? filters.pageSize,
        offset: options.limit ? 0 : (filters.page - 1) * filters.pageSize,
      },
      today,
    );
    return { total: found.total, rows: found.rows.map((r) => this.toRow(r)) };
  }

  private toRow(r: CaseListRow): CaseRow {
    const fromFields = this.applicantFromFields(r.serviceId, r.fields);
    return {
      kind: r.kind,
      reference: r.reference,
      status: r.status,
      ticketKind: r.ticketKind,
      serviceId: r.serviceId,
      categoryId: r.categoryId,
      channel: r.channel,
      dueDate: r.dueDate,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      overdue: r.overdue,
      escalationLevel: r.escalationLevel,
      applicant: {
        name: r.fullName ?? fromFields.name ?? r.identityName,
        mobile: r.mobile ?? fromFields.mobile,
      },
      officer: r.officer,
    };
  }

  /** The name and mobile a request form asked for (the first name-like text field, the first mobile field). */
  private applicantFromFields(
    serviceId: string | null,
    sealed: Record<string, string | number> | null,
  ): { name: string | null; mobile: string | null } {
    const service = this.profile.services.find((s) => s.id === serviceId);
    if (!service || !sealed) return { name: null, mobile: null };
    const fields = openSealedFields(sealed, this.cipher);
    const nameField = service.fields.find((f) => f.type === 'text' && /name/.test(f.id));
    const mobileField = service.fields.find((f) => f.type === 'mobile');
    const value = (id: string | undefined) =>
      id !== undefined && fields[id] !== undefined ? String(fields[id]) : null;
    return { name: value(nameField?.id), mobile: value(mobileField?.id) };
  }
}
