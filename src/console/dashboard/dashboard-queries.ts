import type { Profile } from '../../config/profile-schema';
import type { SqlExecutor } from '../../store/database';
import { OPEN_COMPLAINT, OPEN_REQUEST } from '../cases/case-queries';

/** A period of local dates, both days included. */
export interface Period {
  from: string;
  to: string;
}

export interface Summary {
  openRequests: number;
  openComplaints: number;
  overdue: number;
  escalated: number;
  newRequests: number;
  newComplaints: number;
  /** Requests decided (approved or rejected) in the period, and how many on or before their due date. */
  decided: number;
  decidedOnTime: number;
  onTimePct: number | null;
  firstResponseAvgHours: number | null;
  firstResponseMedianHours: number | null;
  resolutionAvgHours: number | null;
  resolutionMedianHours: number | null;
  csatAverage: number | null;
  satisfiedPct: number | null;
  responses: number;
  invited: number;
  responseRatePct: number | null;
}

export interface ResponseTimes {
  kind: 'request' | 'complaint';
  cases: number;
  responded: number;
  firstAvgHours: number | null;
  firstMedianHours: number | null;
  resolved: number;
  resolutionAvgHours: number | null;
  resolutionMedianHours: number | null;
}

export interface SatisfactionRow {
  key: string;
  responses: number;
  average: number | null;
  satisfiedPct: number | null;
  invited: number;
  answered: number;
  responseRatePct: number | null;
}

export type SatisfactionDimension = 'service' | 'channel' | 'officer';

const round1 = (value: unknown): number | null =>
  value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10;
const int = (value: unknown): number => Number(value ?? 0);

/** The first rating question of the profile's survey (normally `overall`) is the CSAT question. */
export function csatQuestion(profile: Profile): string {
  const ratings = profile.survey.questions.filter((q) => q.type === 'rating');
  return (ratings.find((q) => q.id === 'overall') ?? ratings[0])?.id ?? 'overall';
}

/** `$n` placeholders for the period's bounds as instants: [t0, t1) in the association's zone. */
const PERIOD = `p AS (SELECT ($1::date)::timestamp AT TIME ZONE $3 AS t0, (($2::date) + 1)::timestamp AT TIME ZONE $3 AS t1)`;

/** The staff member who acted on a case last (`k.reference`, `k.subject_type` in scope). */
const OFFICER = `LEFT JOIN LATERAL (
  SELECT substr(e.actor, 7) AS officer FROM events e
  WHERE e.subject_type = k.subject_type AND e.subject_id = k.reference AND e.actor LIKE 'staff:%'
    AND e.type NOT LIKE '%.submitted' AND e.type NOT LIKE '%.opened'
  ORDER BY e.at DESC, e.id DESC LIMIT 1) o ON true`;

const CASES = `cases AS (
  SELECT r.reference, 'service_request'::text AS subject_type, r.service_id AS service, r.channel FROM service_requests r
  UNION ALL
  SELECT c.reference, 'complaint', 'ticket:' || c.kind, c.channel FROM complaints c)`;

/** Cases opened in the period with when staff first acted and when they were decided / resolved. */
const TIMED = `opened AS (
    SELECT 'request'::text AS kind, r.reference, 'service_request'::text AS subject_type, r.completed_at AS opened_at
    FROM service_requests r
    UNION ALL
    SELECT 'complaint', c.reference, 'complaint', c.created_at FROM complaints c),
  timed AS (
    SELECT k.kind, k.opened_at,
      (SELECT min(e.at) FROM events e WHERE e.subject_type = k.subject_type AND e.subject_id = k.reference
        AND e.actor LIKE 'staff:%' AND e.type NOT LIKE '%.submitted' AND e.type NOT LIKE '%.opened') AS first_response,
      (SELECT min(e.at) FROM events e WHERE e.subject_type = k.subject_type AND e.subject_id = k.reference
        AND e.type IN ('request.approve', 'request.reject', 'complaint.resolve')) AS resolved_at
    FROM opened k, p WHERE k.opened_at >= p.t0 AND k.opened_at < p.t1)`;

