/** A deadline written both ways: beneficiaries read Hijri (Umm al-Qura), staff and letters often Gregorian. */
export interface FormattedDeadline {
  hijri: string;
  gregorian: string;
}

// `ca` and `nu` are always explicit: plain `ar-SA` gives Gregorian with Arabic-Indic digits on Node 20's
// ICU, and the Umm al-Qura calendar is the official Saudi one.
const LOCALES = {
  ar: { hijri: 'ar-SA-u-ca-islamic-umalqura-nu-latn', gregorian: 'ar-SA-u-ca-gregory-nu-latn' },
  en: { hijri: 'en-u-ca-islamic-umalqura', gregorian: 'en-GB' },
} as const;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Formats a deadline for people, in Hijri and Gregorian, `dateStyle: 'full'`.
 *
 * `isoDate` is normally a local calendar day (`2025-04-21` → Arabic `الاثنين، 23 شوال 1446 هـ` and
 * `الاثنين، 21 أبريل 2025`); that day is shown as is. A full ISO timestamp (`2025-04-20T22:00:00Z`) is
 * shown as its local day in `timeZone`. Throws RangeError for text that is not a date: deadlines come
 * from our own calendar, so a bad one is a bug.
 */
export function formatDeadline(
  isoDate: string,
  lang: 'ar' | 'en',
  timeZone = 'Asia/Riyadh',
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
  return {
    hijri: formatter(LOCALES[lang].hijri, zone).format(instant),
    gregorian: formatter(LOCALES[lang].gregorian, zone).format(instant),
  };
}

/** Building an Intl.DateTimeFormat costs far more than formatting with one: each is built once. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}\u0000${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone });
    formatters.set(key, found);
  }
  return found;
}
