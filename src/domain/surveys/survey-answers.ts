import { normaliseForMatching } from '../text/arabic-normalise';

/*
 * How people answer a satisfaction question in a chat. Every word list is in normalised form (hamza
 * seats folded to ا, ة → ه, ى → ي, no tashkeel) because it is compared with normaliseForMatching output.
 */

/** Words for the five points of the scale: 1 poor … 5 excellent, both languages. */
const RATING_WORDS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [5, ['ممتاز', 'ممتازه', 'رائع', 'رائعه', 'ممتاز جدا', 'excellent', 'great', 'perfect', 'outstanding']],
  [4, ['جيد جدا', 'جيده جدا', 'very good', 'good very']],
  [3, ['جيد', 'جيده', 'متوسط', 'متوسطه', 'لا باس', 'good', 'average', 'okay', 'ok']],
  [2, ['مقبول', 'مقبوله', 'ضعيف نوعا ما', 'fair', 'acceptable', 'below average']],
  [
    1,
    [
      'ضعيف',
      'ضعيفه',
      'سيء',
      'سيي',
      'سيئ',
      'سييء',
      'سيئه',
      'سيء جدا',
      'ضعيف جدا',
      'poor',
      'bad',
      'very bad',
      'terrible',
    ],
  ],
];
const RATING_BY_WORD: ReadonlyMap<string, number> = new Map(
  RATING_WORDS.flatMap(([value, words]) => words.map((w) => [normaliseForMatching(w), value] as const)),
);

const SKIP = [
  'تخطي',
  'تخطى',
  'تجاوز',
  'التالي',
  'لا يوجد',
  'لا شيء',
  'لا تعليق',
  'skip',
  'next',
  'pass',
  'no comment',
  'none',
  'nothing',
];
const LATER = [
  'لاحقا',
  'لاحقًا',
  'فيما بعد',
  'بعدين',
  'مو الحين',
  'ليس الان',
  'later',
  'not now',
  'another time',
];
const SKIP_WORDS: ReadonlySet<string> = new Set(SKIP.map(normaliseForMatching));
const LATER_WORDS: ReadonlySet<string> = new Set(LATER.map(normaliseForMatching));

// Stars people send as a rating, with the emoji variation selector they often carry.
const STAR = /[\u2B50\u2605\u{1F31F}]/gu;
const VARIATION_SELECTOR = /\uFE0F/g;
// "4", "4/5", "4 من 5", "4 out of 5", "4 نجوم", "4 stars" (digits already Latin after normalising).
const NUMERIC = /^([1-5])(?: ?(?:\/|من|out of|of) ?5)?(?: (?:نجوم|نجمات|نجمه|نجمتين|stars?))?$/;

/**
 * Reads a 1–5 satisfaction rating from what a person typed: a digit in any script («٤»), «٤ من ٥», «4/5»,
 * stars («⭐⭐⭐⭐»), or a word («ممتاز», «جيد جدًا», «excellent»). Returns undefined for anything else,
 * including numbers outside 1–5, so the question is asked again with the reason.
 */
export function parseRating(text: string): number | undefined {
  const stars = text.match(STAR)?.length ?? 0;
  const rest = normaliseForMatching(text.replace(STAR, ' ').replace(VARIATION_SELECTOR, ''));
  if (stars > 0) return rest === '' && stars <= 5 ? stars : undefined;
  const numeric = NUMERIC.exec(rest)?.[1];
  if (numeric !== undefined) return Number(numeric);
  return RATING_BY_WORD.get(rest);
}

/** Whether the person asks to skip this question («تخطي», «لا يوجد», «skip»). */
export function isSkipWord(text: string): boolean {
  return SKIP_WORDS.has(normaliseForMatching(text));
}

/** Whether the person asks to answer the survey another time («لاحقًا», «بعدين», «later»). */
export function isLaterWord(text: string): boolean {
  return LATER_WORDS.has(normaliseForMatching(text));
}
