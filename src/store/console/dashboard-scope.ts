/** A period of local dates, both days included. */
export interface Period {
  from: string;
  to: string;
}

/**
 * What the dashboard is narrowed to (each optional): a service id (or a ticket's kind `ticket:<kind>`,
 * or `handoff` for conversations handed to a person), the channel a case came in by, and the officer a
 * case is routed to.
 */
export interface DashboardFilters {
  service?: string;
  channel?: string;
  officer?: string;
}

/** `$n` placeholders for the period's bounds as instants: [t0, t1) in the association's zone ($1–$3). */
export const PERIOD = `p AS (SELECT ($1::date)::timestamp AT TIME ZONE $3 AS t0, (($2::date) + 1)::timestamp AT TIME ZONE $3 AS t1)`;

/**
 * Every case (requests, tickets and hand-offs to a person) with what the filters select on, as CTEs
 * `cases` (all) and `scoped` (those the filters keep). The filters are three text parameters from
 * `first` on, null for "any": always all three, so the placeholders are the same whatever is filtered.
 * A hand-off's channel is its conversation's; its officer whoever claimed it, else whom it was routed to.
 */
export function scopeSql(first: number): string {
  const [s, c, o] = [first, first + 1, first + 2].map((n) => `$${n}::text`);
  return `cases AS (
    SELECT r.reference, 'service_request'::text AS subject_type, r.service_id AS service, r.channel,
      r.routed_to AS officer FROM service_requests r
    UNION ALL
    SELECT c.reference, 'complaint', 'ticket:' || c.kind, c.channel, c.routed_to FROM complaints c
    UNION ALL
    SELECT h.reference, 'handoff', 'handoff', v.channel, coalesce(h.claimed_by, h.routed_to)
    FROM handoffs h JOIN conversations v ON v.id = h.conversation_id),
  scoped AS (
    SELECT * FROM cases WHERE (${s} IS NULL OR service = ${s}) AND (${c} IS NULL OR channel = ${c})
      AND (${o} IS NULL OR officer = ${o}))`;
}

/** The filters as the three parameters `scopeSql` reads. */
export const scopeParams = (f: DashboardFilters): (string | null)[] => [
  f.service ?? null,
  f.channel ?? null,
  f.officer ?? null,
];

/** Whether any filter is set: then answers about no case (from the menu) are left out. */
export const filtered = (f: DashboardFilters): boolean => Boolean(f.service || f.channel || f.officer);

/** Numbers as the drivers give them: counts as text or numbers, aggregates possibly null. */
export const count = (value: unknown): number => Number(value ?? 0);
export const measure = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);
