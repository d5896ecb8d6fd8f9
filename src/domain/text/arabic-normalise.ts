/**
 * Arabic text normalisation for matching (menu answers, FAQ keywords, service names).
 *
 * The result is only ever compared, never shown or stored: people type the same word with or without
 * hamza, tashkeel, tatweel, Persian keyboard letters or Arabic-Indic digits, and all of those must meet.
 */

// Invisible formatting characters that phones and copy-paste slip into messages: ALM, ZWSP, ZWNJ, ZWJ,
// LRM, RLM, the embeddings/overrides, the isolates and the BOM.
const INVISIBLE_CONTROLS = /[\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

// Only the bidi controls (plus ZWSP and BOM, which carry nothing visible). ZWNJ and ZWJ stay: they
// join emoji sequences (👨‍👩‍👧) and shape Persian/Arabic letters, so removing them changes what is shown.
const BIDI_CONTROLS = /[\u061C\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

// Tashkeel and superscript alef, Quranic annotation marks, and tatweel (kashida): decoration, not spelling.
const MARKS = /[\u064B-\u065F\u0670\u0610-\u061A\u06D6-\u06ED\u0640]/g;

/** Letters people write interchangeably (hamza seats, alef maqsura, taa marbuta, Persian keyboard forms). */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  '\u0622': '\u0627', // آ → ا
  '\u0623': '\u0627', // أ → ا
  '\u0625': '\u0627', // إ → ا
  '\u0671': '\u0627', // ٱ → ا
  '\u0649': '\u064A', // ى → ي
  '\u06CC': '\u064A', // ی (Persian yeh) → ي
  '\u0629': '\u0647', // ة → ه
  '\u0624': '\u0648', // ؤ → و
  '\u0626': '\u064A', // ئ → ي
  '\u06A9': '\u0643', // ک (Persian keheh) → ك
};
const LETTERS_TO_FOLD = /[\u0622\u0623\u0625\u0671\u0649\u06CC\u0629\u0624\u0626\u06A9]/g;

// ٠–٩ (Arabic-Indic) and ۰–۹ (Persian/Urdu): `Number('١')` is NaN and /\d/ misses them.
const EASTERN_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

// Arabic comma, semicolon and question mark, the ASCII punctuation people wrap answers in ("2.", "(3)"),
// and the quotation marks Arabic text uses (« » “ ” ‘ ’).
const PUNCTUATION = /[\u060C\u061B\u061F.,!?;:()[\]"'\-«»“”‘’]/g;

const WHITESPACE_RUN = /\s+/g;

const EASTERN_DIGIT_LIST = [0x660, 0x6f0].map((first) =>
  Array.from({ length: 10 }, (_, i) => String.fromCodePoint(first + i)).join(''),
);

/**
 * The same folds as data, for matching where this code cannot run (the console's search, in SQL):
 * `removed` and `punctuation` are regular expressions (POSIX ARE reads them as JavaScript does),
 * `from`/`to` a one-to-one letter and digit mapping. Only NFKC and Unicode lower case are left out.
 */
export const MATCHING_FOLDS = {
  removed: `${INVISIBLE_CONTROLS.source}|${MARKS.source}`,
  from: Object.keys(LETTER_FOLDS).join('') + EASTERN_DIGIT_LIST.join(''),
  to: Object.values(LETTER_FOLDS).join('') + '0123456789'.repeat(EASTERN_DIGIT_LIST.length),
  punctuation: PUNCTUATION.source,
} as const;

/** Removes the invisible bidi controls from incoming text that is kept for display (see DOMAIN.md). */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** Converts Arabic-Indic (٠–٩) and Persian (۰–۹) digits to ASCII 0–9 and changes nothing else. */
export function toLatinDigits(text: string): string {
  return text.replace(EASTERN_DIGITS, (digit) => String((digit.codePointAt(0) ?? 0) & 0xf));
}

/**
 * Folds text into the form used for matching, as DOMAIN.md specifies: NFKC, invisible controls removed,
 * tashkeel/Quranic marks/tatweel removed, letter variants folded, digits to ASCII, punctuation to spaces,
 * lower case, spaces collapsed and trimmed. Never throws; idempotent.
 *
 * @example normaliseForMatching('إِسْتِفْسَار ١.') === 'استفسار 1'
 */
export function normaliseForMatching(text: string): string {
  const folded = toLatinDigits(
    text
      .normalize('NFKC')
      .replace(INVISIBLE_CONTROLS, '')
      .replace(MARKS, '')
      .replace(LETTERS_TO_FOLD, (letter) => LETTER_FOLDS[letter] ?? letter),
  )
    .toLowerCase()
    .replace(PUNCTUATION, ' ');
  // Removing characters can bring a base letter next to a combining mark that was separated from it
  // (e.g. "e" + ZWSP + U+0301); composing once more keeps the function idempotent.
  return folded.normalize('NFKC').replace(WHITESPACE_RUN, ' ').trim();
}
