import { saudiHolidays, type ComputedHoliday, type SaudiHolidayRules } from './saudi-holidays';
import type { Weekday } from './weekday';

/** The calendar part of an association profile (the profile's `calendar` section fits as is). */
export interface WorkingCalendarConfig {
  /** IANA zone the association works in, e.g. `Asia/Riyadh`. */
  timeZone: string;
  weekend: readonly Weekday[];
  /** Local office hours, `HH:MM` 24-hour; `end` is exclusive. */
  workingHours: { start: string; end: string };
  /**
   * Inclusive ranges of local dates (`YYYY-MM-DD`) when the office is closed. Read at every use, so a
   * config whose list changes (`LiveHolidays`, the console's holiday table) is followed as it changes.
   */
  holidays: readonly { from: string; to: string }[];
  /**
   * The Saudi public holidays computed for every year (`saudi-holidays.ts`), besides `holidays`. A
   * listed holiday replaces a computed one it shares a day with: list the announced Eid dates and they
   * count instead of the Umm al-Qura ones.
   */
  saudiHolidays?: SaudiHolidayRules;
}

// Indexed like Date#getUTCDay().
const WEEKDAYS: readonly Weekday[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];
const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A wall-clock reading in the calendar's zone. */
interface LocalTime {
  date: string;
  minutes: number;
}

/**
 * Working days and hours of one association: counts committee deadlines, schedules reminders and holds
 * notifications until the office opens.
 *
 * All days are local dates in `timeZone`, found through Intl rather than a fixed offset, so a zone with
 * daylight saving works too. Pure: every method takes the instant it reasons about; none reads the clock.
 * A configuration mistake throws from the constructor with the fix in the message.
 */
export class WorkingCalendar {
  private readonly weekend: ReadonlySet<number>;
  private readonly startMinutes: number;
  private readonly endMinutes: number;
  private readonly wallClock: Intl.DateTimeFormat;
  private readonly computedByYear = new Map<number, readonly ComputedHoliday[]>();

  constructor(private readonly config: WorkingCalendarConfig) {
    try {
      this.wallClock = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
        timeZone: config.timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new Error(
        `calendar.timeZone "${config.timeZone}" is not a time zone this system knows: use an IANA name such as "Asia/Riyadh"`,
      );
    }
    this.weekend = new Set(config.weekend.map((day) => WEEKDAYS.indexOf(day)));
    if (this.weekend.size >= 7) {
      throw new Error(
        'calendar.weekend lists all seven days: leave at least one working day (usually friday, saturday)',
      );
    }
    this.startMinutes = clockMinutes(config.workingHours.start, 'calendar.workingHours.start');
    this.endMinutes = clockMinutes(config.workingHours.end, 'calendar.workingHours.end');
    if (this.startMinutes >= this.endMinutes) {
      throw new Error(
        `calendar.workingHours: start ${config.workingHours.start} must be before end ${config.workingHours.end} on the same day`,
      );
    }
    for (const holiday of config.holidays) {
      parseIsoDate(holiday.from);
      parseIsoDate(holiday.to);
      if (holiday.from > holiday.to) {
        throw new Error(`calendar holiday ${holiday.from}..${holiday.to}: "from" must be on or before "to"`);
      }
    }
  }

  /** The local date (`YYYY-MM-DD`) of `instant` in the calendar's time zone. */
  localDate(instant: Date): string {
    return this.localTime(instant).date;
  }

  /**
   * Whether the office works on this local date: not a weekend day, not inside a listed holiday, and not
   * inside a computed one that no listed holiday replaces.
   */
  isWorkingDay(isoDate: string): boolean {
    const day = new Date(parseIsoDate(isoDate)).getUTCDay();
    if (this.weekend.has(day)) return false;
    // ISO dates compare correctly as strings.
    if (this.config.holidays.some((holiday) => holiday.from <= isoDate && isoDate <= holiday.to))
      return false;
    return !this.computedHolidaysAround(isoDate).some(
      (computed) =>
        computed.from <= isoDate &&
        isoDate <= computed.to &&
        // The listed list is read at every use: it changes while the app runs (the console's table).
        !this.config.holidays.some((listed) => listed.from <= computed.to && computed.from <= listed.to),
    );
  }

