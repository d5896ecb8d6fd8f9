import {
  everyWeek,
  fillWeeks,
  mergeSatisfaction,
  round1,
  weightedAverage,
  type ResponseTimes,
} from '../../src/console/dashboard/dashboard-figures';

const none = { complaint: 0, suggestion: 0, compensation: 0, total: 0 };

describe('everyWeek', () => {
  it('lists every week from the Sunday on or before the first day, the store’s counts in theirs', () => {
    // 2026-03-04 is a Wednesday: its week starts on Sunday 2026-03-01.
    const weeks = everyWeek({ from: '2026-03-04', to: '2026-03-22' }, [
      { week: '2026-03-08', complaint: 2, suggestion: 1, compensation: 0 },
    ]);
    expect(weeks).toEqual([
      { week: '2026-03-01', ...none },
      { week: '2026-03-08', complaint: 2, suggestion: 1, compensation: 0, total: 3 },
      { week: '2026-03-15', ...none },
      { week: '2026-03-22', ...none },
    ]);
  });

  it('draws at most sixty-one weeks however long the period', () => {
    const weeks = everyWeek({ from: '2024-01-01', to: '2026-01-01' }, []);
    expect(weeks).toHaveLength(61);
    expect(weeks[0]!.week).toBe('2023-12-31');
  });
});

describe('fillWeeks', () => {
  it('fills the weeks the store had no row for with the empty row, keeping the store’s rows', () => {
    const weeks = fillWeeks(
      { from: '2026-03-01', to: '2026-03-15' },
      [{ week: '2026-03-08', opened: 4, decided: 1 }],
      (week) => ({ week, opened: 0, decided: 0 }),
    );
    expect(weeks).toEqual([
      { week: '2026-03-01', opened: 0, decided: 0 },
      { week: '2026-03-08', opened: 4, decided: 1 },
      { week: '2026-03-15', opened: 0, decided: 0 },
    ]);
  });
});

describe('mergeSatisfaction', () => {
  it('puts answers and invitations side by side, most answered first, with the response rate', () => {
    const rows = mergeSatisfaction(
      [
        { key: 'whatsapp', responses: 3, average: 4.333333, satisfiedPct: 66.66667 },
        { key: 'telegram', responses: 5, average: 2, satisfiedPct: 0 },
      ],
      [
        { key: 'whatsapp', invited: 6, answered: 3 },
        { key: 'webchat', invited: 2, answered: 0 },
      ],
    );
    expect(rows).toEqual([
      {
        key: 'telegram',
        responses: 5,
        average: 2,
        satisfiedPct: 0,
        invited: 0,
        answered: 0,
        responseRatePct: null,
      },
      {
        key: 'whatsapp',
        responses: 3,
        average: 4.3,
        satisfiedPct: 66.7,
        invited: 6,
        answered: 3,
        responseRatePct: 50,
      },
      {
        key: 'webchat',
        responses: 0,
        average: null,
        satisfiedPct: null,
        invited: 2,
        answered: 0,
        responseRatePct: 0,
      },
    ]);
  });

  it('keeps a row asked for even when nothing was answered or sent', () => {
    expect(mergeSatisfaction([], [], ['all'])).toEqual([
      {
        key: 'all',
        responses: 0,
        average: null,
        satisfiedPct: null,
        invited: 0,
        answered: 0,
        responseRatePct: null,
      },
    ]);
  });
});

describe('weightedAverage', () => {
  const times = (kind: 'request' | 'complaint', responded: number, hours: number | null): ResponseTimes => ({
    kind,
    cases: responded,
    responded,
    firstAvgHours: hours,
    firstMedianHours: hours,
    resolved: 0,
    resolutionAvgHours: null,
    resolutionMedianHours: null,
  });

  it('weighs each kind by its number of cases, and leaves out kinds without a value', () => {
    const pick = (t: ResponseTimes) => t.firstAvgHours;
    const weight = (t: ResponseTimes) => t.responded;
    expect(weightedAverage([times('request', 3, 10), times('complaint', 1, 2)], pick, weight)).toBe(8);
    expect(weightedAverage([times('request', 3, 10), times('complaint', 0, null)], pick, weight)).toBe(10);
    expect(
      weightedAverage([times('request', 0, null), times('complaint', 0, null)], pick, weight),
    ).toBeNull();
  });

  it('rounds to one decimal', () => {
    expect(round1(4.25)).toBe(4.3);
    expect(round1(null)).toBeNull();
  });
});
