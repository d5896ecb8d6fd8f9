import { DEFAULT_ARABIC_DIGITS, type DigitStyle } from '../text/digit-style';

/** Arabic digits as the profile chooses (`languages.arabicDigits`), like the dates; English in Latin. */
export function timeLocale(lang: 'ar' | 'en', digits: DigitStyle): string {
  if (lang === 'en') return 'en-GB';
  return digits === 'latin' ? 'ar-SA-u-nu-latn' : 'ar-SA-u-nu-arab';
}

/**
 * The wall-clock time of `instant` in `timeZone`, for people: Arabic `8:00 ص`, English `8:00 am`.
 * Pair it with `formatDeadline` for the day.
 */
export function formatTimeOfDay(
  instant: Date,
  lang: 'ar' | 'en',
  timeZone = 'Asia/Riyadh',
  digits: DigitStyle = DEFAULT_ARABIC_DIGITS,
): string {
  return new Intl.DateTimeFormat(timeLocale(lang, digits), {
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
    timeZone,
  }).format(instant);
}