/**
 * The oversight figures, all computed in SQL over the case tables, the audit events and the survey
 * answers (docs/console.md defines each). Counts of open, overdue and escalated cases are as of now;
 * the rest cover the period.
 */
export class DashboardQueries {
  private readonly tz: string;

  constructor(private readonly profile: Profile) {
    this.tz = profile.calendar.timeZone;
  }

  async summary(db: SqlExecutor, period: Period, today: string): Promise<Summary> {
    const counts = await db.query<Record<string, unknown>>(
      `WITH ${PERIOD}
       SELECT
         (SELECT count(*) FROM service_requests WHERE status = ANY($4::text[])) AS open_requests,
         (SELECT count(*) FROM complaints WHERE status = ANY($5::text[])) AS open_complaints,
         (SELECT count(*) FROM service_requests WHERE status = ANY($4::text[])
            AND (overdue_since IS NOT NULL OR due_date < $6::date))
         + (SELECT count(*) FROM complaints WHERE status = ANY($5::text[])
            AND (overdue_since IS NOT NULL OR due_date < $6::date)) AS overdue,
         (SELECT count(*) FROM service_requests WHERE status = ANY($4::text[]) AND escalation_level > 0)
         + (SELECT count(*) FROM complaints WHERE status = ANY($5::text[])
            AND (escalation_level > 0 OR status = 'escalated')) AS escalated,
         (SELECT count(*) FROM service_requests, p WHERE created_at >= p.t0 AND created_at < p.t1) AS new_requests,
         (SELECT count(*) FROM complaints, p WHERE created_at >= p.t0 AND created_at < p.t1) AS new_complaints`,
      [period.from, period.to, this.tz, OPEN_REQUEST, OPEN_COMPLAINT, today],
    );
    const decisions = await db.query<{ decided: string; on_time: string }>(
      `WITH ${PERIOD},
       decided AS (
         SELECT r.due_date, min(e.at) AS decided_at
         FROM service_requests r
         JOIN events e ON e.subject_type = 'service_request' AND e.subject_id = r.reference
           AND e.type IN ('request.approve', 'request.reject')
         GROUP BY r.reference, r.due_date)
       SELECT count(*) AS decided,
              count(*) FILTER (WHERE (decided_at AT TIME ZONE $3)::date <= due_date) AS on_time
       FROM decided, p WHERE decided_at >= p.t0 AND decided_at < p.t1`,
      [period.from, period.to, this.tz],
    );
    const times = await this.responseTimes(db, period);
    const all = (await this.satisfaction(db, period, 'all'))[0];
    const c = counts.rows[0] ?? {};
    const decided = int(decisions.rows[0]?.decided);
    const onTime = int(decisions.rows[0]?.on_time);
    // Overall times weigh both kinds by their number of cases.
    const weighted = (pick: (t: ResponseTimes) => number | null, weight: (t: ResponseTimes) => number) => {
      const parts = times.filter((t) => pick(t) !== null && weight(t) > 0);
      const total = parts.reduce((sum, t) => sum + weight(t), 0);
      return total === 0 ? null : round1(parts.reduce((sum, t) => sum + pick(t)! * weight(t), 0) / total);
    };
    const medianOf = async (which: 'first' | 'resolution') => this.overallMedian(db, period, which);
    return {
      openRequests: int(c.open_requests),
      openComplaints: int(c.open_complaints),
      overdue: int(c.overdue),
      escalated: int(c.escalated),
      newRequests: int(c.new_requests),
      newComplaints: int(c.new_complaints),
      decided,
      decidedOnTime: onTime,
      onTimePct: decided === 0 ? null : round1((onTime * 100) / decided),
      firstResponseAvgHours: weighted(
        (t) => t.firstAvgHours,
        (t) => t.responded,
      ),
      firstResponseMedianHours: await medianOf('first'),
      resolutionAvgHours: weighted(
        (t) => t.resolutionAvgHours,
        (t) => t.resolved,
      ),
      resolutionMedianHours: await medianOf('resolution'),
      csatAverage: all?.average ?? null,
      satisfiedPct: all?.satisfiedPct ?? null,
      responses: all?.responses ?? 0,
      invited: all?.invited ?? 0,
      responseRatePct: all?.responseRatePct ?? null,
    };
  }

