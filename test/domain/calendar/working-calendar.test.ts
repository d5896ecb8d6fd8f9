import fc from 'fast-check';
import type { Weekday } from '../../../src/config/profile-schema';
import { WorkingCalendar, type WorkingCalendarConfig } from '../../../src/domain/calendar/working-calendar';

const RIYADH: WorkingCalendarConfig = {
  timeZone: 'Asia/Riyadh',
  weekend: ['friday', 'saturday'],
  workingHours: { start: '08:00', end: '16:00' },
  holidays: [{ from: '2025-03-30', to: '2025-04-02' }],
};
const riyadh = new WorkingCalendar(RIYADH);
/** An instant written in Riyadh local time, independent of the code under test. */
const ksa = (local: string) => new Date(`${local}+03:00`);

describe('WorkingCalendar', () => {
  describe('addWorkingDays', () => {
    it('reproduces the DOMAIN.md example: complete Tue 2025-03-25, Eid 30 Mar–2 Apr, 15 working days → 2025-04-21', () => {
      expect(riyadh.addWorkingDays(ksa('2025-03-25T10:00:00'), 15)).toBe('2025-04-21');
    });

    it('counts day 1 as the first working day after completion', () => {
      expect(riyadh.addWorkingDays(ksa('2025-03-25T10:00:00'), 1)).toBe('2025-03-26');
      // Thursday → next working day is Sunday.
      expect(riyadh.addWorkingDays(ksa('2025-04-03T10:00:00'), 1)).toBe('2025-04-06');
      // Completed on a Friday: Saturday is off, so Sunday is day 1.
      expect(riyadh.addWorkingDays(ksa('2025-04-04T11:00:00'), 1)).toBe('2025-04-06');
      // Completed during the holiday: day 1 is the first day back.
      expect(riyadh.addWorkingDays(ksa('2025-03-31T09:00:00'), 1)).toBe('2025-04-03');
      expect(riyadh.addWorkingDays(ksa('2025-03-25T10:00:00'), 0)).toBe('2025-03-25');
    });

    it('takes the day in Riyadh, not in UTC', () => {
      // 21:30 UTC on Tuesday is already Wednesday 00:30 in Riyadh.
      const lateTuesdayUtc = new Date('2025-03-25T21:30:00Z');
      expect(riyadh.localDate(lateTuesdayUtc)).toBe('2025-03-26');
      expect(riyadh.addWorkingDays(lateTuesdayUtc, 1)).toBe('2025-03-27');
      expect(riyadh.addWorkingDays(new Date('2025-03-25T20:59:59Z'), 1)).toBe('2025-03-26');
    });

    it('refuses a negative or fractional count', () => {
      expect(() => riyadh.addWorkingDays(ksa('2025-03-25T10:00:00'), -1)).toThrow(RangeError);
      expect(() => riyadh.addWorkingDays(ksa('2025-03-25T10:00:00'), 1.5)).toThrow(RangeError);
    });
  });

  describe('subtractWorkingDays', () => {
    it('finds reminder dates n working days before the due date', () => {
      expect(riyadh.subtractWorkingDays('2025-04-21', 1)).toBe('2025-04-20');
      expect(riyadh.subtractWorkingDays('2025-04-21', 5)).toBe('2025-04-14');
      // Skips the weekend and the Eid holiday on the way back.
      expect(riyadh.subtractWorkingDays('2025-04-06', 2)).toBe('2025-03-27');
      expect(riyadh.subtractWorkingDays('2025-04-21', 0)).toBe('2025-04-21');
    });
  });

  describe('isWorkingDay and workingDaysBetween', () => {
    it('treats the weekend and every day of a holiday range as non-working', () => {
      expect(riyadh.isWorkingDay('2025-03-27')).toBe(true); // Thursday
      expect(riyadh.isWorkingDay('2025-03-28')).toBe(false); // Friday
      expect(riyadh.isWorkingDay('2025-03-29')).toBe(false); // Saturday
      expect(riyadh.isWorkingDay('2025-03-30')).toBe(false); // holiday, first day
      expect(riyadh.isWorkingDay('2025-04-02')).toBe(false); // holiday, last day
      expect(riyadh.isWorkingDay('2025-04-03')).toBe(true);
    });

    it('counts working days after the first date up to and including the second', () => {
      expect(riyadh.workingDaysBetween('2025-03-25', '2025-04-21')).toBe(15);
      expect(riyadh.workingDaysBetween('2025-03-25', '2025-03-25')).toBe(0);
      expect(riyadh.workingDaysBetween('2025-03-27', '2025-04-02')).toBe(0);
      // Overdue deadlines count negative.
      expect(riyadh.workingDaysBetween('2025-04-21', '2025-03-25')).toBe(-15);
    });

    it('refuses dates that do not exist or are written another way', () => {
      for (const bad of ['2025-02-29', '2025-13-01', '2025-4-1', '21/04/2025', '', '٢٠٢٥-٠٤-٢١']) {
        expect(() => riyadh.isWorkingDay(bad)).toThrow(/YYYY-MM-DD/);
      }
      expect(riyadh.isWorkingDay('2024-02-29')).toBe(true);
    });

    it('follows a configured weekend (e.g. the pre-2013 Thursday–Friday)', () => {
      const old = new WorkingCalendar({ ...RIYADH, weekend: ['thursday', 'friday'], holidays: [] });
      expect(old.isWorkingDay('2025-03-27')).toBe(false);
      expect(old.isWorkingDay('2025-03-29')).toBe(true);
      expect(old.addWorkingDays(ksa('2025-03-26T10:00:00'), 1)).toBe('2025-03-29');
    });
  });

  describe('working hours', () => {
    it('is open from start (inclusive) to end (exclusive) on working days only', () => {
      expect(riyadh.isWithinWorkingHours(ksa('2025-03-26T07:59:59'))).toBe(false);
      expect(riyadh.isWithinWorkingHours(ksa('2025-03-26T08:00:00'))).toBe(true);
      expect(riyadh.isWithinWorkingHours(ksa('2025-03-26T15:59:00'))).toBe(true);
      expect(riyadh.isWithinWorkingHours(ksa('2025-03-26T16:00:00'))).toBe(false);
      expect(riyadh.isWithinWorkingHours(ksa('2025-03-28T10:00:00'))).toBe(false); // Friday
      expect(riyadh.isWithinWorkingHours(ksa('2025-03-31T10:00:00'))).toBe(false); // Eid
    });

    it('returns the instant itself when the office is open', () => {
      const open = ksa('2025-03-26T10:15:00');
      expect(riyadh.nextWorkingTime(open).toISOString()).toBe(open.toISOString());
    });

    it('holds an early-morning message until 08:00 the same day', () => {
      expect(riyadh.nextWorkingTime(ksa('2025-03-26T06:00:00')).toISOString()).toBe(
        '2025-03-26T05:00:00.000Z',
      );
    });

    it('holds a Thursday-evening message until Sunday 08:00 Riyadh', () => {
      expect(riyadh.nextWorkingTime(ksa('2025-04-03T16:30:00')).toISOString()).toBe(
        '2025-04-06T05:00:00.000Z',
      );
    });

    it('holds a message sent before Eid until the first day back', () => {
      expect(riyadh.nextWorkingTime(ksa('2025-03-27T17:00:00')).toISOString()).toBe(
        '2025-04-03T05:00:00.000Z',
      );
    });

    it('gives the opening hour of any date, weekend and holidays included (calendar-day deadlines)', () => {
      expect(riyadh.openingOn('2025-04-01').toISOString()).toBe('2025-04-01T05:00:00.000Z'); // in Eid
      expect(riyadh.openingOn('2025-04-04').toISOString()).toBe(ksa('2025-04-04T08:00:00').toISOString()); // Friday
      const london = new WorkingCalendar({
        timeZone: 'Europe/London',
        weekend: ['saturday', 'sunday'],
        workingHours: { start: '09:00', end: '17:00' },
        holidays: [],
      });
      expect(london.openingOn('2025-03-30').toISOString()).toBe('2025-03-30T08:00:00.000Z'); // BST from 01:00
      expect(london.openingOn('2025-01-05').toISOString()).toBe('2025-01-05T09:00:00.000Z');
    });

    it('uses the zone offset of the day, so daylight saving zones work (Europe/London)', () => {
      const london = new WorkingCalendar({
        timeZone: 'Europe/London',
        weekend: ['saturday', 'sunday'],
        workingHours: { start: '09:00', end: '17:00' },
        holidays: [],
      });
      // Friday evening before the spring change (30 Mar 2025) → Monday 09:00 BST = 08:00 UTC.
      expect(london.nextWorkingTime(new Date('2025-03-28T18:00:00Z')).toISOString()).toBe(
        '2025-03-31T08:00:00.000Z',
      );
      // Friday evening before the autumn change (26 Oct 2025) → Monday 09:00 GMT = 09:00 UTC.
      expect(london.nextWorkingTime(new Date('2025-10-24T18:00:00Z')).toISOString()).toBe(
        '2025-10-27T09:00:00.000Z',
      );
      expect(london.isWithinWorkingHours(new Date('2025-07-01T08:30:00Z'))).toBe(true);
      expect(london.isWithinWorkingHours(new Date('2025-01-07T08:30:00Z'))).toBe(false);
    });

    it('opens at the right hour on the day the clocks change in a zone behind UTC (America/New_York)', () => {
      // Clocks jump 02:00 EST → 03:00 EDT on Sunday 9 March 2025: 05:00 that day is 09:00 UTC, not 10:00.
      const newYork = new WorkingCalendar({
        timeZone: 'America/New_York',
        weekend: ['friday', 'saturday'],
        workingHours: { start: '05:00', end: '13:00' },
        holidays: [],
      });
      expect(newYork.nextWorkingTime(new Date('2025-03-09T06:00:00Z')).toISOString()).toBe(
        '2025-03-09T09:00:00.000Z',
      );
      expect(newYork.nextWorkingTime(new Date('2025-03-06T20:00:00Z')).toISOString()).toBe(
        '2025-03-09T09:00:00.000Z',
      );
    });

    it('opens at the first real minute when opening time falls in the spring-forward gap', () => {
      // 02:30 does not exist in New York on 9 March 2025: the office opens when the clocks jump to 03:00 EDT.
      const night = new WorkingCalendar({
        timeZone: 'America/New_York',
        weekend: [],
        workingHours: { start: '02:30', end: '10:00' },
        holidays: [],
      });
      const next = night.nextWorkingTime(new Date('2025-03-09T05:00:00Z'));
      expect(next.toISOString()).toBe('2025-03-09T07:00:00.000Z');
      expect(night.isWithinWorkingHours(next)).toBe(true);
      expect(night.isWithinWorkingHours(new Date(next.getTime() - 1000))).toBe(false);
      // On the autumn day 01:30 happens twice; the office opens at the first one (EDT, 05:30 UTC).
      const early = new WorkingCalendar({
        ...RIYADH,
        timeZone: 'America/New_York',
        weekend: [],
        holidays: [],
        workingHours: { start: '01:30', end: '10:00' },
      });
      expect(early.nextWorkingTime(new Date('2025-11-02T04:00:00Z')).toISOString()).toBe(
        '2025-11-02T05:30:00.000Z',
      );
    });

    it('never answers with the first pass of a repeated hour once it is over (Europe/London, 26 Oct 2025)', () => {
      // At 01:00 UTC the clocks go back from 02:00 BST to 01:00 GMT, so 01:00–01:59 happens twice.
      const london = new WorkingCalendar({
        timeZone: 'Europe/London',
        weekend: [],
        workingHours: { start: '01:30', end: '02:59' },
        holidays: [],
      });
      // 01:00 GMT, the second pass: 01:30 BST (00:30 UTC) is already past, the office opens at 01:30 GMT.
      expect(london.nextWorkingTime(new Date('2025-10-26T01:00:00Z')).toISOString()).toBe(
        '2025-10-26T01:30:00.000Z',
      );
      // 01:15 BST, the first pass: the office opens at the first 01:30.
      expect(london.nextWorkingTime(new Date('2025-10-26T00:15:00Z')).toISOString()).toBe(
        '2025-10-26T00:30:00.000Z',
      );
      // Open during 01:30–01:59 BST, closed again from 01:00 to 01:29 GMT.
      expect(london.isWithinWorkingHours(new Date('2025-10-26T00:45:00Z'))).toBe(true);
      expect(london.isWithinWorkingHours(new Date('2025-10-26T01:15:00Z'))).toBe(false);
    });

    it('opens again when the clocks go back into working hours, and skips a day whose hours the clocks jump over', () => {
      // New York, 2 November 2025: 02:00 EDT → 01:00 EST at 06:00 UTC. At 01:45 EDT the office has closed,
      // but at the change the wall clock reads 01:00 again, inside working hours.
      const short = new WorkingCalendar({
        timeZone: 'America/New_York',
        weekend: [],
        workingHours: { start: '01:00', end: '01:30' },
        holidays: [],
      });
      expect(short.nextWorkingTime(new Date('2025-11-02T05:45:00Z')).toISOString()).toBe(
        '2025-11-02T06:00:00.000Z',
      );
      // 9 March 2025: 02:00 EST → 03:00 EDT, so 02:10–02:50 never happens that day; the next is 10 March.
      const skipped = new WorkingCalendar({
        timeZone: 'America/New_York',
        weekend: [],
        workingHours: { start: '02:10', end: '02:50' },
        holidays: [],
      });
      expect(skipped.nextWorkingTime(new Date('2025-03-09T05:00:00Z')).toISOString()).toBe(
        '2025-03-10T06:10:00.000Z',
      );
    });

    it('handles half-hour offsets (Asia/Kolkata, +05:30)', () => {
      const kolkata = new WorkingCalendar({ ...RIYADH, timeZone: 'Asia/Kolkata', holidays: [] });
      expect(kolkata.nextWorkingTime(new Date('2025-03-26T00:00:00Z')).toISOString()).toBe(
        '2025-03-26T02:30:00.000Z',
      );
      expect(kolkata.localDate(new Date('2025-03-25T18:30:00Z'))).toBe('2025-03-26');
    });
  });

  describe('configuration mistakes', () => {
    it('fails at construction with the fix in the message', () => {
      expect(() => new WorkingCalendar({ ...RIYADH, timeZone: 'Riyadh' })).toThrow(
        /IANA name such as "Asia\/Riyadh"/,
      );
      const allWeek: Weekday[] = [
        'sunday',
        'monday',
        'tuesday',
        'wednesday',
        'thursday',
        'friday',
        'saturday',
      ];
      expect(() => new WorkingCalendar({ ...RIYADH, weekend: allWeek })).toThrow(/at least one working day/);
      expect(() => new WorkingCalendar({ ...RIYADH, workingHours: { start: '8:00', end: '16:00' } })).toThrow(
        /HH:MM in 24-hour form/,
      );
      expect(
        () => new WorkingCalendar({ ...RIYADH, workingHours: { start: '16:00', end: '08:00' } }),
      ).toThrow(/must be before end/);
      expect(
        () => new WorkingCalendar({ ...RIYADH, holidays: [{ from: '2025-04-02', to: '2025-03-30' }] }),
      ).toThrow(/"from" must be on or before "to"/);
      expect(
        () => new WorkingCalendar({ ...RIYADH, holidays: [{ from: '2025-02-30', to: '2025-03-01' }] }),
      ).toThrow(/YYYY-MM-DD/);
    });

    it('refuses an invalid Date instead of answering with a wrong day', () => {
      expect(() => riyadh.localDate(new Date('not a date'))).toThrow(RangeError);
    });
  });

  describe('properties', () => {
    const weekday = fc.constantFrom<Weekday>(
      'sunday',
      'monday',
      'tuesday',
      'wednesday',
      'thursday',
      'friday',
      'saturday',
    );
    const isoDay = fc
      .integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 11, 31) })
      .map((ms) => new Date(ms).toISOString().slice(0, 10));
    const holiday = fc.tuple(isoDay, fc.integer({ min: 0, max: 20 })).map(([from, length]) => ({
      from,
      to: new Date(Date.parse(from) + length * 86_400_000).toISOString().slice(0, 10),
    }));
    const calendar = fc
      .record({
        timeZone: fc.constantFrom(
          'Asia/Riyadh',
          'UTC',
          'Europe/London',
          'America/New_York',
          'Asia/Kolkata',
          'Pacific/Kiritimati',
        ),
        weekend: fc.uniqueArray(weekday, { maxLength: 6 }),
        workingHours: fc
          .tuple(
            fc.integer({ min: 0, max: 22 }),
            fc.integer({ min: 1, max: 23 }),
            fc.constantFrom('00', '30'),
          )
          .map(([start, length, minutes]) => ({
            start: `${String(start).padStart(2, '0')}:${minutes}`,
            end: `${String(Math.min(start + length, 23)).padStart(2, '0')}:59`,
          })),
        holidays: fc.array(holiday, { maxLength: 8 }),
      })
      .map((config) => new WorkingCalendar(config));
    const instant = fc.date({
      min: new Date('2024-01-01T00:00:00Z'),
      max: new Date('2030-12-31T23:59:59Z'),
      noInvalidDate: true,
    });

    it('addWorkingDays lands on a working day, exactly n working days later', () => {
      fc.assert(
        fc.property(calendar, instant, fc.integer({ min: 1, max: 60 }), (cal, start, n) => {
          const due = cal.addWorkingDays(start, n);
          expect(cal.isWorkingDay(due)).toBe(true);
          expect(cal.workingDaysBetween(cal.localDate(start), due)).toBe(n);
        }),
        { numRuns: 300 },
      );
    });

    it('subtractWorkingDays from a working day is undone by counting forward', () => {
      fc.assert(
        fc.property(
          calendar,
          instant,
          fc.integer({ min: 1, max: 30 }),
          fc.integer({ min: 1, max: 30 }),
          (cal, start, n, back) => {
            const due = cal.addWorkingDays(start, n);
            const reminder = cal.subtractWorkingDays(due, back);
            expect(cal.isWorkingDay(reminder)).toBe(true);
            expect(cal.workingDaysBetween(reminder, due)).toBe(back);
          },
        ),
        { numRuns: 300 },
      );
    });

    // Days when New York or London change their clocks, where offset arithmetic usually goes wrong.
    const nearClockChange = fc
      .tuple(
        fc.constantFrom(
          '2025-03-09T07:00:00Z',
          '2025-11-02T06:00:00Z',
          '2025-03-30T01:00:00Z',
          '2025-10-26T01:00:00Z',
        ),
        fc.integer({ min: -2 * 24 * 60, max: 2 * 24 * 60 }),
      )
      .map(([change, minutes]) => new Date(Date.parse(change) + minutes * 60_000));

    it('nextWorkingTime is never earlier than the instant and always inside working hours', () => {
      fc.assert(
        fc.property(calendar, fc.oneof(instant, nearClockChange), (cal, at) => {
          const next = cal.nextWorkingTime(at);
          expect(next.getTime()).toBeGreaterThanOrEqual(at.getTime());
          expect(cal.isWithinWorkingHours(next)).toBe(true);
          // Nothing was skipped: a second earlier the office was closed, unless we did not move at all.
          if (next.getTime() !== at.getTime()) {
            expect(cal.isWithinWorkingHours(new Date(next.getTime() - 1000))).toBe(false);
          }
        }),
        { numRuns: 1000 },
      );
    });
  });
});
