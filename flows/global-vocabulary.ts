import { normaliseForMatching } from '../src/domain/text/arabic-normalise';
import type { EverydayWords } from '../src/engine/everyday-words';
import type { GlobalVocabulary } from '../src/engine/run-step';
import type { Translator } from '../src/i18n/translator';

/** The courtesies returned before anything else, by their key under `vocab.courtesy` and `engine.courtesy`. */
const COURTESIES = ['salaam', 'morning', 'evening', 'hello', 'thanks'] as const;

/** A `|`-separated locale value of every language, normalised: people mix languages in one chat. */
function wordsOf(translator: Translator, key: string): Set<string> {
  return new Set(
    translator
      .allLanguages(key)
      .flatMap((v) => v.split('|'))
      .map(normaliseForMatching)
      .filter((w) => w.length > 0),
  );
}

/** The global words (menu, back, cancel, help) of every language, normalised; locale values are `|`-separated. */
export function buildGlobalVocabulary(translator: Translator): GlobalVocabulary {
  return {
    menu: wordsOf(translator, 'vocab.menu'),
    back: wordsOf(translator, 'vocab.back'),
    cancel: wordsOf(translator, 'vocab.cancel'),
    help: wordsOf(translator, 'vocab.help'),
  };
}

/** Everyday yes and no, polite words and courtesies (`vocab.yes`, `vocab.no`, `vocab.courtesy.*`). */
export function buildEverydayWords(translator: Translator): EverydayWords {
  const courtesies = COURTESIES.map((name) => ({
    phrases: wordsOf(translator, `vocab.courtesy.${name}`),
    reply: `engine.courtesy.${name}`,
    // A greeting is returned anywhere; a thanks mid-form may be the answer itself.
    restingOnly: name === 'thanks',
  }));
  return {
    yes: wordsOf(translator, 'vocab.yes'),
    no: wordsOf(translator, 'vocab.no'),
    polite: wordsOf(translator, 'vocab.polite'),
    courtesies,
    openers: new Set(courtesies.flatMap((c) => [...c.phrases].map((p) => p.split(' ')[0] ?? ''))),
  };
}
