import { normaliseForMatching } from './arabic-normalise';
import { CARDINAL_WORDS, wordValues } from './number-words';

/*
 * Ordinals for reading menu answers ("الخيار الثاني", "second"); the cardinals are shared with the count
 * reader in number-words.ts. Written in normalised form (hamza seats folded to ا, ة → ه, ى → ي) because
 * they are compared with normaliseForMatching output.
 */
const ORDINAL_WORDS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [1, ['الاول', 'اول', 'الاولي', 'اولي', 'first']],
  [2, ['الثاني', 'الثانيه', 'ثاني', 'ثانيه', 'second']],
  [3, ['الثالث', 'الثالثه', 'ثالث', 'ثالثه', 'third']],
  [4, ['الرابع', 'الرابعه', 'رابع', 'رابعه', 'fourth']],
  [5, ['الخامس', 'الخامسه', 'خامس', 'خامسه', 'fifth']],
  [6, ['السادس', 'السادسه', 'سادس', 'سادسه', 'sixth']],
  [7, ['السابع', 'السابعه', 'سابع', 'سابعه', 'seventh']],
  [8, ['الثامن', 'الثامنه', 'ثامن', 'ثامنه', 'eighth']],
  [9, ['التاسع', 'التاسعه', 'تاسع', 'تاسعه', 'ninth']],
  [10, ['العاشر', 'العاشره', 'عاشر', 'عاشره', 'tenth']],
];

const WORD_VALUES = wordValues(CARDINAL_WORDS, ORDINAL_WORDS);

/** Words that may introduce the number: "رقم ٢", "number 2", "no. 2", "الخيار الثاني". */
const LEAD_WORDS: ReadonlySet<string> = new Set([
  'رقم',
  'الرقم',
  'خيار',
  'الخيار',
  'number',
  'no',
  'num',
  'nr',
  'option',
  'choice',
]);

// Keycap emoji: a digit, an optional VS16, then COMBINING ENCLOSING KEYCAP ("1️⃣"); 🔟 is its own code point.
const KEYCAP = /([0-9])\uFE0F?\u20E3/g;
const KEYCAP_TEN = /\u{1F51F}/gu;
// "#2", "2nd", "10th": the digits are the answer, the marks around them are not.
const DIGITS = /^#?([0-9]+)(?:st|nd|rd|th)?$/;

/**
 * Reads a menu answer as one number: `١`, `1`, `۱`, `1️⃣`, `🔟`, `٢.`, `3)`, `(4)`, `رقم ٢`, `number 2`,
 * `no. 2`, Arabic number words and ordinals (`اثنين`, `الأول`), English words (`two`, `second`).
 *
 * Returns `undefined` for anything that is not clearly a single number (`12 apples`, `1 2`, `hello`,
 * empty text); it does not check the range, so callers re-prompt for out-of-range choices.
 */
export function parseChoiceNumber(text: string): number | undefined {
  return parseNormalisedChoiceNumber(normaliseForMatching(text));
}

/**
 * {@link parseChoiceNumber} for text that already went through `normaliseForMatching` (the engine has
 * it as `FlowInput.normalized`): the same answer without normalising twice.
 */
export function parseNormalisedChoiceNumber(normalisedText: string): number | undefined {
  const normalised = normalisedText.replace(KEYCAP, '$1').replace(KEYCAP_TEN, '10');
  const words = normalised.split(' ');
  if (words.length === 2 && LEAD_WORDS.has(words[0] ?? '')) words.shift();
  const [answer] = words;
  if (answer === undefined || words.length !== 1) return undefined;

  const digits = DIGITS.exec(answer)?.[1];
  if (digits !== undefined) {
    const value = Number(digits);
    // A pasted 20-digit number is not a choice, and Number() would silently round it.
    return Number.isSafeInteger(value) ? value : undefined;
  }
  return WORD_VALUES.get(answer);
}
