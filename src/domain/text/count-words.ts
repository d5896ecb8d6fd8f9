import { normaliseForMatching, toLatinDigits } from './arabic-normalise';
import {
  CARDINAL_WORDS,
  HUNDREDS_WORDS,
  TEEN_CLOSERS,
  TEEN_OPENERS,
  TEEN_WORDS,
  TENS_WORDS,
  wordValues,
} from './number-words';

/*
 * Words that may stand around a count without changing it, in normalised form. The list is closed on
 * purpose: an answer such as «أنا وزوجتي و٣ أطفال» holds more than its one number, so a word the reader
 * does not know makes it give up (the form asks again) rather than store a wrong count.
 */
const FILLER_WORDS: ReadonlySet<string> = new Set([
  // "our number is", "we are", "in total", "about", "only", "the family"
  ...['عدد', 'العدد', 'عددنا', 'عددهم', 'عددهن', 'عددي', 'عدده', 'نحن', 'احنا', 'حنا', 'نحنا', 'كلنا'],
  ...['المجموع', 'مجموع', 'بالمجموع', 'الاجمالي', 'اجمالي', 'تقريبا', 'حوالي', 'بالضبط', 'فقط', 'بس', 'في'],
  ...['الاسره', 'اسره', 'العايله', 'عايله', 'العيله', 'عيله'],
  // plural counted nouns («٦ أشخاص», «ست بنات»)
  ...['افراد', 'الافراد', 'اشخاص', 'الاشخاص', 'انفار', 'انفس', 'نفوس', 'اولاد', 'الاولاد', 'بنات', 'البنات'],
  ...['اطفال', 'الاطفال', 'ابناء', 'الابناء', 'عيال', 'العيال'],
  ...[
    'we',
    'are',
    're',
    'were',
    'there',
    'is',
    's',
    'of',
    'us',
    'in',
    'total',
    'all',
    'altogether',
    'the',
    'a',
  ],
  ...[
    'an',
    'my',
    'our',
    'family',
    'household',
    'size',
    'about',
    'around',
    'approximately',
    'exactly',
    'only',
  ],
  ...['just', 'people', 'persons', 'members', 'children', 'kids', 'adults', 'individuals'],
  // amounts («٢٥٠٠ ريال», "2500 SAR")
  ...['ريال', 'ريالا', 'ريالات', 'sar', 'sr', 'riyal', 'riyals'],
]);

/** Singular counted nouns: part of a count next to it («شخص واحد», «١١ شخص»), unclear on their own. */
const SINGULAR_NOUNS: ReadonlySet<string> = new Set([
  ...['شخص', 'فرد', 'نفر', 'نفس', 'ولد', 'بنت', 'طفل', 'طفله', 'ابن', 'ابنه'],
  ...['person', 'member', 'child', 'kid', 'adult', 'individual'],
]);

/** Dual nouns: two on their own («ولدين»), or with «اثنين» beside them. */
const DUAL_NOUNS: ReadonlySet<string> = new Set([
  ...['شخصين', 'شخصان', 'فردين', 'فردان', 'نفرين', 'ولدين', 'ولدان', 'بنتين', 'بنتان', 'طفلين', 'طفلان'],
  ...['طفلتين', 'ابنين', 'ابنان', 'ابنتين', 'ابنتان'],
]);

const UNITS = wordValues(CARDINAL_WORDS);
const OPENERS = wordValues(TEEN_OPENERS);
const TEENS = wordValues(TEEN_WORDS);
const TENS = wordValues(TENS_WORDS);
const HUNDREDS = wordValues(HUNDREDS_WORDS);
const AND_WORDS: ReadonlySet<string> = new Set(['و', 'and']);
const LATIN = /^[a-z]+$/;
// «٢٬٥٠٠», "2,500": the separator goes before normalising turns it into a space between two numbers.
const THOUSANDS_SEPARATOR = /(\d)[,\u066C](?=\d{3}(?!\d))/g;
// A count is a short answer; longer text is a sentence that is not read as one.
const MAX_LENGTH = 200;

type Token =
  | { kind: 'digits' | 'unit' | 'opener' | 'teen' | 'tens' | 'hundreds'; value: number; word: string }
  | { kind: 'and' | 'dual' | 'noun' | 'filler' };

function classify(word: string): Token | undefined {
  if (/^\d+$/.test(word)) return { kind: 'digits', value: Number(word), word };
  const numberKinds = [
    ['unit', UNITS],
    ['opener', OPENERS],
    ['teen', TEENS],
    ['tens', TENS],
    ['hundreds', HUNDREDS],
  ] as const;
  for (const [kind, table] of numberKinds) {
    const value = table.get(word);
    if (value !== undefined) return { kind, value, word };
  }
  if (AND_WORDS.has(word)) return { kind: 'and' };
  if (DUAL_NOUNS.has(word)) return { kind: 'dual' };
  if (SINGULAR_NOUNS.has(word)) return { kind: 'noun' };
  if (FILLER_WORDS.has(word)) return { kind: 'filler' };
  return undefined;
}

/** The words of an answer as tokens, «و» split off the word it joins («وعشرين»); undefined at an unknown word. */
function tokenise(normalised: string): Token[] | undefined {
  const words = normalised
    .replace(/(\d)(\p{L})/gu, '$1 $2')
    .replace(/(\p{L})(\d)/gu, '$1 $2')
    .split(' ')
    .filter(Boolean);
  const tokens: Token[] = [];
  for (const word of words) {
    const token = classify(word);
    const joined = token ? undefined : word.startsWith('و') ? classify(word.slice(1)) : undefined;
    if (token) tokens.push(token);
    else if (joined && joined.kind !== 'filler') tokens.push({ kind: 'and' }, joined);
    else return undefined;
  }
  return tokens;
}

