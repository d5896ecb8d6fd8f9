import type { SqlExecutor } from '../database';
import {
  count,
  type DashboardFilters,
  filtered,
  measure,
  PERIOD,
  type Period,
  scopeParams,
  scopeSql,
} from './dashboard-scope';
import { OPEN_COMPLAINT_STATUSES, OPEN_REQUEST_STATUSES } from './open-statuses';

export type { DashboardFilters, Period } from './dashboard-scope';

/** What the CSAT figures are grouped by: a request's service or a ticket's kind, the channel, the officer. */
export type SatisfactionDimension = 'service' | 'channel' | 'officer';

/** Hours from opening to the first staff action, and to the decision or resolution, of one kind of case. */
export interface ResponseTimeRow {
  kind: 'request' | 'complaint';
  cases: number;
  responded: number;
  firstAvgHours: number | null;
  firstMedianHours: number | null;
  resolved: number;
  resolutionAvgHours: number | null;
  resolutionMedianHours: number | null;
}

/**
 * An answer or invitation counts when its case is in scope; one about no known case (a survey from the
 * menu) only when nothing is filtered (parameter `$flag`: whether anything is).
 */
const inScope = (flag: number) =>
  `((k.reference IS NULL AND NOT $${flag}::boolean) OR k.reference IN (SELECT reference FROM scoped))`;

/** The staff member who acted on a case last (`k.reference`, `k.subject_type` in scope). */
const OFFICER = `LEFT JOIN LATERAL (
  SELECT substr(e.actor, 7) AS officer FROM events e
  WHERE e.subject_type = k.subject_type AND e.subject_id = k.reference AND e.actor LIKE 'staff:%'
    AND e.type NOT LIKE '%.submitted' AND e.type NOT LIKE '%.opened'
  ORDER BY e.at DESC, e.id DESC LIMIT 1) o ON true`;

/** Cases in scope opened in the period with when staff first acted and when they were decided / resolved. */
const TIMED = `opened AS (
    SELECT 'request'::text AS kind, r.reference, 'service_request'::text AS subject_type, r.completed_at AS opened_at
    FROM service_requests r JOIN scoped USING (reference)
    UNION ALL
    SELECT 'complaint', c.reference, 'complaint', c.created_at FROM complaints c JOIN scoped USING (reference)),
  timed AS (
    SELECT k.kind, k.opened_at,
      (SELECT min(e.at) FROM events e WHERE e.subject_type = k.subject_type AND e.subject_id = k.reference
        AND e.actor LIKE 'staff:%' AND e.type NOT LIKE '%.submitted' AND e.type NOT LIKE '%.opened') AS first_response,
      (SELECT min(e.at) FROM events e WHERE e.subject_type = k.subject_type AND e.subject_id = k.reference
        AND e.type IN ('request.approve', 'request.reject', 'complaint.resolve')) AS resolved_at
    FROM opened k, p WHERE k.opened_at >= p.t0 AND k.opened_at < p.t1)`;

/**
 * The oversight dashboard's figures, computed in SQL over the case tables, the audit events and the
 * survey answers (docs/console.md defines each). Periods are local days in the association's zone;
 * "today" (for overdue) is the app's local date, passed in.
 */
export class PgDashboardRepository {
  constructor(private readonly timeZone: string) {}

  /** Open, overdue and escalated cases as of `today`; requests and complaints opened in the period. */
  async caseCounts(
    db: SqlExecutor,
    period: Period,
    today: string,
    filters: DashboardFilters = {},
  ): Promise<{
    openRequests: number;
    openComplaints: number;
    overdue: number;
    escalated: number;
    newRequests: number;
    newComplaints: number;
  }> {
    const counts = await db.query<Record<string, unknown>>(
      `WITH ${PERIOD}, ${scopeSql(7)},
       r AS (SELECT s.* FROM service_requests s JOIN scoped USING (reference)),
       c AS (SELECT s.* FROM complaints s JOIN scoped USING (reference))
       SELECT
         (SELECT count(*) FROM r WHERE status = ANY($4::text[])) AS open_requests,
         (SELECT count(*) FROM c WHERE status = ANY($5::text[])) AS open_complaints,
         (SELECT count(*) FROM r WHERE status = ANY($4::text[])
            AND (overdue_since IS NOT NULL OR due_date < $6::date))
         + (SELECT count(*) FROM c WHERE status = ANY($5::text[])
            AND (overdue_since IS NOT NULL OR due_date < $6::date)) AS overdue,
         (SELECT count(*) FROM r WHERE status = ANY($4::text[]) AND escalation_level > 0)
         + (SELECT count(*) FROM c WHERE status = ANY($5::text[])
            AND (escalation_level > 0 OR status = 'escalated')) AS escalated,
         (SELECT count(*) FROM r, p WHERE created_at >= p.t0 AND created_at < p.t1) AS new_requests,
         (SELECT count(*) FROM c, p WHERE created_at >= p.t0 AND created_at < p.t1) AS new_complaints`,
      [
        period.from,
        period.to,
        this.timeZone,
        OPEN_REQUEST_STATUSES,
        OPEN_COMPLAINT_STATUSES,
        today,
        ...scopeParams(filters),
      ],
    );
    const c = counts.rows[0] ?? {};
    return {
      openRequests: count(c.open_requests),
      openComplaints: count(c.open_complaints),
      overdue: count(c.overdue),
      escalated: count(c.escalated),
      newRequests: count(c.new_requests),
      newComplaints: count(c.new_complaints),
    };
  }

