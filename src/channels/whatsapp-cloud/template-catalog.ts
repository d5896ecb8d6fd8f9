import {
  DEFAULT_TEMPLATE_LANGUAGES,
  REOPEN_TEMPLATE_KEY,
  type WhatsappTemplates,
} from '../../config/whatsapp-templates';
import type { Lang } from '../../domain/lang';
import { NOTICE_KEYS } from '../../domain/notice-keys';
import type { Notice } from '../../domain/outbound-message';
import { DEFAULT_ARABIC_DIGITS, type DigitStyle } from '../../domain/text/digit-style';
import type { LocaleTextSource } from '../../i18n/locale-text';
import { arabicValues } from '../../i18n/translator';
import { templateBody, templateParameterValue } from './template-body';

/** A template message ready to send: Meta's `template: { name, language: { code }, components }`. */
export interface TemplateMessage {
  name: string;
  language: Lang;
  /** The body's parameters in the order of its `{{1}}`, `{{2}}`…, each sendable as it is. */
  parameters: string[];
}

export interface TemplateCatalogOptions {
  /** The profile's `whatsappTemplates`. */
  templates: WhatsappTemplates;
  /** The languages the installation speaks (profile `languages.enabled`): each needs every template. */
  languages: readonly Lang[];
  /** How Arabic texts write numbers (profile `languages.arabicDigits`), for values as the text shows them. */
  arabicDigits?: DigitStyle;
}

/**
 * The WhatsApp templates of an installation: which approved template carries a notification (or the
 * re-open message) in a language, with its parameters filled from the notice's values in the order
 * the template's body numbers them. The body is the locale text, as `npm run whatsapp:templates`
 * printed it for submission.
 */
export class TemplateCatalog {
  private readonly digits: DigitStyle;

  constructor(
    private readonly options: TemplateCatalogOptions,
    private readonly text: LocaleTextSource,
  ) {
    this.digits = options.arabicDigits ?? DEFAULT_ARABIC_DIGITS;
  }

  /**
   * The template for a notification in `lang` (else in the template's first language, when it was not
   * submitted in `lang`); `undefined` when the profile maps none to its key.
   */
  forNotice(notice: Notice, lang: Lang): TemplateMessage | undefined {
    return this.build(notice.key, notice.params, lang);
  }

  /** The re-open template (`whatsappCloud.reopen`), filled with `values` (`association`). */
  reopen(lang: Lang, values: Record<string, string>): TemplateMessage | undefined {
    return this.build(REOPEN_TEMPLATE_KEY, values, lang);
  }

  /**
   * The keys (notifications in `keys`, and the re-open template) without a template in some language
   * the installation speaks: a WhatsApp Cloud installation cannot start with any.
   */
  missing(keys: readonly string[] = NOTICE_KEYS): string[] {
    return [...keys, REOPEN_TEMPLATE_KEY].filter((key) => {
      const template = this.options.templates[key];
      if (!template) return true;
      const languages = template.languages ?? DEFAULT_TEMPLATE_LANGUAGES;
      return this.options.languages.some((lang) => !languages.includes(lang));
    });
  }

  private build(key: string, values: Record<string, string>, wanted: Lang): TemplateMessage | undefined {
    const template = this.options.templates[key];
    if (!template) return undefined;
    const languages = template.languages ?? DEFAULT_TEMPLATE_LANGUAGES;
    const lang = languages.includes(wanted) ? wanted : languages[0];
    if (!lang) return undefined;
    const text = this.text(lang, key);
    if (text === undefined) return undefined;
    const { params } = templateBody(text, template.params);
    // As the text message shows them: in Arabic, Latin references and names kept in their place.
    const shown = lang === 'ar' ? arabicValues(values, this.digits) : values;
    return {
      name: template.name,
      language: lang,
      parameters: params.map((name) => templateParameterValue(String(shown[name] ?? ''))),
    };
  }
}

/**
 * What start-up says when templates are missing (WHATSAPP_API=cloud): the keys, and how to fix it.
 */
export function describeMissingTemplates(missing: readonly string[]): string {
  return (
    `WhatsApp Cloud API: ${missing.length} notification(s) have no WhatsApp template in every language ` +
    `the association speaks (languages.enabled), so they could not be sent after the 24-hour window:\n` +
    missing.map((key) => `  - ${key}`).join('\n') +
    '\n  fix: add each to "whatsappTemplates" in the profile (PROFILE_PATH), e.g.\n' +
    `    whatsappTemplates:\n      ${missing[0] ?? 'notify.request.approved'}: { name: tawasul_${snake(missing[0] ?? 'request_approved')} }\n` +
    '  then run `npm run whatsapp:templates -- --out templates.json` and submit those templates in ' +
    'WhatsApp Manager (category Utility); once Meta approves them, start again'
  );
}

const snake = (key: string) =>
  key
    .replace(/^(notify|queues|console\.notify|whatsappCloud)\./, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();
