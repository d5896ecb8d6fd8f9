import { normaliseForMatching } from '../../domain/text/arabic-normalise';
import type { SqlExecutor } from '../database';
import { matchingFold } from '../matching-fold-sql';
import { OPEN_COMPLAINT_STATUSES, OPEN_REQUEST_STATUSES } from './open-statuses';

/** What the search box asked for, already recognised: a reference, a mobile number, or any text. */
export type CaseSearch = { reference: string } | { mobileE164: string } | { text: string };

/** One page of the case list: the filters, who may see what, the order and the page's bounds. */
export interface CasePageQuery {
  /** Only cases of these categories (a request's, or the complainant's); absent: every case. */
  scopeCategories?: readonly string[];
  kind?: 'request' | 'complaint';
  status?: string;
  service?: string;
  category?: string;
  channel?: string;
  /** A staff id who acted on the case. */
  officer?: string;
  /** true: open and past due only; false: all but those. */
  overdue?: boolean;
  /** Created on or after / on or before these local dates. */
  from?: string;
  to?: string;
  search?: CaseSearch;
  sort: 'newest' | 'due';
  limit: number;
  offset: number;
}

/** A case of the list, as stored (the console adds what the profile knows). */
export interface CaseListRow {
  kind: 'request' | 'complaint';
  reference: string;
  status: string;
  ticketKind: string | null;
  serviceId: string | null;
  categoryId: string | null;
  channel: string;
  dueDate: string;
  createdAt: Date;
  updatedAt: Date;
  overdue: boolean;
  escalationLevel: number;
  /** The person's recorded name and mobile. */
  fullName: string | null;
  mobile: string | null;
  /** The name their first chat identity gave. */
  identityName: string | null;
  /** A request's form answers, as stored (sealed parts still sealed). */
  fields: Record<string, string | number> | null;
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
 * The console's case list: requests and complaints together (`service_requests`, `complaints`), filtered,
 * scoped, ordered, a page at a time with the total.
 */
export class PgCaseListRepository {
  /** The association's time zone: date filters are local days. */
  constructor(private readonly timeZone: string) {}

  /** `today` (a local date, the app's clock) decides which open cases are past due. */
  async casesPage(
    db: SqlExecutor,
    q: CasePageQuery,
    today: string,
  ): Promise<{ total: number; rows: CaseListRow[] }> {
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    // Added only when a date filter uses it: PostgreSQL cannot type a parameter no expression uses.
    let tzParam: string | undefined;
    const tz = () => (tzParam ??= `${p(this.timeZone)}::text`);
    const openStatuses = p([...OPEN_REQUEST_STATUSES, ...OPEN_COMPLAINT_STATUSES]);
    const todayParam = p(today);
    const overdue = `(k.status = ANY(${openStatuses}::text[]) AND (k.overdue_since IS NOT NULL OR k.due_date < ${todayParam}::date))`;
    const where: string[] = [];
    if (q.scopeCategories) where.push(`k.scope_category = ANY(${p([...q.scopeCategories])}::text[])`);
    if (q.kind) where.push(`k.kind = ${p(q.kind)}`);
    if (q.status) where.push(`k.status = ${p(q.status)}`);
    if (q.service) where.push(`k.service_id = ${p(q.service)}`);
    if (q.category) where.push(`k.category_id = ${p(q.category)}`);
    if (q.channel) where.push(`k.channel = ${p(q.channel)}`);
    if (q.overdue === true) where.push(overdue);
    if (q.overdue === false) where.push(`NOT ${overdue}`);
    if (q.from) where.push(`k.created_at >= (${p(q.from)}::date)::timestamp AT TIME ZONE ${tz()}`);
    if (q.to) {
      where.push(`k.created_at < ((${p(q.to)}::date + 1)::timestamp AT TIME ZONE ${tz()})`);
    }
    if (q.officer) {
      where.push(
        `EXISTS (SELECT 1 FROM events e WHERE e.subject_id = k.reference AND e.actor = ${p(`staff:${q.officer}`)})`,
      );
    }
    const search = q.search;
    if (search && 'reference' in search) where.push(`k.reference = ${p(search.reference)}`);
    else if (search && 'mobileE164' in search) {
      const e164 = p(search.mobileE164);
      where.push(
        `(b.mobile = ${e164} OR k.search_text LIKE '%' || ${e164} || '%' OR EXISTS (
             SELECT 1 FROM channel_identities i WHERE i.beneficiary_id = k.beneficiary_id
             AND regexp_replace(coalesce(i.phone, ''), '[^0-9]', '', 'g') = ${p(search.mobileE164.slice(1))}))`,
      );
    } else if (search) {
      // Names and answers are compared folded as the bot folds Arabic (hamza, ta marbuta, alef maqsura, …).
      const like = p(`%${escapeLike(search.text)}%`);
      const folded = p(`%${escapeLike(normaliseForMatching(search.text) || search.text)}%`);
      const fold = matchingFold(p);
      where.push(
        `(k.reference ILIKE ${like} OR ${fold('b.full_name')} ILIKE ${folded}
          OR ${fold('k.search_text')} ILIKE ${folded} OR EXISTS (
             SELECT 1 FROM channel_identities i WHERE i.beneficiary_id = k.beneficiary_id
             AND ${fold('i.display_name')} ILIKE ${folded}))`,
      );
    }
    const order = q.sort === 'due' ? 'k.due_date ASC, k.created_at ASC' : 'k.created_at DESC';
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
         LIMIT ${p(q.limit)} OFFSET ${p(q.offset)})
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
      rows: found.rows.map((r) => ({
        kind: r.kind,
        reference: r.reference,
        status: r.status,
        ticketKind: r.ticket_kind,
        serviceId: r.service_id,
        categoryId: r.category_id,
        channel: r.channel,
        dueDate: r.due_date,
        createdAt: new Date(r.created_at),
        updatedAt: new Date(r.updated_at),
        overdue: r.overdue,
        escalationLevel: r.escalation_level,
        fullName: r.full_name,
        mobile: r.mobile,
        identityName: r.identity_name,
        fields: r.fields,
        officer: r.officer,
      })),
    };
  }
}