  /**
   * Of the cases opened in the period: hours to the first staff action (first response), and to the
   * decision of a request or the resolution of a complaint.
   */
  async responseTimes(db: SqlExecutor, period: Period): Promise<ResponseTimes[]> {
    const found = await db.query<Record<string, unknown>>(
      `WITH ${PERIOD}, ${TIMED}
       SELECT kind, count(*) AS cases, count(first_response) AS responded,
         avg(extract(epoch FROM first_response - opened_at)) / 3600 AS first_avg,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response - opened_at)) / 3600 AS first_median,
         count(resolved_at) AS resolved,
         avg(extract(epoch FROM resolved_at - opened_at)) / 3600 AS resolution_avg,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - opened_at)) / 3600 AS resolution_median
       FROM timed GROUP BY kind`,
      [period.from, period.to, this.tz],
    );
    return (['request', 'complaint'] as const).map((kind) => {
      const r = found.rows.find((row) => row.kind === kind) ?? {};
      return {
        kind,
        cases: int(r.cases),
        responded: int(r.responded),
        firstAvgHours: round1(r.first_avg),
        firstMedianHours: round1(r.first_median),
        resolved: int(r.resolved),
        resolutionAvgHours: round1(r.resolution_avg),
        resolutionMedianHours: round1(r.resolution_median),
      };
    });
  }

  private async overallMedian(db: SqlExecutor, period: Period, which: 'first' | 'resolution') {
    const column = which === 'first' ? 'first_response' : 'resolved_at';
    const found = await db.query<{ median: unknown }>(
      `WITH ${PERIOD}, ${TIMED}
       SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ${column} - opened_at)) / 3600 AS median
       FROM timed`,
      [period.from, period.to, this.tz],
    );
    return round1(found.rows[0]?.median);
  }

  async complaintsByCategory(
    db: SqlExecutor,
    period: Period,
  ): Promise<{ kind: string; category: string | null; total: number; open: number; resolved: number }[]> {
    const found = await db.query<Record<string, unknown>>(
      `WITH ${PERIOD}
       SELECT c.kind, c.category_id AS category, count(*) AS total,
         count(*) FILTER (WHERE c.status = ANY($4::text[])) AS open,
         count(*) FILTER (WHERE c.status IN ('resolved', 'closed')) AS resolved
       FROM complaints c, p WHERE c.created_at >= p.t0 AND c.created_at < p.t1
       GROUP BY c.kind, c.category_id ORDER BY total DESC, c.kind, c.category_id`,
      [period.from, period.to, this.tz, OPEN_COMPLAINT],
    );
    return found.rows.map((r) => ({
      kind: String(r.kind),
      category: (r.category as string | null) ?? null,
      total: int(r.total),
      open: int(r.open),
      resolved: int(r.resolved),
    }));
  }

  /** Tickets per week (weeks start on Sunday, as the Saudi working week does), every week of the period. */
  async complaintsByWeek(
    db: SqlExecutor,
    period: Period,
  ): Promise<{ week: string; complaint: number; suggestion: number; compensation: number; total: number }[]> {
    const found = await db.query<Record<string, unknown>>(
      `WITH ${PERIOD}, local AS (
         SELECT c.kind, (c.created_at AT TIME ZONE $3)::date AS day FROM complaints c, p
         WHERE c.created_at >= p.t0 AND c.created_at < p.t1)
       SELECT (day - EXTRACT(DOW FROM day)::int)::text AS week,
         count(*) FILTER (WHERE kind = 'complaint') AS complaint,
         count(*) FILTER (WHERE kind = 'suggestion') AS suggestion,
         count(*) FILTER (WHERE kind = 'compensation') AS compensation
       FROM local GROUP BY 1 ORDER BY 1`,
      [period.from, period.to, this.tz],
    );
    const byWeek = new Map(found.rows.map((r) => [String(r.week), r]));
    const weeks: {
      week: string;
      complaint: number;
      suggestion: number;
      compensation: number;
      total: number;
    }[] = [];
    const start = new Date(`${period.from}T00:00:00Z`);
    start.setUTCDate(start.getUTCDate() - start.getUTCDay());
    for (let at = start; at.toISOString().slice(0, 10) <= period.to; at.setUTCDate(at.getUTCDate() + 7)) {
      const week = at.toISOString().slice(0, 10);
      const r = byWeek.get(week) ?? {};
      const row = {
        week,
        complaint: int(r.complaint),
        suggestion: int(r.suggestion),
        compensation: int(r.compensation),
      };
      weeks.push({ ...row, total: row.complaint + row.suggestion + row.compensation });
      if (weeks.length > 60) break; // a two-year period draws at most sixty weeks
    }
    return weeks;
  }