  /** Requests first decided (approved or rejected) in the period, and how many on or before their due date. */
  async decisions(
    db: SqlExecutor,
    period: Period,
    filters: DashboardFilters = {},
  ): Promise<{ decided: number; onTime: number }> {
    const decisions = await db.query<{ decided: string; on_time: string }>(
      `WITH ${PERIOD}, ${scopeSql(4)},
       decided AS (
         SELECT r.due_date, min(e.at) AS decided_at
         FROM service_requests r JOIN scoped USING (reference)
         JOIN events e ON e.subject_type = 'service_request' AND e.subject_id = r.reference
           AND e.type IN ('request.approve', 'request.reject')
         GROUP BY r.reference, r.due_date)
       SELECT count(*) AS decided,
              count(*) FILTER (WHERE (decided_at AT TIME ZONE $3)::date <= due_date) AS on_time
       FROM decided, p WHERE decided_at >= p.t0 AND decided_at < p.t1`,
      [period.from, period.to, this.timeZone, ...scopeParams(filters)],
    );
    return { decided: count(decisions.rows[0]?.decided), onTime: count(decisions.rows[0]?.on_time) };
  }

  /**
   * Of the cases opened in the period, per kind: hours to the first staff action (first response), and
   * to the decision of a request or the resolution of a complaint (average and median, unrounded).
   */
  async responseTimes(
    db: SqlExecutor,
    period: Period,
    filters: DashboardFilters = {},
  ): Promise<ResponseTimeRow[]> {
    const found = await db.query<Record<string, unknown>>(
      `WITH ${PERIOD}, ${scopeSql(4)}, ${TIMED}
       SELECT kind, count(*) AS cases, count(first_response) AS responded,
         avg(extract(epoch FROM first_response - opened_at)) / 3600 AS first_avg,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response - opened_at)) / 3600 AS first_median,
         count(resolved_at) AS resolved,
         avg(extract(epoch FROM resolved_at - opened_at)) / 3600 AS resolution_avg,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - opened_at)) / 3600 AS resolution_median
       FROM timed GROUP BY kind`,
      [period.from, period.to, this.timeZone, ...scopeParams(filters)],
    );
    return (['request', 'complaint'] as const).map((kind) => {
      const r = found.rows.find((row) => row.kind === kind) ?? {};
      return {
        kind,
        cases: count(r.cases),
        responded: count(r.responded),
        firstAvgHours: measure(r.first_avg),
        firstMedianHours: measure(r.first_median),
        resolved: count(r.resolved),
        resolutionAvgHours: measure(r.resolution_avg),
        resolutionMedianHours: measure(r.resolution_median),
      };
    });
  }

  /** The median hours to the first response (`first`) or to the resolution, over both kinds of case. */
  async medianHours(
    db: SqlExecutor,
    period: Period,
    which: 'first' | 'resolution',
    filters: DashboardFilters = {},
  ): Promise<number | null> {
    const column = which === 'first' ? 'first_response' : 'resolved_at';
    const found = await db.query<{ median: unknown }>(
      `WITH ${PERIOD}, ${scopeSql(4)}, ${TIMED}
       SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ${column} - opened_at)) / 3600 AS median
       FROM timed`,
      [period.from, period.to, this.timeZone, ...scopeParams(filters)],
    );
    return measure(found.rows[0]?.median);
  }

  /** Tickets opened in the period by kind and category: how many, how many open, how many resolved. */
  async complaintsByCategory(
    db: SqlExecutor,
    period: Period,
    filters: DashboardFilters = {},
  ): Promise<{ kind: string; category: string | null; total: number; open: number; resolved: number }[]> {
    const found = await db.query<Record<string, unknown>>(
      `WITH ${PERIOD}, ${scopeSql(5)}
       SELECT c.kind, c.category_id AS category, count(*) AS total,
         count(*) FILTER (WHERE c.status = ANY($4::text[])) AS open,
         count(*) FILTER (WHERE c.status IN ('resolved', 'closed')) AS resolved
       FROM complaints c JOIN scoped USING (reference), p WHERE c.created_at >= p.t0 AND c.created_at < p.t1
       GROUP BY c.kind, c.category_id ORDER BY total DESC, c.kind, c.category_id`,
      [period.from, period.to, this.timeZone, OPEN_COMPLAINT_STATUSES, ...scopeParams(filters)],
    );
    return found.rows.map((r) => ({
      kind: String(r.kind),
      category: (r.category as string | null) ?? null,
      total: count(r.total),
      open: count(r.open),
      resolved: count(r.resolved),
    }));
  }

