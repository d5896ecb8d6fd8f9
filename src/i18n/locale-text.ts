import type { Lang } from '../domain/lang';
import { DEFAULT_ARABIC_DIGITS, type DigitStyle } from '../domain/text/digit-style';
import { withLocaleDigits } from './locale-digits';
import { LOCALES } from './translator';

/** A locale text as written, placeholders unfilled; `undefined` when `key` names no text in `lang`. */
export type LocaleTextSource = (lang: Lang, key: string) => string | undefined;

/**
 * The raw text of a key (`{{ref}}` left as it is), for what is submitted rather than rendered: WhatsApp
 * templates. Arabic texts write their own digits in `arabicDigits`, as the translator renders them.
 */
export function localeTextSource(arabicDigits: DigitStyle = DEFAULT_ARABIC_DIGITS): LocaleTextSource {
  return (lang, key) => {
    let node: unknown = Object.hasOwn(LOCALES, lang) ? LOCALES[lang] : undefined;
    for (const part of key.split('.')) {
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    }
    if (typeof node !== 'string') return undefined;
    return lang === 'ar' ? withLocaleDigits(node, arabicDigits) : node;
  };
}