  /**
   * CSAT by service, channel or officer (or `all`): the average of the CSAT rating (1–5) of answers in
   * the period, the share of 4s and 5s, and the response rate — of the survey invitations sent in the
   * period, the share answered. A request's dimension is its service; a ticket's its kind (`ticket:…`).
   * The channel is where the case came in; the officer is who acted on it last.
   */
  async satisfaction(
    db: SqlExecutor,
    period: Period,
    dimension: SatisfactionDimension | 'all',
  ): Promise<SatisfactionRow[]> {
    const key = {
      all: `'all'`,
      service: `coalesce(k.service, 'none')`,
      channel: `coalesce(k.channel, x.response_channel, 'none')`,
      officer: `coalesce(o.officer, 'none')`,
    }[dimension];
    const answers = await db.query<Record<string, unknown>>(
      `WITH ${PERIOD}, ${CASES}, x AS (
         SELECT s.case_reference AS reference, s.channel AS response_channel,
           CASE WHEN jsonb_typeof(s.answers -> $4) = 'number' THEN (s.answers ->> $4)::numeric END AS score
         FROM survey_responses s, p WHERE s.created_at >= p.t0 AND s.created_at < p.t1)
       SELECT ${key} AS key, count(*) AS responses, avg(x.score) AS average,
         count(*) FILTER (WHERE x.score >= 4) * 100.0 / nullif(count(x.score), 0) AS satisfied
       FROM x LEFT JOIN cases k ON k.reference = x.reference ${OFFICER}
       GROUP BY 1`,
      [period.from, period.to, this.tz, csatQuestion(this.profile)],
    );
    const invitations = await db.query<Record<string, unknown>>(
      `WITH ${PERIOD}, ${CASES}, x AS (
         SELECT i.case_reference AS reference, NULL::text AS response_channel,
           EXISTS (SELECT 1 FROM survey_responses s WHERE s.case_reference = i.case_reference) AS answered
         FROM survey_invitations i, p WHERE i.sent_at >= p.t0 AND i.sent_at < p.t1)
       SELECT ${key} AS key, count(*) AS invited, count(*) FILTER (WHERE x.answered) AS answered
       FROM x LEFT JOIN cases k ON k.reference = x.reference ${OFFICER}
       GROUP BY 1`,
      [period.from, period.to, this.tz],
    );
    const keys = new Set([...answers.rows, ...invitations.rows].map((r) => String(r.key)));
    if (dimension === 'all') keys.add('all');
    return [...keys]
      .map((k) => {
        const a = answers.rows.find((r) => String(r.key) === k) ?? {};
        const i = invitations.rows.find((r) => String(r.key) === k) ?? {};
        const invited = int(i.invited);
        const answered = int(i.answered);
        return {
          key: k,
          responses: int(a.responses),
          average: round1(a.average),
          satisfiedPct: round1(a.satisfied),
          invited,
          answered,
          responseRatePct: invited === 0 ? null : round1((answered * 100) / invited),
        };
      })
      .sort((x, y) => y.responses - x.responses || y.invited - x.invited || (x.key < y.key ? -1 : 1));
  }
}
