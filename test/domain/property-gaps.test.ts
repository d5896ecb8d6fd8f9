import fc from 'fast-check';
import type { Weekday } from '../../src/config/profile-schema';
import { WorkingCalendar } from '../../src/domain/calendar/working-calendar';
import { parseNationalId } from '../../src/domain/identity/national-id';
import { parseSaudiMobile } from '../../src/domain/identity/saudi-mobile';

/**
 * Properties the domain tests (test/domain/**) did not state yet, kept apart so those files stay
 * their owners': the ID and mobile readers never throw on anything a person can send and read a
 * number the same in every digit script and wrapping; the working-day clock never counts a weekend
 * or a holiday and moves forward as the count grows. (Normaliser idempotence, the valid-ID and
 * every-way-to-write-a-mobile properties, and add/subtract working days are in the owners' files.)
 */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({
    unit: fc.constantFrom(...'0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹ -+().@\u200f\u2066\u2069'),
    maxLength: 30,
  }),
);
const ZEROS = [0x30, 0x660, 0x6f0] as const;
const inScript = (digits: string, zero: number) =>
  digits.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
/** What phones and copy-paste wrap a number in. */
const wrapping = fc.constantFrom(
  ['', ''],
  ['\u200f', ''],
  ['\u2066', '\u2069'],
  ['\u200e', '\u200e'],
  [' ', ' '],
);

describe('parseNationalId and parseSaudiMobile on anything', () => {
  it('never throw, and an accepted value is always in its one stored form', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const id = parseNationalId(text);
        if (id.ok) expect(id.value).toMatch(/^[12]\d{9}$/);
        const mobile = parseSaudiMobile(text);
        if (mobile.ok) expect(mobile.e164).toMatch(/^\+9665\d{8}$/);
      }),
      { numRuns: 3_000 },
    );
  });

  it('read a number the same in every digit script and wrapping', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{9,10}$/),
        fc.constantFrom(...ZEROS),
        wrapping,
        (digits, zero, [before, after]) => {
          const written = `${before}${inScript(digits, zero)}${after}`;
          expect(parseNationalId(written)).toEqual(parseNationalId(digits));
          expect(parseSaudiMobile(written)).toEqual(parseSaudiMobile(digits));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('WorkingCalendar', () => {
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
  const calendar = fc
    .record({
      weekend: fc.uniqueArray(weekday, { maxLength: 5 }),
      holidays: fc.array(
        fc.tuple(isoDay, fc.integer({ min: 0, max: 10 })).map(([from, length]) => ({
          from,
          to: new Date(Date.parse(from) + length * 86_400_000).toISOString().slice(0, 10),
        })),
        { maxLength: 6 },
      ),
    })
    .map(
      ({ weekend, holidays }) =>
        new WorkingCalendar({
          timeZone: 'Asia/Riyadh',
          weekend,
          workingHours: { start: '08:00', end: '15:00' },
          holidays,
        }),
    );
  const instant = fc.date({ min: new Date('2024-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });

  it('lands further for more working days, never on a weekend or a holiday', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 1, max: 40 }), (cal, start, n) => {
        const due = cal.addWorkingDays(start, n);
        const later = cal.addWorkingDays(start, n + 1);
        expect(later > due).toBe(true);
        expect(cal.isWorkingDay(due)).toBe(true);
        // Every day strictly between the two is closed (a weekend or a holiday).
        for (let d = Date.parse(due) + 86_400_000; d < Date.parse(later); d += 86_400_000) {
          expect(cal.isWorkingDay(new Date(d).toISOString().slice(0, 10))).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts a holiday added on a working day before the deadline by moving it one working day later', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 2, max: 30 }), (start, n) => {
        const plain = new WorkingCalendar({
          timeZone: 'Asia/Riyadh',
          weekend: ['friday', 'saturday'],
          workingHours: { start: '08:00', end: '15:00' },
          holidays: [],
        });
        const due = plain.addWorkingDays(start, n);
        const first = plain.addWorkingDays(start, 1);
        const withHoliday = new WorkingCalendar({
          timeZone: 'Asia/Riyadh',
          weekend: ['friday', 'saturday'],
          workingHours: { start: '08:00', end: '15:00' },
          holidays: [{ from: first, to: first }],
        });
        expect(withHoliday.addWorkingDays(start, n)).toBe(plain.addWorkingDays(start, n + 1));
        expect(withHoliday.addWorkingDays(start, n) > due).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
