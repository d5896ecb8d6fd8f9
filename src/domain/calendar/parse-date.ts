import { toLatinDigits } from '../text/arabic-normalise';

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

/**
 * Reads a date as people type it, Gregorian or Hijri, in any digit script: `2025-04-21`,
 * `21/4/2025`, `1446-10-23`, `23/10/1446 هـ`. A year before 1600 is Hijri (Umm al-Qura).
 * Returns the Gregorian `YYYY-MM-DD`, or undefined when it is not a real date.
 */
export function parseDate(text: string): { iso: string; calendar: 'gregorian' | 'hijri' } | undefined {
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
