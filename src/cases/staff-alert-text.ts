import { formatDeadline } from '../domain/calendar/format-date';
import type { Lang, TextParams } from '../domain/lang';
import { LOCALES, type Translator } from '../i18n/translator';
import type { DigitStyle } from '../domain/text/digit-style';

/** A staff alert as stored (`staff_notifications`), what its text needs of it. */
export interface StaffAlertFacts {
  kind: string;
  subjectType: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
}

const num = (value: unknown, fallback = 0): number => {
  const n = Number(value);
  return Number.isFinite(n) ? n : fallback;
};
const text = (value: unknown, fallback = '-'): string =>
  typeof value === 'string' && value !== '' ? value : fallback;

/** Whether the locales hold a text (or its plural forms) at `key`: Arabic, the one every key has. */
function hasText(key: string): boolean {
  const path = key.split('.');
  const last = path.pop() ?? '';
  let node: unknown = LOCALES.ar;
  for (const part of path) node = (node as Record<string, unknown> | undefined)?.[part];
  const texts = node as Record<string, unknown> | undefined;
  return typeof texts?.[last] === 'string' || typeof texts?.[`${last}_other`] === 'string';
}

/**
 * A staff alert in words, in `lang`: the text of its kind (`alerts.<kind>` in the locales, e.g.
 * `alerts.deadline.reminder`), filled from its data (due dates in Hijri and Gregorian, the role it was
 * escalated to, the digest's figures). A kind without a text of its own (one added later) is still shown,
 * plainly (`alerts.other`); a kind that adds its text to the locales gets its data as parameters as is.
 */
export function staffAlertText(
  alert: StaffAlertFacts,
  deps: { translator: Translator; lang: Lang; timeZone: string; arabicDigits?: DigitStyle },
): string {
  const { translator, lang } = deps;
  const t = (key: string, params?: TextParams) => translator.t(lang, key, params);
  const data = alert.data ?? {};
  const ref = alert.subjectId ?? '-';
  const due = (value: unknown) => {
    const date =
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)
        ? formatDeadline(value.slice(0, 10), lang, deps.timeZone, deps.arabicDigits)
        : { hijri: '-', gregorian: '-' };
    return { dueHijri: date.hijri, dueGregorian: date.gregorian };
  };
  switch (alert.kind) {
    case 'deadline.reminder':
      return t('alerts.deadline.reminder', { ref, count: num(data.workingDaysLeft), ...due(data.dueDate) });
    case 'case.escalated':
      return t('alerts.case.escalated', {
        ref,
        subject: t(alert.subjectType === 'complaint' ? 'alerts.subject.complaint' : 'alerts.subject.request'),
        role: t(`alerts.role.${text(data.role, 'manager')}`),
        level: num(data.level, 1),
        ...due(data.dueDate),
      });
    case 'case.assigned':
      return t('alerts.case.assigned', { ref, by: text(data.by) });
    case 'request.infoReceived':
      return t('alerts.request.infoReceived', { ref, ...due(data.dueDate) });
    case 'request.infoOverdue':
      return t('alerts.request.infoOverdue', { ref, count: num(data.reminders) });
    case 'digest.daily': {
      const { satisfaction } = data;
      const average =
        typeof satisfaction === 'object' && satisfaction !== null && 'average' in satisfaction
          ? satisfaction.average
          : null;
      return t('alerts.digest.daily', {
        date: text(data.date),
        newRequests: num(data.new_requests),
        newComplaints: num(data.new_complaints),
        overdue: num(data.overdue),
        escalated: num(data.escalated),
        // A number (one decimal), so the translator writes it in the profile's digits like the counts.
        satisfaction: average === null || average === undefined ? '-' : Number(num(average).toFixed(1)),
      });
    }
    default: {
      // A kind whose text is in the locales, with its plain data (a kind added with its text only).
      const key = `alerts.${alert.kind}`;
      const params: TextParams = { ref };
      for (const [name, value] of Object.entries(data)) {
        if (typeof value === 'string' || typeof value === 'number') params[name] = value;
      }
      return hasText(key) ? t(key, params) : t('alerts.other', { kind: alert.kind, ref });
    }
  }
}
