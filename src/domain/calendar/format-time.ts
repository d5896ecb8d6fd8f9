// Latin digits in Arabic too, like the dates (`nu-latn`): the rest of the chat writes numbers that way.
const LOCALES = { ar: 'ar-SA-u-nu-latn', en: 'en-GB' } as const;

/**
 * The wall-clock time of `instant` in `timeZone`, for people: Arabic `8:00 ص`, English `8:00 am`.
 * Pair it with `formatDeadline` for the day.
 */
export function formatTimeOfDay(instant: Date, lang: 'ar' | 'en', timeZone = 'Asia/Riyadh'): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
    timeZone,
  }).format(instant);
}
