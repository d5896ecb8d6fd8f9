import type { Profile } from '../config/profile-schema';
import { localized } from '../config/localized';
import { DEFAULT_TEMPLATE_LANGUAGES, TEMPLATE_KEYS } from '../config/whatsapp-templates';
import { describeMissingTemplates, TemplateCatalog } from '../channels/whatsapp-cloud/template-catalog';
import {
  templateBody,
  templateParameterValue,
  templateProblems,
} from '../channels/whatsapp-cloud/template-body';
import { formatDeadline } from '../domain/calendar/format-date';
import type { Lang } from '../domain/lang';
import type { LocaleTextSource } from '../i18n/locale-text';

/** One template as Meta's "create message template" API takes it (`POST /{waba-id}/message_templates`). */
export interface MetaTemplate {
  name: string;
  language: Lang;
  category: 'UTILITY';
  components: [{ type: 'BODY'; text: string; example?: { body_text: [string[]] } }];
}

export interface TemplateExport {
  templates: MetaTemplate[];
  /** What Meta would refuse or what is missing, each naming its key: for the operator, not fatal. */
  warnings: string[];
}

/** A date far enough ahead to read as a deadline; a sample, never a case's. */
const SAMPLE_DATE = '2027-03-15';

/** Sample references by the notification's subject (the prefixes of src/cases/rules/reference.ts). */
const SAMPLE_REFS: readonly [RegExp, string][] = [
  [/complaint|registered\.(complaint|suggestion|compensation)/, 'CMP-4821-88'],
  [/volunteer/, 'VOL-4821-88'],
  [/queues\.data/, 'DAT-4821-88'],
  [/fieldHelp/, 'FLD-4821-88'],
];

/**
 * The profile's WhatsApp templates (`whatsappTemplates`) with their texts from the locales, one per
 * template per language, each with sample values for Meta's reviewers: made-up references and dates,
 * the profile's own service and association names, never a person's data.
 */
export function whatsappTemplateExport(profile: Profile, text: LocaleTextSource): TemplateExport {
  const templates: MetaTemplate[] = [];
  const warnings: string[] = [];
  for (const key of TEMPLATE_KEYS) {
    const template = profile.whatsappTemplates[key];
    if (!template) continue;
    for (const lang of template.languages ?? DEFAULT_TEMPLATE_LANGUAGES) {
      const source = text(lang, key);
      if (source === undefined) {
        warnings.push(`${key} (${lang}): no text in locales/${lang}.json`);
        continue;
      }
      const { body, params } = templateBody(source, template.params);
      for (const problem of templateProblems(body)) warnings.push(`${key} (${lang}): ${problem}`);
      const samples = params.map((name) => templateParameterValue(sample(name, key, lang, profile, text)));
      templates.push({
        name: template.name,
        language: lang,
        category: 'UTILITY',
        components: [
          { type: 'BODY', text: body, ...(samples.length > 0 ? { example: { body_text: [samples] } } : {}) },
        ],
      });
    }
  }
  const missing = new TemplateCatalog(
    { templates: profile.whatsappTemplates, languages: profile.languages.enabled },
    text,
  ).missing();
  if (missing.length > 0) warnings.push(describeMissingTemplates(missing));
  return { templates, warnings };
}

function sample(name: string, key: string, lang: Lang, profile: Profile, text: LocaleTextSource): string {
  const { timeZone } = profile.calendar;
  switch (name) {
    case 'ref':
      return SAMPLE_REFS.find(([subject]) => subject.test(key))?.[1] ?? 'REQ-4821-88';
    case 'service': {
      const service = profile.services[0];
      return service ? localized(service.name, lang) : (text(lang, 'whatsappCloud.samples.value') ?? '-');
    }
    case 'association':
      return localized(profile.association.name, lang);
    case 'dueHijri':
      return formatDeadline(SAMPLE_DATE, lang, timeZone, profile.languages.arabicDigits).hijri;
    case 'dueGregorian':
      return formatDeadline(SAMPLE_DATE, lang, timeZone, profile.languages.arabicDigits).gregorian;
    default:
      return text(lang, `whatsappCloud.samples.${name}`) ?? text(lang, 'whatsappCloud.samples.value') ?? '-';
  }
}
