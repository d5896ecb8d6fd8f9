import type { SqlExecutor } from '../database';
import {
  count,
  type DashboardFilters,
  measure,
  PERIOD,
  type Period,
  scopeParams,
  scopeSql,
} from './dashboard-scope';
import { OPEN_COMPLAINT_STATUSES, OPEN_REQUEST_STATUSES } from './open-statuses';

/**
 * Requests of one week: arrived (completed by the applicant) and decided (first approval or refusal).
 * A type, not an interface: export tables take rows as records.
 */
export type RequestWeekRow = {
  week: string;
  opened: number;
  decided: number;
};

/** Cases of one service (or ticket kind) decided or resolved in the period, against their deadline. */
export interface DeadlineRow {
  key: string;
  done: number;
  onTime: number;
  late: number;
  /** Calendar days from arrival to the decision, and the days the deadline allowed, on average. */
  avgDays: number | null;
  allowedDays: number | null;
}

/** Open cases of one committee as of today: how many, how many overdue, how many escalated. */
export interface CommitteeRow {
  committee: 'research' | 'followUp' | 'investigation';
  open: number;
  overdue: number;
  escalated: number;
}

/** One officer's load: open cases routed to them (and overdue of those), and cases they acted on in the period. */
export interface OfficerLoadRow {
  officer: string;
  open: number;
  overdue: number;
  acted: number;
}

/** Local week (from Sunday, as the Saudi working week) of a local date column `day`. */
const WEEK = `(day - EXTRACT(DOW FROM day)::int)::text`;

/**
 * The workload side of the oversight dashboard (request volumes, deadlines, committees, officers), in SQL
 * over the case tables and the audit events, narrowed by the dashboard's filters.
 */
export class PgDashboardWorkloadRepository {
  constructor(private readonly timeZone: string) {}

  /** Requests arrived and first decided in the period, per local week; weeks without either are absent. */
  async requestsByWeek(
    db: SqlExecutor,
    period: Period,
    filters: DashboardFilters,
  ): Promise<RequestWeekRow[]> {
    const found = await db.query<Record<string, unknown>>(
      `WITH ${PERIOD}, ${scopeSql(4)},
       opened AS (
         SELECT (r.completed_at AT TIME ZONE $3)::date AS day FROM service_requests r JOIN scoped USING (reference), p
         WHERE r.completed_at >= p.t0 AND r.completed_at < p.t1),
       decided AS (
         SELECT min(e.at) AS at FROM service_requests r JOIN scoped USING (reference)
         JOIN events e ON e.subject_type = 'service_request' AND e.subject_id = r.reference
           AND e.type IN ('request.approve', 'request.reject')
         GROUP BY r.reference),
       days AS (
         SELECT day, 1 AS opened, 0 AS decided FROM opened
         UNION ALL
         SELECT (at AT TIME ZONE $3)::date, 0, 1 FROM decided, p WHERE at >= p.t0 AND at < p.t1)
       SELECT ${WEEK} AS week, sum(opened) AS opened, sum(decided) AS decided FROM days GROUP BY 1 ORDER BY 1`,
      [period.from, period.to, this.timeZone, ...scopeParams(filters)],
    );
    return found.rows.map((r) => ({
      week: String(r.week),
      opened: count(r.opened),
      decided: count(r.decided),
    }));
  }

  /**
   * Requests first decided and tickets first resolved in the period, by service (`ticket:<kind>` for
   * tickets): how many, how many on or before their due date, and the days taken against the days allowed
   * (calendar days between local dates, from arrival).
   */
  async deadlines(db: SqlExecutor, period: Period, filters: DashboardFilters): Promise<DeadlineRow[]> {
    const found = await db.query<Record<string, unknown>>(
      `WITH ${PERIOD}, ${scopeSql(4)},
       done AS (
         SELECT k.service AS key, r.due_date, (r.completed_at AT TIME ZONE $3)::date AS opened_day, min(e.at) AS done_at
         FROM service_requests r JOIN scoped k USING (reference)
         JOIN events e ON e.subject_type = 'service_request' AND e.subject_id = r.reference
           AND e.type IN ('request.approve', 'request.reject')
         GROUP BY k.service, r.reference, r.due_date, r.completed_at
         UNION ALL
         SELECT k.service, c.due_date, (c.created_at AT TIME ZONE $3)::date, min(e.at)
         FROM complaints c JOIN scoped k USING (reference)
         JOIN events e ON e.subject_type = 'complaint' AND e.subject_id = c.reference AND e.type = 'complaint.resolve'
         GROUP BY k.service, c.reference, c.due_date, c.created_at)
       SELECT key, count(*) AS done,
         count(*) FILTER (WHERE (done_at AT TIME ZONE $3)::date <= due_date) AS on_time,
         avg((done_at AT TIME ZONE $3)::date - opened_day) AS avg_days, avg(due_date - opened_day) AS allowed_days
       FROM done, p WHERE done_at >= p.t0 AND done_at < p.t1
       GROUP BY key ORDER BY done DESC, key`,
      [period.from, period.to, this.timeZone, ...scopeParams(filters)],
    );
    return found.rows.map((r) => ({
      key: String(r.key),
      done: count(r.done),
      onTime: count(r.on_time),
      late: count(r.done) - count(r.on_time),
      avgDays: measure(r.avg_days),
      allowedDays: measure(r.allowed_days),
    }));
  }

