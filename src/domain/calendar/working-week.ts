import { DEFAULT_ARABIC_DIGITS, type DigitStyle } from '../text/digit-style';
import { timeLocale } from './format-time';
import { WEEKDAYS, type Weekday } from './weekday';

/** A Sunday (UTC): the names of the days are read from the week that starts on it. */
const A_SUNDAY = Date.UTC(2023, 0, 1);

/**
 * The working week in words, for people: the working days (`Sunday–Thursday`, `الأحد–الخميس`, or a list
 * when they are not in one run) and the hours (`8:00 am`, `4:00 pm`). Pure: names come from Intl.
 */
export function describeWorkingWeek(
  calendar: { weekend: readonly Weekday[]; workingHours: { start: string; end: string } },
  lang: 'ar' | 'en',
  digits: DigitStyle = DEFAULT_ARABIC_DIGITS,
): { days: string; from: string; to: string } {
  const locale = timeLocale(lang, digits);
  const dayName = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  const name = (day: number) => dayName.format(new Date(A_SUNDAY + day * 86_400_000));
  const working = (day: number) => !calendar.weekend.includes(WEEKDAYS[day % 7]!);
  // Start the week on the first working day after a weekend day, so Fri–Sat weekends read Sun–Thu.
  const start = [...WEEKDAYS.keys()].find((d) => working(d) && !working(d + 6)) ?? 0;
  const days = [...WEEKDAYS.keys()].map((i) => (start + i) % 7).filter(working);
  const inOneRun = days.every((d, i) => i === 0 || d === ((days[i - 1] ?? d) + 1) % 7);
  const separator = lang === 'ar' ? '، ' : ', ';
  const words =
    days.length > 2 && inOneRun
      ? `${name(days[0]!)}–${name(days[days.length - 1]!)}`
      : days.map(name).join(separator);
  const time = (clock: string) => {
    const [hours = 0, minutes = 0] = clock.split(':').map(Number);
    return new Intl.DateTimeFormat(locale, {
      hour: 'numeric',
      minute: '2-digit',
      hour12: true,
      timeZone: 'UTC',
    }).format(new Date(Date.UTC(2023, 0, 1, hours, minutes)));
  };
  return { days: words, from: time(calendar.workingHours.start), to: time(calendar.workingHours.end) };
}
