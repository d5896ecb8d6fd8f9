import { writeDigits, type DigitStyle } from '../domain/text/digit-style';

/**
 * What keeps its digits in a locale text: a placeholder (`{{ref}}`, filled later), a nested key
 * (`$t(menu.title)`) and a Latin word (`05XXXXXXXX`, a pattern people copy as it is written).
 */
const KEPT = /\{\{[^}]*\}\}|\$t\([^)]*\)|[A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*/g;

/** One text with the digits it writes itself (not those it is filled with) in `style`. */
export function withLocaleDigits(text: string, style: DigitStyle): string {
  let out = '';
  let from = 0;
  for (const match of text.matchAll(KEPT)) {
    out += writeDigits(text.slice(from, match.index), style) + match[0];
    from = match.index + match[0].length;
  }
  return out + writeDigits(text.slice(from), style);
}

/** A locale tree (as in `locales/ar.json`) with every text's own digits in `style`. */
export function localeWithDigits<T>(node: T, style: DigitStyle, adjust = (text: string) => text): T {
  if (typeof node === 'string') return adjust(withLocaleDigits(node, style)) as T;
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, localeWithDigits(value, style, adjust)]),
    ) as T;
  }
  return node;
}
