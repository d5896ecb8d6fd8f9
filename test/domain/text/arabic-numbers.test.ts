import fc from 'fast-check';
import { parseChoiceNumber } from '../../../src/domain/text/arabic-numbers';

describe('parseChoiceNumber', () => {
  it('reads every menu-answer form listed in DOMAIN.md', () => {
    const samples: Array<[string, number]> = [
      ['١', 1],
      ['1', 1],
      ['۱', 1],
      ['1️⃣', 1],
      ['٢.', 2],
      ['3)', 3],
      ['(4)', 4],
      ['رقم ٢', 2],
      ['اثنين', 2],
      ['الأول', 1],
    ];
    for (const [text, expected] of samples) expect([text, parseChoiceNumber(text)]).toEqual([text, expected]);
  });

  it('reads keycap emoji, with or without the variation selector, and 🔟', () => {
    const keycaps = ['0️⃣', '1️⃣', '2️⃣', '3️⃣', '4️⃣', '5️⃣', '6️⃣', '7️⃣', '8️⃣', '9️⃣'];
    keycaps.forEach((keycap, digit) => expect(parseChoiceNumber(keycap)).toBe(digit));
    expect(parseChoiceNumber('2\u20E3')).toBe(2);
    expect(parseChoiceNumber('🔟')).toBe(10);
    expect(parseChoiceNumber('1️⃣2️⃣')).toBe(12);
    expect(parseChoiceNumber(' 3️⃣ ')).toBe(3);
  });

  it('reads prefixed answers in Arabic and English', () => {
    const samples: Array<[string, number]> = [
      ['رقم ٣', 3],
      ['الرقم 3', 3],
      ['رقم: ٥', 5],
      ['الخيار الثاني', 2],
      ['خيار 4', 4],
      ['number 2', 2],
      ['Number 7', 7],
      ['no. 2', 2],
      ['No.2', 2],
      ['num 6', 6],
      ['option 3', 3],
      ['choice two', 2],
      ['#3', 3],
      ['2nd', 2],
      ['10th', 10],
    ];
    for (const [text, expected] of samples) expect([text, parseChoiceNumber(text)]).toEqual([text, expected]);
  });

  it('reads Arabic cardinal words with or without hamza and taa marbuta', () => {
    const words: Array<[number, string[]]> = [
      [1, ['واحد', 'واحدة', 'واحده', 'أحد', 'احد']],
      [2, ['اثنين', 'إثنين', 'اثنان', 'إثنان', 'اتنين', 'اثنتين']],
      [3, ['ثلاثة', 'ثلاثه', 'ثلاث']],
      [4, ['أربعة', 'اربعه', 'أربع']],
      [5, ['خمسة', 'خمسه', 'خمس']],
      [6, ['ستة', 'سته', 'ست']],
      [7, ['سبعة', 'سبعه']],
      [8, ['ثمانية', 'ثمانيه', 'ثمان']],
      [9, ['تسعة', 'تسعه']],
      [10, ['عشرة', 'عشره']],
    ];
    for (const [value, spellings] of words) {
      for (const word of spellings) expect([word, parseChoiceNumber(word)]).toEqual([word, value]);
    }
  });

  it('reads Arabic ordinals, also with tashkeel and Persian yeh', () => {
    const ordinals: Array<[number, string[]]> = [
      [1, ['الأول', 'الاول', 'أول', 'الأولى', 'الاولى', 'الأوَّل', 'الاولی']],
      [2, ['الثاني', 'الثانية', 'الثانيه']],
      [3, ['الثالث', 'الثالثة']],
      [4, ['الرابع']],
      [5, ['الخامس']],
      [6, ['السادس']],
      [7, ['السابع']],
      [8, ['الثامن']],
      [9, ['التاسع']],
      [10, ['العاشر']],
    ];
    for (const [value, spellings] of ordinals) {
      for (const word of spellings) expect([word, parseChoiceNumber(word)]).toEqual([word, value]);
    }
  });

  it('reads English words one..ten and first..tenth in any case', () => {
    const cardinals = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
    const ordinals = [
      'first',
      'second',
      'third',
      'fourth',
      'fifth',
      'sixth',
      'seventh',
      'eighth',
      'ninth',
      'tenth',
    ];
    cardinals.forEach((word, i) => expect(parseChoiceNumber(word)).toBe(i + 1));
    ordinals.forEach((word, i) => expect(parseChoiceNumber(word)).toBe(i + 1));
    expect(parseChoiceNumber('THREE')).toBe(3);
    expect(parseChoiceNumber('Second.')).toBe(2);
  });

  it('reads answers wrapped in invisible controls and extra punctuation', () => {
    expect(parseChoiceNumber('\u200F٢\u200F')).toBe(2);
    expect(parseChoiceNumber('\u2066 3 \u2069')).toBe(3);
    expect(parseChoiceNumber('٢؟')).toBe(2);
    expect(parseChoiceNumber('  ٤ - ')).toBe(4);
    expect(parseChoiceNumber('[5]')).toBe(5);
  });

  it('reads multi-digit numbers and leaves the range check to the caller', () => {
    expect(parseChoiceNumber('١٢')).toBe(12);
    expect(parseChoiceNumber('0')).toBe(0);
    expect(parseChoiceNumber('صفر')).toBe(0);
    expect(parseChoiceNumber('007')).toBe(7);
    expect(parseChoiceNumber('١٢٣٤٥٦٧٨٩٧')).toBe(1234567897);
  });

  it('returns undefined for anything that is not clearly one number', () => {
    const rejected = [
      '',
      '   ',
      'hello',
      'مرحبا',
      '12 apples',
      '1 2',
      '١ و ٢',
      '1,2',
      '2.5',
      'واحد اثنين',
      'one two',
      'رقم',
      'no',
      'number',
      'رقم رقم',
      'no 2 please',
      'أريد الثاني',
      '👍',
      '#️⃣',
      '99999999999999999999',
      '٢'.repeat(10_000),
      'مرحبا '.repeat(2000),
    ];
    for (const text of rejected)
      expect([text.slice(0, 20), parseChoiceNumber(text)]).toEqual([text.slice(0, 20), undefined]);
  });

  it('reads any number in any digit script and common wrapping', () => {
    const toScript = (n: number, zero: number) =>
      String(n).replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
    const wrappings = [
      (s: string) => s,
      (s: string) => `${s}.`,
      (s: string) => `${s})`,
      (s: string) => `(${s})`,
      (s: string) => `رقم ${s}`,
      (s: string) => ` number ${s} `,
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom(0x30, 0x660, 0x6f0),
        fc.constantFrom(...wrappings),
        (n, zero, wrap) => {
          expect(parseChoiceNumber(wrap(toScript(n, zero)))).toBe(n);
        },
      ),
    );
  });

  it('never throws and only ever returns a non-negative safe integer or undefined', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
        const value = parseChoiceNumber(text);
        if (value !== undefined) {
          expect(Number.isSafeInteger(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
