import i18next, { type i18n } from 'i18next';
import type { Lang, TextParams } from '../domain/lang';
import { LANGS } from '../domain/lang';
import { isolate } from '../domain/text/bidi';
import { DEFAULT_ARABIC_DIGITS, writeNumber, type DigitStyle } from '../domain/text/digit-style';
import { localeWithDigits } from './locale-digits';
import { CompiledTemplates } from './compiled-templates';
import ar from '../../locales/ar.json';
import en from '../../locales/en.json';

/** The locale files, Arabic first. Exported for the completeness test. */
export const LOCALES: Record<Lang, Record<string, unknown>> = { ar, en };

/** Renders locale keys. Missing keys fall back to Arabic, then to the key itself (a test forbids that). */
export interface Translator {
  t(lang: Lang, key: string, params?: TextParams): string;
  /** A number as texts in `lang` write it: in Arabic, in the profile's digits. */
  number(lang: Lang, value: number): string;
  /** Every value of a key across languages: used to build vocabularies such as the global words. */
  allLanguages(key: string): string[];
}

/** Latin letters or digits that would be reordered inside right-to-left text. */
const NEEDS_ISOLATION = /[A-Za-z0-9+]/;
/**
 * An Arabic letter: a value that has one is Arabic text with numbers in it (a Hijri date, «8:00 ص»),
 * which the right-to-left paragraph already orders; isolating it left-to-right would reverse its words.
 */
const ARABIC_LETTER = /(?=\p{Script=Arabic})\p{L}/u;

export interface TranslatorOptions {
  /** How Arabic texts write numbers (profile `languages.arabicDigits`); English always uses Latin digits. */
  arabicDigits?: DigitStyle;
}

/** Parameters that choose which text renders: i18next must read them as given. */
const SELECTORS = new Set(['context', 'count', 'ordinal']);

/** The i18next format that writes a plural count (a number i18next must still read) in Arabic-Indic digits. */
const COUNT_DIGITS = 'arabicDigits';

export function createTranslator(options: TranslatorOptions = {}): Translator {
  const digits = options.arabicDigits ?? DEFAULT_ARABIC_DIGITS;
  // The digits Arabic texts write themselves («(١٠ أرقام)») are put in the chosen style once, here. A
  // plural count stays a number (it picks the plural form), so its placeholder is written through a format.
  const arabic = localeWithDigits(ar, digits, (text) =>
    digits === 'latin' ? text : text.replace(/\{\{\s*count\s*\}\}/g, `{{count, ${COUNT_DIGITS}}}`),
  );
  const instance: i18n = i18next.createInstance();
  // initAsync is not needed: resources are in memory, so init completes synchronously.
  void instance.init({
    resources: { ar: { translation: arabic }, en: { translation: en } },
    lng: 'ar',
    fallbackLng: 'ar',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  instance.services.formatter?.add(COUNT_DIGITS, (value: unknown) =>
    typeof value === 'number' ? writeNumber(value, digits) : String(value),
  );
  const fixed = Object.fromEntries(LANGS.map((l) => [l, instance.getFixedT(l)])) as Record<
    Lang,
    ReturnType<i18n['getFixedT']>
  >;
  // i18next's own path is the reference; CompiledTemplates reproduces it without its per-call cost.
  const templates = new CompiledTemplates((lang, key, values) =>
    String(fixed[lang as Lang](key, values ?? {})),
  );
  return {
    t(lang, key, params) {
      // A language from stored data is not trusted: anything unknown renders in Arabic.
      const target: Lang = Object.hasOwn(fixed, lang) ? lang : 'ar';
      const values = target === 'ar' && params ? arabicValues(params, digits) : params;
      return templates.render(target, key, values);
    },
    number(lang, value) {
      return Object.hasOwn(fixed, lang) && lang !== 'ar' ? String(value) : writeNumber(value, digits);
    },
    allLanguages(key) {
      return LANGS.map((l) => String(fixed[l](key)));
    },
  };
}

/**
 * Parameters as an Arabic text shows them. Reference numbers, phone numbers and Latin names inside
 * Arabic sentences must stay in order, so they are isolated; strings keep their digits (people copy
 * references, IDs and links as written), numbers (counts, steps, days) are written in `digits`.
 */
export function arabicValues(params: TextParams, digits: DigitStyle): TextParams {
  const values: TextParams = {};
  for (const name in params) {
    const value = params[name] as string | number;
    // `context` picks a key variant (`key_already`), `count` and `ordinal` a plural form: never
    // isolated, and `count` stays a number (its placeholder writes it in `digits`).
    if (SELECTORS.has(name)) values[name] = value;
    else if (typeof value === 'number') values[name] = writeNumber(value, digits);
    else values[name] = NEEDS_ISOLATION.test(value) && !ARABIC_LETTER.test(value) ? isolate(value) : value;
  }
  return values;
}
