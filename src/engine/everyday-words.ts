import type { YesNo } from './effects';
import type { FlowInput } from './flow';

/**
 * The everyday words the engine understands in every flow besides the global words: yes and no (for
 * choices that mean one of them) and courtesies (a salaam is returned before anything else). Built from
 * the locales (`flows/global-vocabulary.ts`); every entry is in `normaliseForMatching` form.
 */
export interface EverydayWords {
  /** Whole answers that mean yes («نعم», «ايه», «اكيد», «موافق», "sure"), and no («لا», «ما ابي», "nope"). */
  yes: ReadonlySet<string>;
  no: ReadonlySet<string>;
  /** Words that add nothing to a yes or a no («شكرا», «والله», "please"): «لا شكرا» is a no. */
  polite: ReadonlySet<string>;
  /** Opening phrases and the text that answers them: «السلام عليكم» → «وعليكم السلام». */
  courtesies: readonly Courtesy[];
  /** The first word of every courtesy phrase: most messages are ruled out by one lookup. */
  openers: ReadonlySet<string>;
}

export interface Courtesy {
  phrases: ReadonlySet<string>;
  /** Locale key of the reply. */
  reply: string;
  /**
   * Only where the person has nothing pending (the menu, a resting state): a thanks there is a
   * courtesy, but in the middle of a form it may be the answer («شكرًا لكم» as the survey's comment).
   */
  restingOnly?: boolean;
}

/**
 * Reads a typed yes or no: a whole phrase of either list, or words of the lists and polite words only,
 * where a no-word anywhere makes it a no («لا اوافق», «مو موافق»). Anything else is neither (undefined),
 * and the question is asked again.
 */
export function readYesNo(normalized: string, words: EverydayWords): YesNo | undefined {
  if (words.no.has(normalized)) return 'no';
  if (words.yes.has(normalized)) return 'yes';
  let yes = false;
  let no = false;
  for (const word of normalized.split(' ')) {
    if (words.no.has(word)) no = true;
    else if (words.yes.has(word)) yes = true;
    else if (!words.polite.has(word)) return undefined;
  }
  return no ? 'no' : yes ? 'yes' : undefined;
}

/**
 * A courtesy the message opens with (the longest phrase that fits): its reply, the message without it,
 * and whether nothing is left to read (only the courtesy: the current question is asked again).
 */
export function readCourtesy(
  input: FlowInput,
  words: EverydayWords,
  resting: boolean,
): { reply: string; rest: FlowInput; empty: boolean } | undefined {
  const { normalized } = input;
  const space = normalized.indexOf(' ');
  if (!words.openers.has(space < 0 ? normalized : normalized.slice(0, space))) return undefined;
  const tokens = normalized.split(' ');
  // Phrases are a few words long; the longest that opens the text wins («السلام عليكم ورحمه الله»).
  for (let n = Math.min(tokens.length, 6); n >= 1; n--) {
    const opening = tokens.slice(0, n).join(' ');
    const courtesy = words.courtesies.find((c) => c.phrases.has(opening) && (resting || !c.restingOnly));
    if (!courtesy) continue;
    const rest = tokens.slice(n).join(' ');
    const empty =
      rest.length === 0 && input.media.length === 0 && !input.location && input.choiceId === undefined;
    return { reply: courtesy.reply, rest: { ...input, normalized: rest }, empty };
  }
  return undefined;
}
