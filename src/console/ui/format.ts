import { boot } from './boot';

/** Arabic numbering as the profile chooses (`Boot.digits`): `arab` is ١٢٣, `latn` 123. */
const NU = boot.digits === 'arabic-indic' ? 'arab' : 'latn';
const LOCALE = boot.lang === 'ar' ? `ar-SA-u-ca-gregory-nu-${NU}` : 'en-GB';
const TIME_ZONE = boot.timeZone;

/** A date and time in the association's zone, as staff read it. */
export function formatTime(iso: string | null): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(LOCALE, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
}

/** Only the time of day, for messages of a conversation. */
export function formatClock(iso: string): string {
  return new Intl.DateTimeFormat(LOCALE, { timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(iso));
}

/** How long since `iso`, in the largest unit that fits ("12 minutes", "3 hours", "2 days"); null under a minute. */
export function formatWaiting(iso: string, now: number): string | null {
  const minutes = Math.max(0, Math.round((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return null;
  const format = (value: number, unit: 'minute' | 'hour' | 'day') =>
    new Intl.NumberFormat(LOCALE, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
  if (minutes < 60) return format(minutes, 'minute');
  if (minutes < 48 * 60) return format(Math.round(minutes / 60), 'hour');
  return format(Math.round(minutes / 1440), 'day');
}

const CALENDARS = {
  ar: { hijri: `ar-SA-u-ca-islamic-umalqura-nu-${NU}`, gregorian: LOCALE },
  en: { hijri: 'en-u-ca-islamic-umalqura', gregorian: LOCALE },
} as const;

/** A calendar day (`YYYY-MM-DD`, a due date) as staff read it, in the Gregorian or the Hijri calendar. */
export function formatDay(
  isoDate: string | null,
  style: 'medium' | 'full' = 'medium',
  calendar: 'gregorian' | 'hijri' = 'gregorian',
): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate ?? '');
  if (!m) return '';
  // Noon UTC of that day, shown in UTC: the same day in every zone.
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return new Intl.DateTimeFormat(CALENDARS[boot.lang][calendar], {
    dateStyle: style,
    timeZone: 'UTC',
  }).format(at);
}

/** A day in both calendars, Hijri first: "…1448 (… 2026)". */
export function formatBoth(isoDate: string | null): string {
  return `${formatDay(isoDate, 'full', 'hijri')} (${formatDay(isoDate, 'full', 'gregorian')})`;
}

/** A number with the page's separators, in the page's digits. */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(boot.lang === 'ar' ? `ar-SA-u-nu-${NU}` : 'en-GB').format(value);
}

/** Items as a sentence lists them ("a, b and c"; "أ و ب و ج"). */
export function formatList(items: string[]): string {
  return new Intl.ListFormat(LOCALE, { type: 'conjunction' }).format(items);
}
