/*
 * Number words people type, as language data shared by the menu-answer reader (arabic-numbers.ts) and
 * the count reader (count-words.ts). Every entry is written in its normalised form (hamza seats folded
 * to ا, ة → ه, ى → ي, lower case) because it is compared with normaliseForMatching output. Masculine,
 * feminine and the common Gulf, Hijazi, Levantine and Egyptian spellings are all listed.
 */

type WordTable = ReadonlyArray<readonly [number, readonly string[]]>;

/** Zero to ten, Arabic and English: words that are a number on their own. */
export const CARDINAL_WORDS: WordTable = [
  [0, ['صفر', 'zero']],
  [1, ['واحد', 'واحده', 'احد', 'وحده', 'one']],
  [2, ['اثنين', 'اثنان', 'اتنين', 'اثنتين', 'اثنتان', 'ثنتين', 'ثنتان', 'two']],
  [3, ['ثلاثه', 'ثلاث', 'تلاته', 'تلات', 'three']],
  [4, ['اربعه', 'اربع', 'four']],
  [5, ['خمسه', 'خمس', 'five']],
  [6, ['سته', 'ست', 'six']],
  [7, ['سبعه', 'سبع', 'seven']],
  [8, ['ثمانيه', 'ثماني', 'ثمان', 'تمانيه', 'تمان', 'ثمنيه', 'تمنيه', 'eight']],
  [9, ['تسعه', 'تسع', 'nine']],
  [10, ['عشره', 'عشر', 'ten']],
];

/**
 * Forms of one and two that only open a compound teen ("إحدى عشرة", "اثنا عشر", "اثنتي عشرة"); the
 * cardinals one to nine open one too ("ثلاثة عشر", "تسع عشرة").
 */
export const TEEN_OPENERS: WordTable = [
  [1, ['احدي']],
  [2, ['اثنا', 'اثني', 'اثنتا', 'اثنتي']],
];

/** The second word of a compound teen: «عشر» or «عشرة». */
export const TEEN_CLOSERS: ReadonlySet<string> = new Set(['عشر', 'عشره']);

/** Eleven to nineteen written as one word: the spoken forms, and the English teens. */
export const TEEN_WORDS: WordTable = [
  [11, ['حدعش', 'احدعش', 'حداشر', 'احداشر', 'احدعشر', 'eleven']],
  [12, ['اطنعش', 'طنعش', 'اثنعش', 'ثنعش', 'اتنعش', 'اتناشر', 'اثناشر', 'اطناشر', 'اثناعشر', 'twelve']],
  [13, ['ثلطعش', 'تلطعش', 'ثلتعش', 'تلتعش', 'ثلاثطعش', 'تلتاشر', 'تلطاشر', 'ثلاثعشر', 'thirteen']],
  [14, ['اربعطعش', 'اربعتعش', 'ربعطعش', 'اربعتاشر', 'اربعطاشر', 'اربععشر', 'fourteen']],
  [15, ['خمسطعش', 'خمستعش', 'خمستاشر', 'خمسطاشر', 'خمسعشر', 'fifteen']],
  [16, ['سطعش', 'ستعش', 'ستطعش', 'ستاشر', 'سطاشر', 'ستعشر', 'sixteen']],
  [17, ['سبعطعش', 'سبعتعش', 'سبعتاشر', 'سبعطاشر', 'سبععشر', 'seventeen']],
  [18, ['ثمنطعش', 'تمنطعش', 'ثمانطعش', 'ثمنتعش', 'تمنتعش', 'تمنتاشر', 'تمنطاشر', 'ثمانعشر', 'eighteen']],
  [19, ['تسعطعش', 'تسعتعش', 'تسعتاشر', 'تسعطاشر', 'تسععشر', 'nineteen']],
];

/** Twenty to ninety: Arabic nominative and oblique forms, spoken forms, English. */
export const TENS_WORDS: WordTable = [
  [20, ['عشرين', 'عشرون', 'twenty']],
  [30, ['ثلاثين', 'ثلاثون', 'تلاتين', 'thirty']],
  [40, ['اربعين', 'اربعون', 'forty', 'fourty']],
  [50, ['خمسين', 'خمسون', 'fifty']],
  [60, ['ستين', 'ستون', 'sixty']],
  [70, ['سبعين', 'سبعون', 'seventy']],
  [80, ['ثمانين', 'ثمانون', 'تمانين', 'eighty']],
  [90, ['تسعين', 'تسعون', 'ninety']],
];

/**
 * Whole hundreds as one word: «مائة» (normalised مايه), «مئة»/«مية» (ميه), the duals, and the joined
 * «ثلاثمائة» … «تسعمائة» with their spoken forms. «ربع» alone is a quarter, so it only appears joined.
 */
export const HUNDREDS_WORDS: WordTable = [
  [100, ['مايه', 'ميه', 'hundred']],
  [200, ['مايتين', 'مايتان', 'ميتين', 'ميتان']],
  [300, ['ثلاثمايه', 'ثلاثميه', 'ثلثمايه', 'تلاتميه', 'تلتميه']],
  [400, ['اربعمايه', 'اربعميه', 'ربعميه']],
  [500, ['خمسمايه', 'خمسميه']],
  [600, ['ستمايه', 'ستميه']],
  [700, ['سبعمايه', 'سبعميه']],
  [800, ['ثمانمايه', 'ثمانيمايه', 'ثمانميه', 'تمنميه', 'تمانميه']],
  [900, ['تسعمايه', 'تسعميه']],
];

/** Looks words up by their spelling. */
export function wordValues(...tables: WordTable[]): ReadonlyMap<string, number> {
  return new Map(
    tables.flatMap((table) => table.flatMap(([value, words]) => words.map((w) => [w, value] as const))),
  );
}
