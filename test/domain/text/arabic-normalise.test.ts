import fc from 'fast-check';
import {
  normaliseForMatching,
  stripBidiControls,
  toLatinDigits,
} from '../../../src/domain/text/arabic-normalise';

const INVISIBLE = [
  '\u061C',
  '\u200B',
  '\u200C',
  '\u200D',
  '\u200E',
  '\u200F',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\uFEFF',
];

/** Characters the normaliser treats specially, mixed with ordinary letters, so generated text hits every rule. */
const interestingChar = fc.oneof(
  fc.constantFrom(
    ...INVISIBLE,
    ...'آأإٱىیةؤئکاويهك٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹،؛؟.,!?;:()[]"\'-«»“”‘’ \t\n\u00A0\u3000',
    '\u064B',
    '\u0650',
    '\u0651',
    '\u0652',
    '\u0653',
    '\u0654',
    '\u0655',
    '\u0670',
    '\u0610',
    '\u06D6',
    '\u06ED',
    '\u0640',
    '\u0301',
    '\u0307',
    '\u0338',
    'ﻻ',
    'ﷲ',
    'ﭐ',
    'Ａ',
    '１',
    '´',
    'İ',
    'ẞ',
    'Σ',
    'K',
    '1️⃣',
    '👨‍👩‍👧',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const messyText = fc.string({ unit: interestingChar, maxLength: 40 });

describe('normaliseForMatching', () => {
  it('makes the spellings people really use for one word meet', () => {
    const variants = [
      ['استفسار', 'إستفسار', 'اِسْتِفْسَار', 'استفســـار', '\u200Fاستفسار\u200F'],
      ['جمعيه', 'جمعية', 'جَمْعِيَّة'],
      ['مستشفي', 'مستشفى', 'مستشفی'],
      ['مسوول', 'مسؤول'],
      ['رييس', 'رئيس'],
      ['كتاب', 'کتاب'],
      ['الاول', 'الأول', 'الأوَّل', 'ٱلْأَوَّلُ'],
      ['اخر', 'آخر'],
    ];
    for (const [canonical, ...others] of variants) {
      for (const variant of others) expect(normaliseForMatching(variant)).toBe(canonical);
    }
  });

  it('applies NFKC first, so presentation forms and full-width text become ordinary letters', () => {
    expect(normaliseForMatching('ﻻ')).toBe('لا');
    expect(normaliseForMatching('ﷲ')).toBe('الله');
    expect(normaliseForMatching('ﭐﻟﺮﺣﻤﻦ')).toBe('الرحمن');
    expect(normaliseForMatching('ＦＡＱ １')).toBe('faq 1');
  });

  it('removes every invisible control listed in DOMAIN.md', () => {
    for (const control of INVISIBLE) expect(normaliseForMatching(`طل${control}ب`)).toBe('طلب');
  });

  it('removes tashkeel, superscript alef, Quranic marks and tatweel', () => {
    expect(normaliseForMatching('مُحَمَّدٌ')).toBe('محمد');
    expect(normaliseForMatching('الرَّحْمَٰنِ')).toBe('الرحمن');
    // Superscript alef is removed, not turned into ا (DOMAIN.md): Quranic spelling stays Quranic.
    expect(normaliseForMatching('ذَٰلِكَ ٱلْكِتَٰبُ لَا رَيْبَ ۛ فِيهِ ۛ هُدًى')).toBe('ذلك الكتب لا ريب فيه هدي');
    expect(normaliseForMatching('\u0610ص\u061A')).toBe('ص');
    expect(normaliseForMatching('مـــرحـبـا')).toBe('مرحبا');
  });

  it('folds the letters DOMAIN.md lists and no others', () => {
    const folds: Array<[string, string]> = [
      ['آ', 'ا'],
      ['أ', 'ا'],
      ['إ', 'ا'],
      ['ٱ', 'ا'],
      ['ى', 'ي'],
      ['ی', 'ي'],
      ['ة', 'ه'],
      ['ؤ', 'و'],
      ['ئ', 'ي'],
      ['ک', 'ك'],
    ];
    for (const [from, to] of folds) expect(normaliseForMatching(from)).toBe(to);
    // Similar-looking letters with their own meaning stay apart.
    expect(normaliseForMatching('ه ت ء')).toBe('ه ت ء');
  });

  it('turns Arabic-Indic and Persian digits into ASCII digits', () => {
    expect(normaliseForMatching('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
    expect(normaliseForMatching('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
    expect(normaliseForMatching('رقم ٤٥ و ۶۷')).toBe('رقم 45 و 67');
  });

  it('turns Arabic and Latin punctuation into single spaces and trims', () => {
    expect(normaliseForMatching('نعم،لا؛ربما؟')).toBe('نعم لا ربما');
    expect(normaliseForMatching('  (٣)  ')).toBe('3');
    expect(normaliseForMatching('"yes"! [no]; maybe: it\'s - ok.')).toBe('yes no maybe it s ok');
    expect(normaliseForMatching('«المساعدات»')).toBe('المساعدات');
    expect(normaliseForMatching('مرحبا\n\n\tبكم\u00A0\u00A0يا')).toBe('مرحبا بكم يا');
  });

  it('lower-cases Latin and keeps mixed-script text in order', () => {
    expect(normaliseForMatching('طلب REQ-2025-0042 رقم ٤٥')).toBe('طلب req 2025 0042 رقم 45');
    expect(normaliseForMatching('Food Basket سلة غذائية')).toBe('food basket سله غذاييه');
  });

  it('keeps emoji that carry meaning (👍, keycaps) while dropping the joiners between them', () => {
    expect(normaliseForMatching('👍 شكرا')).toBe('👍 شكرا');
    expect(normaliseForMatching('1️⃣')).toBe('1\uFE0F\u20E3');
    expect(normaliseForMatching('👨‍👩‍👧')).toBe('👨👩👧');
  });

  it('gives an empty string for empty, blank or invisible-only text', () => {
    expect(normaliseForMatching('')).toBe('');
    expect(normaliseForMatching(' \t\n ')).toBe('');
    expect(normaliseForMatching('\u200F\u2066\u2069\uFEFF')).toBe('');
    expect(normaliseForMatching('ـــ ؟،')).toBe('');
  });

  it('handles a 10,000-character message completely', () => {
    const long = 'مَرْحَبا، '.repeat(1000);
    expect(long.length).toBe(10_000);
    expect(normaliseForMatching(long)).toBe(Array(1000).fill('مرحبا').join(' '));
  });

  it('composes a mark separated from its letter by an invisible control (idempotence counter-example)', () => {
    expect(normaliseForMatching('cafe\u200B\u0301')).toBe('café');
  });

  it('is idempotent and never throws, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(messyText, fc.string({ unit: 'binary' })), (text) => {
        const once = normaliseForMatching(text);
        expect(normaliseForMatching(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('never leaves controls, marks, eastern digits, ASCII capitals or loose spaces', () => {
    fc.assert(
      fc.property(messyText, (text) => {
        const out = normaliseForMatching(text);
        expect(out).not.toMatch(/[\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/);
        expect(out).not.toMatch(/[\u064B-\u065F\u0670\u0610-\u061A\u06D6-\u06ED\u0640]/);
        expect(out).not.toMatch(/[\u0660-\u0669\u06F0-\u06F9آأإٱىیةؤئک،؛؟A-Z]/);
        expect(out).not.toMatch(/^\s|\s$|\s\s/);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('stripBidiControls', () => {
  it('removes bidi controls from text kept for display and leaves everything visible untouched', () => {
    expect(stripBidiControls('\u2066REQ-1\u2069 \u200Fمُحَمَّد\u202B أحمد\u202C\u061C')).toBe('REQ-1 مُحَمَّد أحمد');
    expect(stripBidiControls('\uFEFFسلام\u200B')).toBe('سلام');
  });

  it('keeps ZWJ and ZWNJ, which join emoji and shape letters the person typed', () => {
    expect(stripBidiControls('👨‍👩‍👧')).toBe('👨‍👩‍👧');
    expect(stripBidiControls('می‌خواهم')).toBe('می‌خواهم');
  });

  it('does not fold letters, digits or punctuation', () => {
    expect(stripBidiControls('إستفسار ٣؟')).toBe('إستفسار ٣؟');
    expect(stripBidiControls('')).toBe('');
  });
});

describe('toLatinDigits', () => {
  it('converts both eastern digit sets and nothing else', () => {
    expect(toLatinDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
    expect(toLatinDigits('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
    expect(toLatinDigits('رقمي ٠٥٠ - أَحمد، 77')).toBe('رقمي 050 - أَحمد، 77');
    expect(toLatinDigits('')).toBe('');
  });

  it('makes Number() read what Number() cannot read otherwise', () => {
    expect(Number('١٢')).toBeNaN();
    expect(Number(toLatinDigits('١٢'))).toBe(12);
  });
});
