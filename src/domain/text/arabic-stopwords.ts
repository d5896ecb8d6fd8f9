/**
 * Words too common to tell one question from another (matching data, normalised form).
 * Kept short on purpose: a question word that carries meaning ("كيف" how, "متى" when) stays.
 */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'ما',
  'ماهي',
  'ماهو',
  'هي',
  'هو',
  'هل',
  'في',
  'من',
  'الي',
  'علي',
  'عن',
  'او',
  'و',
  'ان',
  'يا',
  'لو',
  'مع',
  'انا',
  'لي',
  'عندي',
  'ابي',
  'ابغي',
  'اريد',
  'ممكن',
  'لكم',
  'عندكم',
  'الجمعيه',
  'هذا',
  'هذه',
  'ذلك',
  // Saudi and Gulf everyday words that ask nothing themselves («وش الشروط عشان اسجل»).
  'وش',
  'ايش',
  'شو',
  'عشان',
  'علشان',
  'اللي',
  'يعني',
  'الحين',
  'ودي',
  'ابا',
  'ابغا',
  'بغيت',
  'حق',
  'حقي',
  'فيه',
  'تكفون',
  'what',
  'is',
  'are',
  'the',
  'a',
  'an',
  'of',
  'for',
  'to',
  'in',
  'on',
  'do',
  'does',
  'i',
  'you',
  'can',
  'how',
  'my',
  'me',
  'please',
  'your',
  'with',
  'and',
  'or',
  'it',
  'be',
  'want',
  'need',
  'about',
]);

/** Light prefix/suffix stripping so "المساعدات", "مساعده" and "بالمساعده" meet on one stem. */
const PREFIXES = ['وبال', 'وال', 'بال', 'كال', 'فال', 'لل', 'ال', 'و', 'ب'];
const SUFFIXES = ['ات', 'ون', 'ين', 'ها', 'هم', 'كم', 'ه', 'ي'];

export function lightStem(word: string): string {
  let w = word;
  for (const p of PREFIXES) {
    if (w.startsWith(p) && w.length - p.length >= 3) {
      w = w.slice(p.length);
      break;
    }
  }
  for (const s of SUFFIXES) {
    if (w.endsWith(s) && w.length - s.length >= 3) {
      w = w.slice(0, -s.length);
      break;
    }
  }
  // English plural "s" (requests → request), kept simple.
  if (/^[a-z]{4,}s$/.test(w)) w = w.slice(0, -1);
  return w;
}