type Read = { value: number; next: number };

const valueOf = (token: Token | undefined, kind: Token['kind']): number | undefined =>
  token?.kind === kind && 'value' in token ? token.value : undefined;

/** Below a hundred in words: a teen, «ثلاثة عشر», «واحد وعشرين», "twenty one", a unit or a ten. */
function readBelowHundred(tokens: Token[], i: number): Read | undefined {
  const token = tokens[i];
  const next = tokens[i + 1];
  const teen = valueOf(token, 'teen');
  if (teen !== undefined) return { value: teen, next: i + 1 };
  const closesTeen = next?.kind === 'unit' && TEEN_CLOSERS.has(next.word);
  const opener = valueOf(token, 'opener');
  if (opener !== undefined) return closesTeen ? { value: 10 + opener, next: i + 2 } : undefined;
  const unit = valueOf(token, 'unit');
  if (unit !== undefined) {
    if (unit >= 1 && unit <= 9 && closesTeen) return { value: 10 + unit, next: i + 2 };
    const tens = valueOf(tokens[i + 2], 'tens');
    if (unit >= 1 && unit <= 9 && next?.kind === 'and' && tens !== undefined) {
      return { value: tens + unit, next: i + 3 };
    }
    return { value: unit, next: i + 1 };
  }
  const tens = valueOf(token, 'tens');
  if (tens === undefined || token?.kind !== 'tens') return undefined;
  // English puts the unit after the ten ("twenty one"); Arabic puts it first, joined by «و».
  const englishUnit = LATIN.test(token.word) && next?.kind === 'unit' ? next.value : undefined;
  if (englishUnit !== undefined && englishUnit >= 1 && englishUnit <= 9) {
    return { value: tens + englishUnit, next: i + 2 };
  }
  return { value: tens, next: i + 1 };
}

/** A number in words up to 999: hundreds («ثلاث مية», «ثلاثمائة», "one hundred"), then «و»/"and" and the rest. */
function readWords(tokens: Token[], i: number): Read | undefined {
  const unit = valueOf(tokens[i], 'unit');
  const times = valueOf(tokens[i + 1], 'hundreds') === 100 && unit !== undefined && unit >= 1 && unit <= 9;
  const hundreds = times ? (unit ?? 0) * 100 : valueOf(tokens[i], 'hundreds');
  if (hundreds === undefined) return readBelowHundred(tokens, i);
  const after = times ? i + 2 : i + 1;
  const rest =
    tokens[after]?.kind === 'and' ? readBelowHundred(tokens, after + 1) : readBelowHundred(tokens, after);
  return rest ? { value: hundreds + rest.value, next: rest.next } : { value: hundreds, next: after };
}

function readNumber(tokens: Token[], i: number): Read | undefined {
  const digits = valueOf(tokens[i], 'digits');
  if (digits !== undefined) return Number.isSafeInteger(digits) ? { value: digits, next: i + 1 } : undefined;
  return readWords(tokens, i);
}

const STARTS_NUMBER: ReadonlySet<Token['kind']> = new Set([
  'digits',
  'unit',
  'opener',
  'teen',
  'tens',
  'hundreds',
]);

/**
 * Reads a count as people answer "how many": digits in any script or number words up to 999 in Arabic
 * (standard, feminine, Gulf/Levantine/Egyptian spellings) or English, with or without a counted noun
 * before or after (`٦ أشخاص`, `ستة أفراد`, `عددنا سبعة`, `six persons`), a dual noun alone (`ولدين` → 2),
 * a singular noun with «واحد» (`شخص واحد` → 1).
 *
 * Returns `undefined` unless the answer holds exactly one count and nothing it cannot read: no number,
 * two numbers (`٣ أو ٤`, `ولدين و٣ بنات`), a fraction (`ربع`), a vague plural (`عشرات`), a bare singular
 * noun (`بنت`). Decimals are for the caller: `2.5` reads as the two numbers 2 and 5, so undefined.
 */
export function parseCount(text: string): number | undefined {
  const normalised = normaliseForMatching(toLatinDigits(text).replace(THOUSANDS_SEPARATOR, '$1'));
  if (normalised.length > MAX_LENGTH) return undefined;
  const tokens = tokenise(normalised);
  if (!tokens) return undefined;

  const numbers: Array<Read & { start: number }> = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!STARTS_NUMBER.has(tokens[i]!.kind)) continue;
    const read = readNumber(tokens, i);
    if (!read) return undefined;
    numbers.push({ ...read, start: i });
    i = read.next - 1;
  }
  const beside = (at: number) => numbers.find((n) => n.next === at || n.start === at + 1);

  const counts = numbers.map((n) => n.value);
  for (const [at, token] of tokens.entries()) {
    const number = beside(at);
    // A singular noun is part of the count beside it («شخص واحد», «١١ شخص»); alone it says nothing clear.
    if (token.kind === 'noun' && !number) return undefined;
    if (token.kind !== 'dual') continue;
    // «شخصين اثنين» says two once; «ولدين ٣» is not a count.
    if (!number) counts.push(2);
    else if (number.value !== 2) return undefined;
  }
  return counts.length === 1 ? counts[0] : undefined;
}
