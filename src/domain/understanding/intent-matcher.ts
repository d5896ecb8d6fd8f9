import { normaliseForMatching } from '../text/arabic-normalise';
import { lightStem } from '../text/arabic-stopwords';
import { nearlySame } from '../text/nearly-same';

/** One intent's phrases, as written in the locales and the profile (any language, any spelling). */
export interface IntentPhrases {
  intent: string;
  phrases: readonly string[];
}

/** Why an intent was chosen: the phrase of the vocabulary that matched, for logs and tests. */
export interface IntentMatch {
  intent: string;
  /** The vocabulary words of the text that its phrases matched. */
  words: ReadonlySet<string>;
  /** The evidence: the words of every phrase of this intent that matched. */
  score: number;
  /** The longest phrase that matched. */
  phrase: string;
  /** Every phrase of this intent that matched. */
  phrases: readonly string[];
}

export interface IntentReading {
  /** Each intent that matched, its best phrase only; most specific first. */
  matches: IntentMatch[];
  /** The one intent the text clearly asks for; undefined when none matched or two tie. */
  best?: IntentMatch;
}

interface CompiledPhrase {
  intent: string;
  phrase: string;
  /** The words that must all appear in the text (in one of their forms), in any order. */
  stems: readonly string[];
}

/**
 * The forms a text word is compared in: as written, its light stem, and both without a joined و/ف/ب/ل.
 * A phrase word written in its base form («طلب») so meets «الطلب», «طلبات», «بطلب»; an inflected one
 * («طلبي», my request) meets only itself, so the two can lead to different intents.
 */
function formsOf(word: string): string[] {
  const forms = [word, lightStem(word)];
  if (word.length >= 4 && /^[وفبل]/.test(word)) forms.push(word.slice(1), lightStem(word.slice(1)));
  return forms;
}

/**
 * Reads which flow free text asks for, from phrases per intent (`intents.<id>` in the locales, plus
 * the profile's own). A phrase matches when each of its words appears in the text, in any order, with
 * Arabic spelling folded (hamza, ة/ه, ى/ي, tashkeel), light stemming (ال، و، ب، ـي، ـات…) and one typo
 * allowed in longer words. An intent scores the words of all its phrases that matched; the highest
 * wins, and two intents tied at the top are reported as a tie, never guessed (the caller may prefer
 * the more specific of the two). Explainable: every answer names its phrase.
 */
export class IntentMatcher {
  private readonly phrases: CompiledPhrase[];
  /** Every stem any phrase uses: a text word is only compared to these. */
  private readonly vocabulary: ReadonlySet<string>;

  constructor(entries: readonly IntentPhrases[]) {
    this.phrases = entries.flatMap(({ intent, phrases }) =>
      phrases
        .map((phrase) => ({
          intent,
          phrase,
          stems: normaliseForMatching(phrase)
            .split(' ')
            .filter((w) => w.length > 0),
        }))
        .filter((p) => p.stems.length > 0),
    );
    this.vocabulary = new Set(this.phrases.flatMap((p) => p.stems));
  }

  /** `normalized` is text after `normaliseForMatching` (the engine's `FlowInput.normalized`). */
  read(normalized: string): IntentReading {
    const present = this.stemsPresent(normalized);
    if (present.size === 0) return { matches: [] };
    // Every phrase that matched adds its words: more evidence for an intent, a higher score.
    const byIntent = new Map<string, IntentMatch>();
    for (const p of this.phrases) {
      if (!p.stems.every((s) => present.has(s))) continue;
      const known = byIntent.get(p.intent);
      if (!known) {
        byIntent.set(p.intent, {
          intent: p.intent,
          words: new Set(p.stems),
          score: p.stems.length,
          phrase: p.phrase,
          phrases: [p.phrase],
        });
      } else {
        const longer = p.stems.length > normaliseForMatching(known.phrase).split(' ').length;
        byIntent.set(p.intent, {
          intent: p.intent,
          words: new Set([...known.words, ...p.stems]),
          score: known.score + p.stems.length,
          phrase: longer ? p.phrase : known.phrase,
          phrases: [...known.phrases, p.phrase],
        });
      }
    }
    const matches = [...byIntent.values()].sort((a, b) => b.score - a.score);
    const [first, second] = matches;
    const best = first && (!second || second.score < first.score) ? first : undefined;
    return best ? { matches, best } : { matches };
  }

  /** The vocabulary's words that the text's words are (in one of their forms, or one typo away). */
  private stemsPresent(normalized: string): Set<string> {
    const present = new Set<string>();
    for (const word of normalized.split(' ')) {
      if (word.length === 0) continue;
      let found = false;
      for (const form of formsOf(word)) {
        if (this.vocabulary.has(form)) {
          present.add(form);
          found = true;
        }
      }
      if (found || word.length < 5) continue;
      for (const known of this.vocabulary) if (nearlySame(known, word)) present.add(known);
    }
    return present;
  }
}
