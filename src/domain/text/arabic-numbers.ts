import { normaliseForMatching } from './arabic-normalise';

/*
 * Language data for reading menu answers. Every entry is written in its normalised form (hamza seats
 * folded to ا, ة → ه, ى → ي) because it is compared with normaliseForMatching output.
 */
const NUMBER_WORDS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [0, ['صفر', 'zero']],
  [1, ['واحد', 'واحده', 'احد', 'الاول', 'اول', 'الاولي', 'اولي', 'one', 'first']],
  [2, ['اثنين', 'اثنان', 'اتنين', 'اثنتين', 'اثنتان', 'الثاني', 'الثانيه', 'ثاني', 'ثانيه', 'two', 'second']],
  [3, ['ثلاثه', 'ثلاث', 'تلاته', 'تلات', 'الثالث', 'الثالثه', 'ثالث', 'ثالثه', 'three', 'third']],
  [4, ['اربعه', 'اربع', 'الرابع', 'الرابعه', 'رابع', 'رابعه', 'four', 'fourth']],
  [5, ['خمسه', 'خمس', 'الخامس', 'الخامسه', 'خامس', 'خامسه', 'five', 'fifth']],
  [6, ['سته', 'ست', 'السادس', 'السادسه', 'سادس', 'سادسه', 'six', 'sixth']],
  [7, ['سبعه', 'سبع', 'السابع', 'السابعه', 'سابع', 'سابعه', 'seven', 'seventh']],
  [8, ['ثمانيه', 'ثماني', 'ثمان', 'تمانيه', 'الثامن', 'الثامنه', 'ثامن', 'ثامنه', 'eight', 'eighth']],
  [9, ['تسعه', 'تسع', 'التاسع', 'التاسعه', 'تاسع', 'تاسعه', 'nine', 'ninth']],
  [10, ['عشره', 'عشر', 'العاشر', 'العاشره', 'عاشر', 'عاشره', 'ten', 'tenth']],
];

const WORD_VALUES: ReadonlyMap<string, number> = new Map(
  NUMBER_WORDS.flatMap(([value, words]) => words.map((word) => [word, value] as const)),
);

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