  /**
   * Open cases as of `today` by the committee that decides them: requests the (research) committee,
   * compensation claims the investigation committee, other tickets the follow-up committee (whoever in
   * it the case is routed to). Overdue: flagged, or past its due date.
   */
  async overdueByCommittee(
    db: SqlExecutor,
    today: string,
    filters: DashboardFilters,
  ): Promise<CommitteeRow[]> {
    const found = await db.query<Record<string, unknown>>(
      `WITH ${scopeSql(4)},
       open AS (
         SELECT 'research' AS committee, r.due_date, r.overdue_since, r.escalation_level, r.status
         FROM service_requests r JOIN scoped USING (reference) WHERE r.status = ANY($1::text[])
         UNION ALL
         SELECT CASE WHEN c.kind = 'compensation' THEN 'investigation' ELSE 'followUp' END,
           c.due_date, c.overdue_since, c.escalation_level, c.status
         FROM complaints c JOIN scoped USING (reference) WHERE c.status = ANY($2::text[]))
       SELECT committee, count(*) AS open,
         count(*) FILTER (WHERE overdue_since IS NOT NULL OR due_date < $3::date) AS overdue,
         count(*) FILTER (WHERE escalation_level > 0 OR status = 'escalated') AS escalated
       FROM open GROUP BY committee`,
      [OPEN_REQUEST_STATUSES, OPEN_COMPLAINT_STATUSES, today, ...scopeParams(filters)],
    );
    return (['research', 'followUp', 'investigation'] as const).map((committee) => {
      const r = found.rows.find((row) => row.committee === committee) ?? {};
      return { committee, open: count(r.open), overdue: count(r.overdue), escalated: count(r.escalated) };
    });
  }

  /**
   * Per staff member: open requests and tickets routed to them as of `today` (and how many overdue), and
   * the cases they acted on in the period. Cases routed to a committee (`committees`, its routing names)
   * or a role are nobody's load yet.
   */
  async officerLoad(
    db: SqlExecutor,
    period: Period,
    today: string,
    filters: DashboardFilters,
    committees: readonly string[],
  ): Promise<OfficerLoadRow[]> {
    const found = await db.query<Record<string, unknown>>(
      `WITH ${PERIOD}, ${scopeSql(7)},
       open AS (
         SELECT r.routed_to AS officer, r.due_date, r.overdue_since FROM service_requests r JOIN scoped USING (reference)
         WHERE r.status = ANY($4::text[]) AND r.routed_to IS NOT NULL
         UNION ALL
         SELECT c.routed_to, c.due_date, c.overdue_since FROM complaints c JOIN scoped USING (reference)
         WHERE c.status = ANY($5::text[])),
       load AS (
         SELECT officer, count(*) AS open,
           count(*) FILTER (WHERE overdue_since IS NOT NULL OR due_date < $6::date) AS overdue
         FROM open GROUP BY officer),
       acted AS (
         SELECT substr(e.actor, 7) AS officer, count(DISTINCT e.subject_type || ':' || e.subject_id) AS acted
         FROM events e JOIN scoped k ON k.subject_type = e.subject_type AND k.reference = e.subject_id, p
         WHERE e.actor LIKE 'staff:%' AND e.at >= p.t0 AND e.at < p.t1
           AND e.type NOT LIKE '%.submitted' AND e.type NOT LIKE '%.opened'
         GROUP BY 1)
       SELECT coalesce(l.officer, a.officer) AS officer, coalesce(l.open, 0) AS open,
         coalesce(l.overdue, 0) AS overdue, coalesce(a.acted, 0) AS acted
       FROM load l FULL JOIN acted a ON a.officer = l.officer
       WHERE coalesce(l.officer, a.officer) <> ALL($10::text[]) AND coalesce(l.officer, a.officer) NOT LIKE 'role:%'
       ORDER BY 2 DESC, 4 DESC, 1`,
      [
        period.from,
        period.to,
        this.timeZone,
        OPEN_REQUEST_STATUSES,
        OPEN_COMPLAINT_STATUSES,
        today,
        ...scopeParams(filters),
        committees,
      ],
    );
    return found.rows.map((r) => ({
      officer: String(r.officer),
      open: count(r.open),
      overdue: count(r.overdue),
      acted: count(r.acted),
    }));
  }
}
