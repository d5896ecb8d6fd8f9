import i18next, { type i18n } from 'i18next';
import type { Lang, TextParams } from '../domain/lang';
import { LANGS } from '../domain/lang';
import { isolate } from '../domain/text/bidi';
import { CompiledTemplates } from './compiled-templates';
import ar from '../../locales/ar.json';
import en from '../../locales/en.json';

/** The locale files, Arabic first. Exported for the completeness test. */
export const LOCALES: Record<Lang, Record<string, unknown>> = { ar, en };

/** Renders locale keys. Missing keys fall back to Arabic, then to the key itself (a test forbids that). */
export interface Translator {
  t(lang: Lang, key: string, params?: TextParams): string;
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

export function createTranslator(): Translator {
  const instance: i18n = i18next.createInstance();
  // initAsync is not needed: resources are in memory, so init completes synchronously.
  void instance.init({
    resources: { ar: { translation: ar }, en: { translation: en } },
    lng: 'ar',
    fallbackLng: 'ar',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
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
      // Reference numbers, phone numbers and Latin names inside Arabic sentences must stay in order.
      const values =
        lang === 'ar' && params
          ? Object.fromEntries(
              Object.entries(params).map(([k, v]) => [
                k,
                // `context` picks a key variant (`key_already`): never shown, so never isolated.
                k !== 'context' && typeof v === 'string' && NEEDS_ISOLATION.test(v) && !ARABIC_LETTER.test(v)
                  ? isolate(v)
                  : v,
              ]),
            )
          : params;
      // A language from stored data is not trusted: anything unknown renders in Arabic.
      return templates.render(Object.hasOwn(fixed, lang) ? lang : 'ar', key, values);
    },
    allLanguages(key) {
      return LANGS.map((l) => String(fixed[l](key)));
    },
  };
}
