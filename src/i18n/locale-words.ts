import { LANGS } from '../domain/lang';
import { LOCALES } from './translator';

/**
 * A vocabulary value of every locale, split on `|` (`intents.apply`, `vocab.questionWords`): for code
 * that matches what people write rather than rendering a text, and has no translator at hand (flows).
 */
export function localeWords(key: string): string[] {
  return LANGS.flatMap((lang) => {
    let node: unknown = LOCALES[lang];
    for (const part of key.split('.')) {
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    }
    return typeof node === 'string' ? node.split('|') : [];
  });
}
