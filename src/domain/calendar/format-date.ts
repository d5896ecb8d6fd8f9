import { DEFAULT_ARABIC_DIGITS, type DigitStyle } from '../text/digit-style';

/** A deadline written both ways: beneficiaries read Hijri (Umm al-Qura), staff and letters often Gregorian. */
export interface FormattedDeadline {
  hijri: string;
  gregorian: string;
}

// `ca` and `nu` are always explicit: plain `ar-SA` gives Gregorian on Node 20's ICU, and the Umm al-Qura
// calendar is the official Saudi one. Arabic digits follow the profile (`languages.arabicDigits`).
const ARABIC_NUMBERING: Record<DigitStyle, string> = { 'arabic-indic': 'arab', latin: 'latn' };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Formats a deadline for people, in Hijri and Gregorian. The two are shown side by side («… الموافق …»),
 * so only the Hijri one names the weekday.
 *
 * `isoDate` is normally a local calendar day: `2025-04-21` → Arabic «الاثنين ٢٣ شوال ١٤٤٦هـ» and
 * «٢١ أبريل ٢٠٢٥م» (Latin digits when `digits` is `latin`), English `Monday, Shawwal 23, 1446 AH` and
 * `21 April 2025`; that day is shown as is. A full ISO timestamp (`2025-04-20T22:00:00Z`) is shown as
 * its local day in `timeZone`. Throws RangeError for text that is not a date: deadlines come from our
 * own calendar, so a bad one is a bug.
 */
export function formatDeadline(
  isoDate: string,
  lang: 'ar' | 'en',
  timeZone = 'Asia/Riyadh',
  digits: DigitStyle = DEFAULT_ARABIC_DIGITS,
): FormattedDeadline {
  const dateOnly = DATE_ONLY.exec(isoDate);
  // A calendar day is formatted at its UTC noon in UTC, so no zone can move it to a neighbouring day.
  const instant = dateOnly
    ? new Date(Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]), 12))
    : new Date(isoDate.includes('T') ? isoDate : NaN);
  const valid =
    !Number.isNaN(instant.getTime()) && (!dateOnly || instant.toISOString().slice(0, 10) === isoDate);
  if (!valid) throw new RangeError(`"${isoDate}" is not a date: expected YYYY-MM-DD or an ISO timestamp`);
  const zone = dateOnly ? 'UTC' : timeZone;
  if (lang === 'en') {
    return {
      hijri: formatter('en-u-ca-islamic-umalqura', zone, FULL).format(instant),
      gregorian: formatter('en-GB', zone, LONG).format(instant),
    };
  }
  const nu = ARABIC_NUMBERING[digits];
  // Written as Saudi letters write dates: «الأحد ١٢ رجب ١٤٤٨هـ الموافق ١ يناير ٢٠٢٧م».
  const hijri = parts(formatter(`ar-SA-u-ca-islamic-umalqura-nu-${nu}`, zone, FULL), instant);
  const gregorian = parts(formatter(`ar-SA-u-ca-gregory-nu-${nu}`, zone, LONG), instant);
  return {
    hijri: `${hijri.weekday} ${hijri.day} ${hijri.month} ${hijri.year}هـ`,
    gregorian: `${gregorian.day} ${gregorian.month} ${gregorian.year}م`,
  };
}

const FULL: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
const LONG: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };

/** The weekday, day, month and year of `instant`, each as `format` writes it. */
function parts(
  format: Intl.DateTimeFormat,
  instant: Date,
): Record<'weekday' | 'day' | 'month' | 'year', string> {
  const found = { weekday: '', day: '', month: '', year: '' };
  for (const part of format.formatToParts(instant)) {
    if (part.type in found) found[part.type as keyof typeof found] = part.value;
  }
  return found;
}

/** Building an Intl.DateTimeFormat costs far more than formatting with one: each is built once. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  locale: string,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale}\u0000${timeZone}\u0000${options === FULL ? 'full' : 'long'}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, found);
  }
  return found;
}
