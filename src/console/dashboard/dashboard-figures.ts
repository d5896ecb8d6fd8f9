import { ROUTES } from '../../cases/records/complaint-record';
import type { Profile } from '../../config/profile-schema';
import {
  type DashboardFilters,
  PgDashboardRepository,
  type Period,
  type ResponseTimeRow,
  type SatisfactionDimension,
} from '../../store/console/dashboard-repository';
import {
  type CommitteeRow,
  type DeadlineRow,
  type OfficerLoadRow,
  PgDashboardWorkloadRepository,
  type RequestWeekRow,
} from '../../store/console/dashboard-workload-repository';
import type { SqlExecutor } from '../../store/database';

export type {
  DashboardFilters,
  Period,
  SatisfactionDimension,
} from '../../store/console/dashboard-repository';
export type {
  CommitteeRow,
  DeadlineRow,
  RequestWeekRow,
} from '../../store/console/dashboard-workload-repository';

/** An officer's load with the satisfaction of the cases they acted on last. */
export type OfficerRow = OfficerLoadRow & { responses: number; average: number | null };

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

/** Response times of one kind of case, in hours to one decimal. */
export type ResponseTimes = ResponseTimeRow;

export interface SatisfactionRow {
  key: string;
  responses: number;
  average: number | null;
  satisfiedPct: number | null;
  invited: number;
  answered: number;
  responseRatePct: number | null;
}

/** Tickets of one week by kind (a type, not an interface: export tables take rows as records). */
export type WeekRow = {
  week: string;
  complaint: number;
  suggestion: number;
  compensation: number;
  total: number;
};

/** Figures are shown to one decimal. */
export const round1 = (value: number | null | undefined): number | null =>
  value === null || value === undefined ? null : Math.round(value * 10) / 10;

/** The first rating question of the profile's survey (normally `overall`) is the CSAT question. */
export function csatQuestion(profile: Profile): string {
  const ratings = profile.survey.questions.filter((q) => q.type === 'rating');
  return (ratings.find((q) => q.id === 'overall') ?? ratings[0])?.id ?? 'overall';
}

/**
 * The average of `pick` over both kinds of case, each weighed by its `weight` (its number of cases):
 * kinds without a value or without cases count for nothing.
 */
export function weightedAverage(
  times: readonly ResponseTimes[],
  pick: (t: ResponseTimes) => number | null,
  weight: (t: ResponseTimes) => number,
): number | null {
  const parts = times.filter((t) => pick(t) !== null && weight(t) > 0);
  const total = parts.reduce((sum, t) => sum + weight(t), 0);
  return total === 0 ? null : round1(parts.reduce((sum, t) => sum + pick(t)! * weight(t), 0) / total);
}

/**
 * Every week of the period from the Sunday on or before its first day: the store's row for the weeks it
 * had, `empty(week)` for the others. At most sixty-one weeks, however long the period (the chart's width).
 */