  /**
   * Tickets opened in the period by kind, per week (weeks start on Sunday, as the Saudi working week
   * does; `week` is that Sunday's date). Weeks without tickets are absent.
   */
  async complaintsByWeek(
    db: SqlExecutor,
    period: Period,
    filters: DashboardFilters = {},
  ): Promise<{ week: string; complaint: number; suggestion: number; compensation: number }[]> {
    const found = await db.query<Record<string, unknown>>(
      `WITH ${PERIOD}, ${scopeSql(4)}, local AS (
         SELECT c.kind, (c.created_at AT TIME ZONE $3)::date AS day FROM complaints c JOIN scoped USING (reference), p
         WHERE c.created_at >= p.t0 AND c.created_at < p.t1)
       SELECT (day - EXTRACT(DOW FROM day)::int)::text AS week,
         count(*) FILTER (WHERE kind = 'complaint') AS complaint,
         count(*) FILTER (WHERE kind = 'suggestion') AS suggestion,
         count(*) FILTER (WHERE kind = 'compensation') AS compensation
       FROM local GROUP BY 1 ORDER BY 1`,
      [period.from, period.to, this.timeZone, ...scopeParams(filters)],
    );
    return found.rows.map((r) => ({
      week: String(r.week),
      complaint: count(r.complaint),
      suggestion: count(r.suggestion),
      compensation: count(r.compensation),
    }));
  }

  /**
   * Survey answers given in the period, grouped by `dimension` (or all together, key `all`): how many,
   * the average of the CSAT rating `question` (1–5, unrounded), and the share of 4s and 5s among the
   * rated. A request's service key is its service; a ticket's `ticket:<kind>`; `none` where unknown.
   */
  async satisfactionAnswers(
    db: SqlExecutor,
    period: Period,
    dimension: SatisfactionDimension | 'all',
    question: string,
    filters: DashboardFilters = {},
  ): Promise<{ key: string; responses: number; average: number | null; satisfiedPct: number | null }[]> {
    const answers = await db.query<Record<string, unknown>>(
      `WITH ${PERIOD}, ${scopeSql(5)}, x AS (
         SELECT s.case_reference AS reference, s.channel AS response_channel,
           CASE WHEN jsonb_typeof(s.answers -> $4) = 'number' THEN (s.answers ->> $4)::numeric END AS score
         FROM survey_responses s, p WHERE s.created_at >= p.t0 AND s.created_at < p.t1)
       SELECT ${groupKey(dimension)} AS key, count(*) AS responses, avg(x.score) AS average,
         count(*) FILTER (WHERE x.score >= 4) * 100.0 / nullif(count(x.score), 0) AS satisfied
       FROM x LEFT JOIN cases k ON k.reference = x.reference ${OFFICER}
       WHERE ${inScope(8)}
       GROUP BY 1`,
      [period.from, period.to, this.timeZone, question, ...scopeParams(filters), filtered(filters)],
    );
    return answers.rows.map((r) => ({
      key: String(r.key),
      responses: count(r.responses),
      average: measure(r.average),
      satisfiedPct: measure(r.satisfied),
    }));
  }

  /** Survey invitations sent in the period, grouped as `satisfactionAnswers`: how many, how many answered. */
  async surveyInvitations(
    db: SqlExecutor,
    period: Period,
    dimension: SatisfactionDimension | 'all',
    filters: DashboardFilters = {},
  ): Promise<{ key: string; invited: number; answered: number }[]> {
    const invitations = await db.query<Record<string, unknown>>(
      `WITH ${PERIOD}, ${scopeSql(4)}, x AS (
         SELECT i.case_reference AS reference, NULL::text AS response_channel,
           EXISTS (SELECT 1 FROM survey_responses s WHERE s.case_reference = i.case_reference) AS answered
         FROM survey_invitations i, p WHERE i.sent_at >= p.t0 AND i.sent_at < p.t1)
       SELECT ${groupKey(dimension)} AS key, count(*) AS invited, count(*) FILTER (WHERE x.answered) AS answered
       FROM x LEFT JOIN cases k ON k.reference = x.reference ${OFFICER}
       WHERE ${inScope(7)}
       GROUP BY 1`,
      [period.from, period.to, this.timeZone, ...scopeParams(filters), filtered(filters)],
    );
    return invitations.rows.map((r) => ({
      key: String(r.key),
      invited: count(r.invited),
      answered: count(r.answered),
    }));
  }
}

/** The SQL expression a satisfaction row is grouped by (`k`: the case, `x`: the answer, `o`: its officer). */
function groupKey(dimension: SatisfactionDimension | 'all'): string {
  return {
    all: `'all'`,
    service: `coalesce(k.service, 'none')`,
    channel: `coalesce(k.channel, x.response_channel, 'none')`,
    officer: `coalesce(o.officer, 'none')`,
  }[dimension];
}