  /**
   * The computed holidays in force for `fromYear..toYear` (Gregorian, both included), each with the
   * listed holiday that replaces it, if any: for the console's holiday list.
   */
  computedHolidays(fromYear: number, toYear: number): (ComputedHoliday & { replaced: boolean })[] {
    const found: (ComputedHoliday & { replaced: boolean })[] = [];
    for (let year = fromYear; year <= toYear; year += 1) {
      for (const computed of this.computedOf(year)) {
        const replaced = this.config.holidays.some(
          (listed) => listed.from <= computed.to && computed.from <= listed.to,
        );
        found.push({ ...computed, replaced });
      }
    }
    return found;
  }

  /** A date's year's computed holidays and the year before's (an Eid in late December runs into January). */
  private computedHolidaysAround(isoDate: string): readonly ComputedHoliday[] {
    if (!this.config.saudiHolidays?.enabled) return [];
    const year = Number(isoDate.slice(0, 4));
    return [...this.computedOf(year - 1), ...this.computedOf(year)];
  }

  private computedOf(year: number): readonly ComputedHoliday[] {
    const rules = this.config.saudiHolidays;
    if (!rules?.enabled) return [];
    let found = this.computedByYear.get(year);
    if (!found) {
      found = saudiHolidays(year, rules);
      this.computedByYear.set(year, found);
    }
    return found;
  }

  /**
   * The local date of the n-th working day after the local date of `instant`: day 1 is the first working
   * day after it (DOMAIN.md). Completing on Tue 2025-03-25 with 2025-03-30..04-02 off and a Fri–Sat
   * weekend, 15 working days end on 2025-04-21. `n = 0` gives the local date of `instant` itself.
   */
  addWorkingDays(instant: Date, n: number): string {
    return this.stepWorkingDays(this.localDate(instant), n, 1);
  }

  /**
   * The n-th working day before `isoDate` (day 1 is the nearest working day strictly before it), for
   * reminders "n working days before the due date".
   */
  subtractWorkingDays(isoDate: string, n: number): string {
    return this.stepWorkingDays(isoDate, n, -1);
  }

  /**
   * Working days after `fromIsoDate` up to and including `toIsoDate`, so that
   * `workingDaysBetween(localDate(t), addWorkingDays(t, n)) === n`. Negative when `toIsoDate` is earlier
   * (how many working days a deadline is overdue).
   */
  workingDaysBetween(fromIsoDate: string, toIsoDate: string): number {
    const from = parseIsoDate(fromIsoDate);
    const to = parseIsoDate(toIsoDate);
    if (to < from) return -this.workingDaysBetween(toIsoDate, fromIsoDate);
    let count = 0;
    for (let day = from + DAY_MS; day <= to; day += DAY_MS) {
      if (this.isWorkingDay(formatIsoDate(day))) count += 1;
    }
    return count;
  }

  /**
   * The instant working hours would start on local date `isoDate`, whether or not the office works that
   * day: for what is counted in calendar days, such as a data request's due date.
   */
  openingOn(isoDate: string): Date {
    const wall = parseIsoDate(isoDate) + this.startMinutes * 60_000;
    // The offset at the wall reading taken as UTC is the zone's offset except across a clock change;
    // a second look from the instant it gives settles that.
    const guess = wall - this.offsetAt(wall);
    return new Date(wall - this.offsetAt(guess));
  }

  /** Whether the office is open at `instant`: a working day, at or after start and before end. */
  isWithinWorkingHours(instant: Date): boolean {
    const { date, minutes } = this.localTime(instant);
    return this.isWorkingDay(date) && minutes >= this.startMinutes && minutes < this.endMinutes;
  }

