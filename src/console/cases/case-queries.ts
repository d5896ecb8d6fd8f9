import { z } from 'zod';
import type { Profile } from '../../config/profile-schema';
import { parseReference } from '../../cases/rules/reference';
import { parseSaudiMobile } from '../../domain/identity/saudi-mobile';
import type { SqlExecutor } from '../../store/database';
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

export const OPEN_REQUEST = ['submitted', 'under_review', 'needs_info'];
export const OPEN_COMPLAINT = ['open', 'assigned', 'escalated'];

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

type RawRow = {
  kind: 'request' | 'complaint';
  reference: string;
  status: string;
  ticket_kind: string | null;
  service_id: string | null;
  category_id: string | null;
  channel: string;
  due_date: string;
  created_at: Date;
  updated_at: Date;
  overdue: boolean;
  escalation_level: number;
  full_name: string | null;
  mobile: string | null;
  identity_name: string | null;
  fields: Record<string, string | number> | null;
  officer: string | null;
  total: string;
};

/** Both kinds of case as one relation, with the category that scopes who sees it. */
const CASES = `(
  SELECT 'request'::text AS kind, r.reference, r.status, NULL::text AS ticket_kind, r.service_id, r.category_id,
         r.channel, r.due_date, r.created_at, r.updated_at, r.overdue_since, r.escalation_level, r.beneficiary_id,
         r.category_id AS scope_category, r.fields, r.fields::text AS search_text
  FROM service_requests r
  UNION ALL
  SELECT 'complaint', c.reference, c.status, c.kind, NULL, c.category_id, c.channel, c.due_date, c.created_at,
         c.updated_at, c.overdue_since, c.escalation_level, c.beneficiary_id, cb.category_id, NULL, c.description
  FROM complaints c LEFT JOIN beneficiaries cb ON cb.id = c.beneficiary_id
)`;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The case list: requests and complaints together, filtered, scoped to what the staff member may see,
 * newest first (or soonest due), a page at a time with the total.
 */
export class CaseQueries {
  constructor(private readonly profile: Profile) {}