export function fillWeeks<T extends { week: string }>(
  period: Period,
  counted: readonly T[],
  empty: (week: string) => T,
): T[] {
  const byWeek = new Map(counted.map((r) => [r.week, r]));
  const weeks: T[] = [];
  const start = new Date(`${period.from}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - start.getUTCDay());
  for (let at = start; at.toISOString().slice(0, 10) <= period.to; at.setUTCDate(at.getUTCDate() + 7)) {
    const week = at.toISOString().slice(0, 10);
    weeks.push(byWeek.get(week) ?? empty(week));
    if (weeks.length > 60) break;
  }
  return weeks;
}

/** Every week of the period with the tickets the store counted, and their total. */
export function everyWeek(period: Period, counted: readonly Omit<WeekRow, 'total'>[]): WeekRow[] {
  return fillWeeks(period, counted, (week) => ({ week, complaint: 0, suggestion: 0, compensation: 0 })).map(
    (r) => ({ ...r, total: r.complaint + r.suggestion + r.compensation }),
  );
}

/**
 * Answers and invitations side by side per key, most answered first (then most invited, then by key).
 * The response rate is the share of the period's invitations that were answered.
 */
export function mergeSatisfaction(
  answers: readonly { key: string; responses: number; average: number | null; satisfiedPct: number | null }[],
  invitations: readonly { key: string; invited: number; answered: number }[],
  always: readonly string[] = [],
): SatisfactionRow[] {
  const keys = new Set([...answers.map((a) => a.key), ...invitations.map((i) => i.key), ...always]);
  return [...keys]
    .map((k) => {
      const a = answers.find((r) => r.key === k);
      const i = invitations.find((r) => r.key === k);
      const invited = i?.invited ?? 0;
      const answered = i?.answered ?? 0;
      return {
        key: k,
        responses: a?.responses ?? 0,
        average: round1(a?.average),
        satisfiedPct: round1(a?.satisfiedPct),
        invited,
        answered,
        responseRatePct: invited === 0 ? null : round1((answered * 100) / invited),
      };
    })
    .sort((x, y) => y.responses - x.responses || y.invited - x.invited || (x.key < y.key ? -1 : 1));
}

/**
 * The oversight figures (docs/console.md defines each) from the store's counts: counts of open, overdue
 * and escalated cases are as of today; the rest cover the period.
 */
export class DashboardFigures {
  private readonly store: PgDashboardRepository;
  private readonly workload: PgDashboardWorkloadRepository;

  constructor(private readonly profile: Profile) {
    this.store = new PgDashboardRepository(profile.calendar.timeZone);
    this.workload = new PgDashboardWorkloadRepository(profile.calendar.timeZone);
  }

  async summary(db: SqlExecutor, period: Period, today: string, f: DashboardFilters = {}): Promise<Summary> {
    const counts = await this.store.caseCounts(db, period, today, f);
    const { decided, onTime } = await this.store.decisions(db, period, f);
    const times = await this.responseTimes(db, period, f);
    const all = (await this.satisfaction(db, period, 'all', f))[0];
    return {
      ...counts,
      decided,
      decidedOnTime: onTime,
      onTimePct: decided === 0 ? null : round1((onTime * 100) / decided),
      firstResponseAvgHours: weightedAverage(
        times,
        (t) => t.firstAvgHours,
        (t) => t.responded,
      ),
      firstResponseMedianHours: round1(await this.store.medianHours(db, period, 'first', f)),
      resolutionAvgHours: weightedAverage(
        times,
        (t) => t.resolutionAvgHours,
        (t) => t.resolved,
      ),
      resolutionMedianHours: round1(await this.store.medianHours(db, period, 'resolution', f)),
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
  async responseTimes(db: SqlExecutor, period: Period, f: DashboardFilters = {}): Promise<ResponseTimes[]> {
    return (await this.store.responseTimes(db, period, f)).map((r) => ({
      ...r,
      firstAvgHours: round1(r.firstAvgHours),
      firstMedianHours: round1(r.firstMedianHours),
      resolutionAvgHours: round1(r.resolutionAvgHours),
      resolutionMedianHours: round1(r.resolutionMedianHours),
    }));
  }

  complaintsByCategory(db: SqlExecutor, period: Period, f: DashboardFilters = {}) {
    return this.store.complaintsByCategory(db, period, f);
  }

  /** Tickets per week (weeks start on Sunday, as the Saudi working week does), every week of the period. */
  async complaintsByWeek(db: SqlExecutor, period: Period, f: DashboardFilters = {}): Promise<WeekRow[]> {
    return everyWeek(period, await this.store.complaintsByWeek(db, period, f));
  }

  /** Requests arrived and decided per week, every week of the period. */
  async requestsByWeek(db: SqlExecutor, period: Period, f: DashboardFilters = {}): Promise<RequestWeekRow[]> {
    return fillWeeks(period, await this.workload.requestsByWeek(db, period, f), (week) => ({
      week,
      opened: 0,
      decided: 0,
    }));
  }

  /** Decisions and resolutions of the period against their deadline, by service or ticket kind. */
  async deadlines(db: SqlExecutor, period: Period, f: DashboardFilters = {}): Promise<DeadlineRow[]> {
    return (await this.workload.deadlines(db, period, f)).map((r) => ({
      ...r,
      avgDays: round1(r.avgDays),
      allowedDays: round1(r.allowedDays),
    }));
  }

  overdueByCommittee(db: SqlExecutor, today: string, f: DashboardFilters = {}): Promise<CommitteeRow[]> {
    return this.workload.overdueByCommittee(db, today, f);
  }

  /** Each officer's open and overdue cases, the cases they acted on, and the satisfaction of those. */
  async officers(
    db: SqlExecutor,
    period: Period,
    today: string,
    f: DashboardFilters = {},
  ): Promise<OfficerRow[]> {
    const load = await this.workload.officerLoad(db, period, today, f, Object.values(ROUTES));
    const csat = await this.satisfaction(db, period, 'officer', f);
    const rows: OfficerRow[] = load.map((r) => {
      const s = csat.find((c) => c.key === r.officer);
      return { ...r, responses: s?.responses ?? 0, average: s?.average ?? null };
    });
    for (const s of csat) {
      if (s.key !== 'none' && !rows.some((r) => r.officer === s.key))
        rows.push({
          officer: s.key,
          open: 0,
          overdue: 0,
          acted: 0,
          responses: s.responses,
          average: s.average,
        });
    }
    return rows;
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
    f: DashboardFilters = {},
  ): Promise<SatisfactionRow[]> {
    const question = csatQuestion(this.profile);
    const answers = await this.store.satisfactionAnswers(db, period, dimension, question, f);
    const invitations = await this.store.surveyInvitations(db, period, dimension, f);
    return mergeSatisfaction(answers, invitations, dimension === 'all' ? ['all'] : []);
  }
}
