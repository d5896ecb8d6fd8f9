import type { Profile } from '../../config/profile-schema';
import {
  PgDashboardRepository,
  type Period,
  type ResponseTimeRow,
  type SatisfactionDimension,
} from '../../store/console/dashboard-repository';
import type { SqlExecutor } from '../../store/database';

export type { Period, SatisfactionDimension } from '../../store/console/dashboard-repository';

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

/** Every week of the period from the Sunday on or before its first day, with the weeks the store had. */
export function everyWeek(period: Period, counted: readonly Omit<WeekRow, 'total'>[]): WeekRow[] {
  const byWeek = new Map(counted.map((r) => [r.week, r]));
  const weeks: WeekRow[] = [];
  const start = new Date(`${period.from}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - start.getUTCDay());
  for (let at = start; at.toISOString().slice(0, 10) <= period.to; at.setUTCDate(at.getUTCDate() + 7)) {
    const week = at.toISOString().slice(0, 10);
    const r = byWeek.get(week);
    const row = {
      week,
      complaint: r?.complaint ?? 0,
      suggestion: r?.suggestion ?? 0,
      compensation: r?.compensation ?? 0,
    };
    weeks.push({ ...row, total: row.complaint + row.suggestion + row.compensation });
    if (weeks.length > 60) break; // the chart stops at sixty-one weeks, however long the period
  }
  return weeks;
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

  constructor(private readonly profile: Profile) {
    this.store = new PgDashboardRepository(profile.calendar.timeZone);
  }

  async summary(db: SqlExecutor, period: Period, today: string): Promise<Summary> {
    const counts = await this.store.caseCounts(db, period, today);
    const { decided, onTime } = await this.store.decisions(db, period);
    const times = await this.responseTimes(db, period);
    const all = (await this.satisfaction(db, period, 'all'))[0];
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
      firstResponseMedianHours: round1(await this.store.medianHours(db, period, 'first')),
      resolutionAvgHours: weightedAverage(
        times,
        (t) => t.resolutionAvgHours,
        (t) => t.resolved,
      ),
      resolutionMedianHours: round1(await this.store.medianHours(db, period, 'resolution')),
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
    return (await this.store.responseTimes(db, period)).map((r) => ({
      ...r,
      firstAvgHours: round1(r.firstAvgHours),
      firstMedianHours: round1(r.firstMedianHours),
      resolutionAvgHours: round1(r.resolutionAvgHours),
      resolutionMedianHours: round1(r.resolutionMedianHours),
    }));
  }

  complaintsByCategory(db: SqlExecutor, period: Period) {
    return this.store.complaintsByCategory(db, period);
  }

  /** Tickets per week (weeks start on Sunday, as the Saudi working week does), every week of the period. */
  async complaintsByWeek(db: SqlExecutor, period: Period): Promise<WeekRow[]> {
    return everyWeek(period, await this.store.complaintsByWeek(db, period));
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
    const answers = await this.store.satisfactionAnswers(db, period, dimension, csatQuestion(this.profile));
    const invitations = await this.store.surveyInvitations(db, period, dimension);
    return mergeSatisfaction(answers, invitations, dimension === 'all' ? ['all'] : []);
  }
}