  async list(
    db: SqlExecutor,
    filters: CaseFilters,
    scope: CaseScope,
    today: string,
    options: { limit?: number } = {},
  ): Promise<{ total: number; rows: CaseRow[] }> {
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    // Added only when a date filter uses it: PostgreSQL cannot type a parameter no expression uses.
    let tzParam: string | undefined;
    const tz = () => (tzParam ??= `${p(this.profile.calendar.timeZone)}::text`);
    const openStatuses = p([...OPEN_REQUEST, ...OPEN_COMPLAINT]);
    const todayParam = p(today);
    const overdue = `(k.status = ANY(${openStatuses}::text[]) AND (k.overdue_since IS NOT NULL OR k.due_date < ${todayParam}::date))`;
    const where: string[] = [];
    if (!scope.all) where.push(`k.scope_category = ANY(${p([...scope.categories])}::text[])`);
    if (filters.kind) where.push(`k.kind = ${p(filters.kind)}`);
    if (filters.status) where.push(`k.status = ${p(filters.status)}`);
    if (filters.service) where.push(`k.service_id = ${p(filters.service)}`);
    if (filters.category) where.push(`k.category_id = ${p(filters.category)}`);
    if (filters.channel) where.push(`k.channel = ${p(filters.channel)}`);
    if (filters.overdue === true) where.push(overdue);
    if (filters.overdue === false) where.push(`NOT ${overdue}`);
    if (filters.from)
      where.push(`k.created_at >= (${p(filters.from)}::date)::timestamp AT TIME ZONE ${tz()}`);
    if (filters.to) {
      where.push(`k.created_at < ((${p(filters.to)}::date + 1)::timestamp AT TIME ZONE ${tz()})`);
    }
    if (filters.officer) {
      where.push(
        `EXISTS (SELECT 1 FROM events e WHERE e.subject_id = k.reference AND e.actor = ${p(`staff:${filters.officer}`)})`,
      );
    }
    if (filters.q) {
      const reference = parseReference(filters.q);
      const mobile = parseSaudiMobile(filters.q);
      if (reference) where.push(`k.reference = ${p(reference)}`);
      else if (mobile.ok) {
        const e164 = p(mobile.e164);
        where.push(
          `(b.mobile = ${e164} OR k.search_text LIKE '%' || ${e164} || '%' OR EXISTS (
             SELECT 1 FROM channel_identities i WHERE i.beneficiary_id = k.beneficiary_id
             AND regexp_replace(coalesce(i.phone, ''), '[^0-9]', '', 'g') = ${p(mobile.e164.slice(1))}))`,
        );
      } else {
        const like = p(`%${escapeLike(filters.q)}%`);
        where.push(
          `(k.reference ILIKE ${like} OR b.full_name ILIKE ${like} OR k.search_text ILIKE ${like} OR EXISTS (
             SELECT 1 FROM channel_identities i WHERE i.beneficiary_id = k.beneficiary_id
             AND i.display_name ILIKE ${like}))`,
        );
      }
    }
    const order = filters.sort === 'due' ? 'k.due_date ASC, k.created_at ASC' : 'k.created_at DESC';
    const limit = options.limit ?? filters.pageSize;
    const offset = options.limit ? 0 : (filters.page - 1) * filters.pageSize;
    // The page first (filter, count, order, limit), then the per-row lookups for its rows only.
    const found = await db.query<RawRow>(
      `WITH page AS (
         SELECT k.kind, k.reference, k.status, k.ticket_kind, k.service_id, k.category_id, k.channel,
                k.due_date, k.created_at, k.updated_at, ${overdue} AS overdue, k.escalation_level,
                k.beneficiary_id, b.full_name, b.mobile, k.fields, count(*) OVER () AS total
         FROM ${CASES} k
         LEFT JOIN beneficiaries b ON b.id = k.beneficiary_id
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY ${order}
         LIMIT ${p(limit)} OFFSET ${p(offset)})
       SELECT k.kind, k.reference, k.status, k.ticket_kind, k.service_id, k.category_id, k.channel,
              k.due_date::text AS due_date, k.created_at, k.updated_at, k.overdue, k.escalation_level,
              k.full_name, k.mobile, k.fields, o.officer, ident.display_name AS identity_name, k.total
       FROM page k
       LEFT JOIN LATERAL (
         SELECT substr(e.actor, 7) AS officer FROM events e
         WHERE e.subject_type = CASE k.kind WHEN 'request' THEN 'service_request' ELSE 'complaint' END
           AND e.subject_id = k.reference AND e.actor LIKE 'staff:%'
         ORDER BY e.at DESC, e.id DESC LIMIT 1) o ON true
       LEFT JOIN LATERAL (
         SELECT i.display_name FROM channel_identities i WHERE i.beneficiary_id = k.beneficiary_id
           AND i.display_name IS NOT NULL ORDER BY i.created_at LIMIT 1) ident ON true
       ORDER BY ${order}`,
      params,
    );
    return {
      total: Number(found.rows[0]?.total ?? 0),
      rows: found.rows.map((r) => this.toRow(r)),
    };
  }

  private toRow(r: RawRow): CaseRow {
    const fromFields = this.applicantFromFields(r.service_id, r.fields);
    return {
      kind: r.kind,
      reference: r.reference,
      status: r.status,
      ticketKind: r.ticket_kind,
      serviceId: r.service_id,
      categoryId: r.category_id,
      channel: r.channel,
      dueDate: r.due_date,
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
      overdue: r.overdue,
      escalationLevel: r.escalation_level,
      applicant: {
        name: r.full_name ?? fromFields.name ?? r.identity_name,
        mobile: r.mobile ?? fromFields.mobile,
      },
      officer: r.officer,
    };
  }

  /** The name and mobile a request form asked for (the first name-like text field, the first mobile field). */
  applicantFromFields(
    serviceId: string | null,
    fields: Record<string, string | number> | null,
  ): { name: string | null; mobile: string | null } {
    const service = this.profile.services.find((s) => s.id === serviceId);
    if (!service || !fields) return { name: null, mobile: null };
    const nameField = service.fields.find((f) => f.type === 'text' && /name/.test(f.id));
    const mobileField = service.fields.find((f) => f.type === 'mobile');
    const value = (id: string | undefined) =>
      id !== undefined && fields[id] !== undefined ? String(fields[id]) : null;
    return { name: value(nameField?.id), mobile: value(mobileField?.id) };
  }
}
