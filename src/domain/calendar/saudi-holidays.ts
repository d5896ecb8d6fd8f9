/** The Saudi public holidays `saudiHolidays` computes, as the profile and the locales name them. */
export const SAUDI_HOLIDAYS = ['foundingDay', 'eidAlFitr', 'eidAlAdha', 'nationalDay'] as const;
export type SaudiHolidayId = (typeof SAUDI_HOLIDAYS)[number];

/**
 * The first day off for Eid al-Fitr: 29 Ramadan, the day after it (30 Ramadan, or 1 Shawwal when Ramadan
 * has 29 days: the Labour Law's rule), or 1 Shawwal.
 */
export const EID_AL_FITR_STARTS = ['29-ramadan', 'after-29-ramadan', '1-shawwal'] as const;
/** The first day off for Eid al-Adha: 8, 9 (the day of Arafah: the Labour Law's rule) or 10 Dhu al-Hijjah. */
export const EID_AL_ADHA_STARTS = ['8-dhu-al-hijjah', '9-dhu-al-hijjah', '10-dhu-al-hijjah'] as const;

/** How an association takes the Saudi public holidays (the profile's `calendar.saudiHolidays`). */
export interface SaudiHolidayRules {
  enabled: boolean;
  eidAlFitr: { from: (typeof EID_AL_FITR_STARTS)[number]; days: number };
  eidAlAdha: { from: (typeof EID_AL_ADHA_STARTS)[number]; days: number };
  /** Computed holidays left out for one Gregorian year (the year the holiday starts in). */
  skip: readonly { holiday: SaudiHolidayId; year: number }[];
}

/** One computed holiday: local dates, both days included. */
export interface ComputedHoliday {
  id: SaudiHolidayId;
  /** The Gregorian year it starts in. */
  year: number;
  from: string;
  to: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// Read at UTC noon, so the Umm al-Qura day of a Gregorian date does not depend on the machine's zone.
const UMM_AL_QURA = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});
const MEAN_HIJRI_YEAR_DAYS = 354.367;
const MEAN_HIJRI_MONTH_DAYS = 29.5306;
// 1 Muharram 1 AH in the arithmetical calendar, a starting guess only.
const HIJRI_EPOCH_MS = Date.UTC(622, 6, 16);

// Founding Day was first kept in 2022 (royal order of January 2022).
const FOUNDING_DAY_SINCE = 2022;

const gregorianCache = new Map<string, number>();
const yearCache = new Map<string, readonly ComputedHoliday[]>();

/** The Hijri (Umm al-Qura) date of a Gregorian day given as UTC-midnight milliseconds. */
function hijriOf(utcMs: number): { year: number; month: number; day: number } {
  const parts = { year: 0, month: 0, day: 0 };
  for (const part of UMM_AL_QURA.formatToParts(new Date(utcMs + DAY_MS / 2))) {
    // The year part is "1447" (or "1447 AH" in some ICU versions): take the number.
    if (part.type === 'year' || part.type === 'month' || part.type === 'day')
      parts[part.type] = parseInt(part.value, 10);
  }
  return parts;
}

/** Days from 1/1/1 AH to a Hijri date with mean month lengths: only to measure how far a guess is off. */
function meanHijriDays(h: { year: number; month: number; day: number }): number {
  return (h.year - 1) * MEAN_HIJRI_YEAR_DAYS + (h.month - 1) * MEAN_HIJRI_MONTH_DAYS + (h.day - 1);
}

/**
 * The Gregorian day (UTC-midnight milliseconds) of an Umm al-Qura date, from the calendar Node's Intl
 * carries: a guess from mean month lengths, corrected by reading the guess back (a few steps at most).
 * Day 30 of a 29-day month does not exist: throws.
 */
export function umAlQuraToGregorian(year: number, month: number, day: number): number {
  const key = `${year}-${month}-${day}`;
  const cached = gregorianCache.get(key);
  if (cached !== undefined) return cached;
  const target = { year, month, day };
  let guess = HIJRI_EPOCH_MS + Math.round(meanHijriDays(target)) * DAY_MS;
  for (let step = 0; step < 12; step += 1) {
    const found = hijriOf(guess);
    if (found.year === year && found.month === month && found.day === day) {
      gregorianCache.set(key, guess);
      return guess;
    }
    const sameMonth = found.year === year && found.month === month;
    const off = sameMonth ? day - found.day : Math.round(meanHijriDays(target) - meanHijriDays(found));
    // Within a day or two the mean can round to zero: step one day towards the target.
    guess += (off !== 0 ? off : meanHijriDays(target) > meanHijriDays(found) ? 1 : -1) * DAY_MS;
  }
  throw new RangeError(`${day}/${month}/${year} AH is not a day of the Umm al-Qura calendar`);
}

function isoOf(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10);
}

function eidAlFitrStart(hijriYear: number, from: SaudiHolidayRules['eidAlFitr']['from']): number {
  switch (from) {
    case '29-ramadan':
      return umAlQuraToGregorian(hijriYear, 9, 29);
    case 'after-29-ramadan':
      return umAlQuraToGregorian(hijriYear, 9, 29) + DAY_MS;
    case '1-shawwal':
      return umAlQuraToGregorian(hijriYear, 10, 1);
  }
}

function eidAlAdhaStart(hijriYear: number, from: SaudiHolidayRules['eidAlAdha']['from']): number {
  return umAlQuraToGregorian(hijriYear, 12, Number(from.split('-')[0]));
}

function span(id: SaudiHolidayId, startMs: number, days: number): ComputedHoliday {
  const from = isoOf(startMs);
  return { id, year: Number(from.slice(0, 4)), from, to: isoOf(startMs + (days - 1) * DAY_MS) };
}

/**
 * The Saudi public holidays starting in Gregorian `year` under `rules`: Founding Day (22 February, from
 * 2022),
 * National Day (23 September) and both Eids from the Umm al-Qura calendar (a year can hold two of the
 * same Eid, or none), in date order, less the ones `rules.skip` leaves out. Pure and cached by year and
 * rules. Announced dates can differ by a day from the Umm al-Qura table (moon sighting): a holiday listed
 * in the profile or the console replaces a computed one it overlaps (`WorkingCalendar`).
 */
export function saudiHolidays(year: number, rules: SaudiHolidayRules): readonly ComputedHoliday[] {
  if (!rules.enabled) return [];
  const key = `${year}|${JSON.stringify(rules)}`;
  const cached = yearCache.get(key);
  if (cached) return cached;
  // The Hijri years whose Eids can start in this Gregorian year (one either side, to be sure).
  const firstHijri = hijriOf(Date.UTC(year, 0, 1)).year;
  const lastHijri = hijriOf(Date.UTC(year, 11, 31)).year;
  const found: ComputedHoliday[] = [span('nationalDay', Date.UTC(year, 8, 23), 1)];
  if (year >= FOUNDING_DAY_SINCE) found.push(span('foundingDay', Date.UTC(year, 1, 22), 1));
  for (let hijri = firstHijri - 1; hijri <= lastHijri; hijri += 1) {
    found.push(span('eidAlFitr', eidAlFitrStart(hijri, rules.eidAlFitr.from), rules.eidAlFitr.days));
    found.push(span('eidAlAdha', eidAlAdhaStart(hijri, rules.eidAlAdha.from), rules.eidAlAdha.days));
  }
  const holidays = found
    .filter((h) => h.year === year)
    .filter((h) => !rules.skip.some((s) => s.holiday === h.id && s.year === year))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  if (yearCache.size > 200) yearCache.clear();
  yearCache.set(key, holidays);
  return holidays;
}
