import { normaliseForMatching } from '../src/domain/text/arabic-normalise';
import type { GlobalVocabulary } from '../src/engine/run-step';
import type { Translator } from '../src/i18n/translator';

/** The global words (menu, back, cancel, help) of every language, normalised; locale values are `|`-separated. */
export function buildGlobalVocabulary(translator: Translator): GlobalVocabulary {
  const words = (key: string) =>
    new Set(
      translator
        .allLanguages(key)
        .flatMap((v) => v.split('|'))
        .map(normaliseForMatching)
        .filter((w) => w.length > 0),
    );
  return {
    menu: words('vocab.menu'),
    back: words('vocab.back'),
    cancel: words('vocab.cancel'),
    help: words('vocab.help'),
  };
}
