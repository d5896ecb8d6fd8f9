import { normaliseForMatching, toLatinDigits } from '../text/arabic-normalise';
import { monthByName, type Calendar } from './month-names';

export type ParsedDate = { iso: string; calendar: Calendar };

const DAY_MS = 86_400_000;
const HIJRI_PARTS = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

/** The Umm al-Qura date of a UTC day, as numbers. */
function hijriOf(ms: number): { y: number; m: number; d: number } {
  const parts = HIJRI_PARTS.formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), m: get('month'), d: get('day') };
}

/**
 * Converts an Umm al-Qura Hijri date to Gregorian by searching around an estimate with ICU's own
 * calendar (exact for every date ICU knows, no table to maintain). Undefined when the day does not
 * exist (e.g. 30 of a 29-day month).
 */
export function hijriToGregorian(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 30) return undefined;
  // 1 Muharram 1 AH ≈ 622-07-16; a Hijri year is ≈ 354.367 days.
  const estimate = Date.UTC(622, 6, 16) + ((y - 1) * 354.367 + (m - 1) * 29.53 + (d - 1)) * DAY_MS;
  for (let offset = -40; offset <= 40; offset++) {
    const ms = estimate + offset * DAY_MS;
    const h = hijriOf(ms);
    if (h.y === y && h.m === m && h.d === d) return new Date(ms).toISOString().slice(0, 10);
  }
  return undefined;
}

function gregorian(y: number, m: number, d: number): string | undefined {
  const ms = Date.UTC(y, m - 1, d);
  const iso = new Date(ms).toISOString().slice(0, 10);
  const expected = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return iso === expected ? iso : undefined;
}

/** Era marks that may follow the year, and the calendar each one names. */
const ERA_MARKS: ReadonlyMap<string, Calendar> = new Map([
  ...['ه', 'هجري', 'هجريه', 'للهجره', 'ah', 'h'].map((mark) => [mark, 'hijri'] as const),
  ...['م', 'ميلادي', 'ميلاديه', 'للميلاد', 'ad', 'ce'].map((mark) => [mark, 'gregorian'] as const),
]);

/** Words around a named date that change nothing: «٢ من شهر شوال لعام ١٤٤٦», "the 1st of May". */
const DATE_FILLERS: ReadonlySet<string> = new Set([
  ...['من', 'شهر', 'سنه', 'عام', 'لعام', 'لسنه'],
  ...['the', 'of', 'st', 'nd', 'rd', 'th'],
]);

// Hijri years people mean today, and Gregorian ones: a year outside its month's calendar is refused.
const YEARS: Readonly<Record<Calendar, { from: number; to: number }>> = {
  hijri: { from: 1300, to: 1599 },
  gregorian: { from: 1600, to: 2200 },
};

function toIso(calendar: Calendar, y: number, m: number, d: number): string | undefined {
  const { from, to } = YEARS[calendar];
  if (y < from || y > to) return undefined;
  return calendar === 'hijri' ? hijriToGregorian(y, m, d) : gregorian(y, m, d);
}

/**
 * A date written with its month's name: `٢ شوال ١٤٤٦`, `15 مارس 2025م`, `March 15, 2025`, `1st of May
 * 2025`. `'no month'` when the text names no month, so the caller can read it as a numeric date.
 */
function parseNamedDate(text: string): ParsedDate | undefined | 'no month' {
  const words = normaliseForMatching(text)
    .replace(/(\d)(\p{L})/gu, '$1 $2')
    .replace(/(\p{L})(\d)/gu, '$1 $2')
    .split(' ');
  const numbers: number[] = [];
  const monthAt: number[] = [];
  const eras = new Set<Calendar>();
  words.forEach((word, i) => {
    const era = ERA_MARKS.get(word);
    if (/^\d+$/.test(word)) numbers.push(Number(word));
    else if (era) eras.add(era);
    else if (!DATE_FILLERS.has(word)) monthAt.push(i);
  });
  const month = monthByName(monthAt.map((i) => words[i]).join(' '));
  if (!month) return 'no month';
  // The month's words stand together («ربيع الأول»), and the day comes before the year.
  const together = monthAt.every((at, k) => k === 0 || at === (monthAt[k - 1] ?? 0) + 1);
  const [day, year] = numbers;
  if (!together || numbers.length !== 2 || day === undefined || year === undefined) return undefined;
  if ([...eras].some((era) => era !== month.calendar)) return undefined;
  const iso = toIso(month.calendar, year, month.month, day);
  return iso ? { iso, calendar: month.calendar } : undefined;
}

/**
 * Reads a date as people type it, Gregorian or Hijri, in any digit script: `2025-04-21`,
 * `21/4/2025`, `1446-10-23`, `23/10/1446 هـ`, or with the month's name in Arabic or English
 * (`٢ شوال ١٤٤٦ هـ`, `15 مارس 2025`, `March 15, 2025`). A numeric year before 1600 is Hijri (Umm al-Qura);
 * a named month sets the calendar, and a year of the other calendar is refused (`15 مارس 1446`).
 * Returns the Gregorian `YYYY-MM-DD`, or undefined when it is not a real date.
 */
export function parseDate(text: string): ParsedDate | undefined {
  const named = parseNamedDate(text);
  return named === 'no month' ? parseNumericDate(text) : named;
}

function parseNumericDate(text: string): ParsedDate | undefined {
  const digits = toLatinDigits(text)
    .replace(/[^\d/\-.\s]/g, ' ')
    .trim();
  const numbers = digits
    .split(/[/\-.\s]+/)
    .filter(Boolean)
    .map(Number);
  if (numbers.length !== 3 || numbers.some((n) => !Number.isInteger(n))) return undefined;
  const [a, b, c] = numbers as [number, number, number];
  const [y, m, d] = a > 31 ? [a, b, c] : [c, b, a];
  if (y < 1300 || y > 2200) return undefined;
  if (y < 1600) {
    const iso = hijriToGregorian(y, m, d);
    return iso ? { iso, calendar: 'hijri' } : undefined;
  }
  const iso = gregorian(y, m, d);
  return iso ? { iso, calendar: 'gregorian' } : undefined;
}
