import type { Lang } from '../domain/lang';
import type { LocalizedText } from './profile-schema';

/** Picks a profile text in the person's language; English falls back to Arabic, the profile's first language. */
export function localized(text: LocalizedText, lang: Lang): string {
  return lang === 'en' ? (text.en ?? text.ar) : text.ar;
}
