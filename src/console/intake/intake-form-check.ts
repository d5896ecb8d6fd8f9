import { localized } from '../../config/localized';
import type { Profile } from '../../config/profile-schema';
import type { Lang } from '../../domain/lang';
import { normaliseForMatching } from '../../domain/text/arabic-normalise';
import { validateField, type FieldValue } from '../../domain/requests/validate-field';
import type { Issue } from '../http/console-errors';

type Service = Profile['services'][number];
type Translate = (key: string, params?: Record<string, string | number>) => string;

/** What staff typed of a service's form, as the intake receives it. */
export interface IntakeForm {
  /** The person's mobile, asked once: it also answers the service's mobile field when that is left out. */
  mobile: string;
  fields: Record<string, string>;
  documentsSeen: readonly string[];
}

/**
 * Checks a service form staff filled in for a request that came by phone, visit, letter or fax: each
 * field by the chat's rules, a city among the profile's cities when the field lists them, and every
 * required document seen (a request is complete, and its clock starts, only with them). Issues name the
 * field or document at fault; the valid answers are returned for storing.
 */
export function checkIntakeForm(
  service: Service,
  form: IntakeForm,
  issues: Issue[],
  lang: Lang,
  t: Translate,
): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  for (const id of Object.keys(form.fields)) {
    if (!service.fields.some((f) => f.id === id)) {
      issues.push({ path: `fields.${id}`, message: t('console.intake.unknownField') });
    }
  }
  for (const field of service.fields) {
    let text = form.fields[field.id]?.trim() ?? '';
    if (text === '' && field.type === 'mobile') text = form.mobile.trim();
    if (text === '') {
      if (field.required) issues.push({ path: `fields.${field.id}`, message: t('console.intake.required') });
      continue;
    }
    let choice = field.type === 'choice' ? text : undefined;
    if (field.type === 'city' && field.options) {
      const index = cityIndex(field.options, text);
      if (index < 0) {
        const list = field.options.map((o) => localized(o, lang)).join(lang === 'ar' ? '، ' : ', ');
        issues.push({ path: `fields.${field.id}`, message: t('console.intake.cityNotListed', { list }) });
        continue;
      }
      choice = `city-${index}`;
    }
    const check = validateField(field, text, choice);
    if (check.ok) values[field.id] = check.value;
    else issues.push({ path: `fields.${field.id}`, message: t(check.reason, check.params) });
  }
  for (const doc of form.documentsSeen) {
    if (!service.documents.some((d) => d.id === doc)) {
      issues.push({ path: `documentsSeen.${doc}`, message: t('console.intake.unknownDocument') });
    }
  }
  for (const doc of service.documents) {
    if (doc.required && !form.documentsSeen.includes(doc.id)) {
      issues.push({
        path: `documentsSeen.${doc.id}`,
        message: t('console.intake.documentMissing', { document: localized(doc.label, lang) }),
      });
    }
  }
  return values;
}

/**
 * Which of the profile's cities staff gave: the page sends the chat's option id (`city-2`); an API
 * caller may send the name in either language, spelt as people spell it. -1 when it is none of them.
 */
function cityIndex(options: readonly { ar: string; en?: string }[], text: string): number {
  const id = /^city-(\d+)$/.exec(text);
  if (id) return Number(id[1]) < options.length ? Number(id[1]) : -1;
  const wanted = normaliseForMatching(text);
  return options.findIndex(
    (o) =>
      normaliseForMatching(o.ar) === wanted || (o.en !== undefined && normaliseForMatching(o.en) === wanted),
  );
}