  /**
   * When the office is next open: `instant` itself (as a new Date) when it already is, otherwise the
   * earliest later instant at which `isWithinWorkingHours` holds, as a UTC instant.
   *
   * Usually that is the opening time of the next working day, but the wall clock decides, so on a
   * daylight-saving change: when an hour happens twice, opening hours inside it are open both times and
   * an instant in the second pass waits for the second one (never an instant in the past); when the
   * clocks skip the opening time the office opens at the jump if the new time is before closing,
   * otherwise on the next working day.
   */
  nextWorkingTime(instant: Date): Date {
    if (this.isWithinWorkingHours(instant)) return new Date(instant.getTime());
    let from = instant.getTime();
    // Each pass covers a stretch with a fixed UTC offset, where the wall clock runs without jumps, so the
    // office can only open when it reads the opening time; if the offset changes first, go on from there.
    // Terminates: every pass either returns or moves `from` to a later offset change.
    for (;;) {
      const offset = this.offsetAt(from);
      const opening = this.nextOpeningWall(from + offset) - offset;
      const change = this.nextOffsetChange(from, offset, opening);
      if (change === undefined) return new Date(opening);
      if (this.isWithinWorkingHours(new Date(change))) return new Date(change);
      from = change;
    }
  }

  private stepWorkingDays(isoDate: string, n: number, direction: 1 | -1): string {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`working days must be a whole number of zero or more, got ${n}`);
    }
    let day = parseIsoDate(isoDate);
    // Terminates: the constructor guarantees a working weekday; holidays are finite ranges, and computed
    // ones at most 15 days each, a few a year.
    for (let found = 0; found < n;) {
      day += direction * DAY_MS;
      if (this.isWorkingDay(formatIsoDate(day))) found += 1;
    }
    return formatIsoDate(day);
  }

  private localTime(instant: Date): LocalTime {
    const parts = this.wallClockParts(instant);
    return {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      minutes: Number(parts.hour) * 60 + Number(parts.minute),
    };
  }

  private wallClockParts(
    instant: Date,
  ): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
    if (Number.isNaN(instant.getTime())) throw new RangeError('WorkingCalendar was given an invalid Date');
    const parts = { year: '', month: '', day: '', hour: '', minute: '', second: '' };
    for (const part of this.wallClock.formatToParts(instant)) {
      if (part.type in parts) parts[part.type as keyof typeof parts] = part.value;
    }
    parts.year = parts.year.padStart(4, '0');
    return parts;
  }

  /** Milliseconds the zone is ahead of UTC at `utcMs`. */
  private offsetAt(utcMs: number): number {
    const p = this.wallClockParts(new Date(utcMs));
    const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), +p.hour, +p.minute, +p.second);
    return wall - Math.floor(utcMs / 1000) * 1000;
  }

  /**
   * The first opening time (start of working hours on a working day) at or after the wall-clock reading
   * `wallMs` (local date and time written as if UTC), in the same form.
   */
  private nextOpeningWall(wallMs: number): number {
    const midnight = Math.floor(wallMs / DAY_MS) * DAY_MS;
    const date = formatIsoDate(midnight);
    const start = this.startMinutes * 60 * 1000;
    if (this.isWorkingDay(date) && wallMs <= midnight + start) return midnight + start;
    return parseIsoDate(this.stepWorkingDays(date, 1, 1)) + start;
  }

  /**
   * The first instant in (`from`, `until`] at which the zone's offset is no longer `offset`, or undefined
   * when it holds throughout. Looks a day at a time (clock changes are months apart), then narrows down
   * to the millisecond.
   */
  private nextOffsetChange(from: number, offset: number, until: number): number | undefined {
    let before = from;
    let after = from;
    do {
      if (after >= until) return undefined;
      before = after;
      after = Math.min(after + DAY_MS, until);
    } while (this.offsetAt(after) === offset);
    while (after - before > 1) {
      const middle = before + Math.floor((after - before) / 2);
      if (this.offsetAt(middle) === offset) before = middle;
      else after = middle;
    }
    return after;
  }
}

/** Milliseconds since the epoch of UTC midnight on an ISO date; rejects malformed or impossible dates. */
function parseIsoDate(isoDate: string): number {
  const match = ISO_DATE.exec(isoDate);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (Number.isNaN(ms) || formatIsoDate(ms) !== isoDate) {
    throw new RangeError(`"${isoDate}" is not a date: write dates as YYYY-MM-DD, e.g. 2025-04-21`);
  }
  return ms;
}

function formatIsoDate(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10);
}

function clockMinutes(time: string, where: string): number {
  const match = CLOCK_TIME.exec(time);
  if (!match) throw new Error(`${where} "${time}" is not a time: write HH:MM in 24-hour form, e.g. 08:00`);
  return Number(match[1]) * 60 + Number(match[2]);
}
