import fc from 'fast-check';
import { parseCount } from '../../../src/domain/text/count-words';

/** Expects each text to read as its count, naming the text when one does not. */
function expectCounts(samples: ReadonlyArray<readonly [string, number]>): void {
  for (const [text, count] of samples) expect([text, parseCount(text)]).toEqual([text, count]);
}

function expectRefused(texts: readonly string[]): void {
  for (const text of texts)
    expect([text.slice(0, 30), parseCount(text)]).toEqual([text.slice(0, 30), undefined]);
}

const toScript = (n: number, zero: number) =>
  String(n).replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));

describe('parseCount', () => {
  it('reads digits in every script', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(0x30, 0x660, 0x6f0), (n, zero) => {
        expect(parseCount(toScript(n, zero))).toBe(n);
      }),
    );
  });

  it('reads Arabic one to ten, masculine and feminine, with or without hamza and taa marbuta', () => {
    expectCounts([
      ['واحد', 1],
      ['واحدة', 1],
      ['وحده', 1],
      ['اثنين', 2],
      ['اثنان', 2],
      ['إثنين', 2],
      ['اثنتين', 2],
      ['ثنتين', 2],
      ['اتنين', 2],
      ['ثلاث', 3],
      ['ثلاثة', 3],
      ['ثلاثه', 3],
      ['تلاته', 3],
      ['اربع', 4],
      ['أربعة', 4],
      ['خمس', 5],
      ['خمسة', 5],
      ['ست', 6],
      ['ستة', 6],
      ['سبع', 7],
      ['سبعة', 7],
      ['ثمان', 8],
      ['ثماني', 8],
      ['ثمانية', 8],
      ['تمانية', 8],
      ['تسع', 9],
      ['تسعة', 9],
      ['عشر', 10],
      ['عشرة', 10],
      ['صفر', 0],
    ]);
  });

  it('reads Arabic eleven to nineteen, formal and spoken', () => {
    expectCounts([
      ['أحد عشر', 11],
      ['إحدى عشرة', 11],
      ['حدعش', 11],
      ['احداشر', 11],
      ['اثنا عشر', 12],
      ['اثني عشر', 12],
      ['اثنتا عشرة', 12],
      ['اثنتي عشرة', 12],
      ['اطنعش', 12],
      ['اتناشر', 12],
      ['ثلاثة عشر', 13],
      ['ثلاث عشرة', 13],
      ['ثلطعش', 13],
      ['تلتاشر', 13],
      ['أربعة عشر', 14],
      ['اربعطعش', 14],
      ['خمسة عشر', 15],
      ['خمسطعش', 15],
      ['ستة عشر', 16],
      ['ست عشرة', 16],
      ['سطعش', 16],
      ['ستاشر', 16],
      ['سبعة عشر', 17],
      ['سبعطعش', 17],
      ['ثمانية عشر', 18],
      ['ثماني عشرة', 18],
      ['ثمنطعش', 18],
      ['تسعة عشر', 19],
      ['تسع عشرة', 19],
      ['تسعطعش', 19],
    ]);
  });

  it('reads Arabic tens, compounds with «و» joined or apart, and hundreds', () => {
    expectCounts([
      ['عشرين', 20],
      ['عشرون', 20],
      ['واحد وعشرين', 21],
      ['واحد و عشرين', 21],
      ['خمسة وعشرون', 25],
      ['ثلاثين', 30],
      ['تسعة وتسعين', 99],
      ['مائة', 100],
      ['مية', 100],
      ['مئة وخمسة', 105],
      ['مية وعشرين', 120],
      ['مائتين', 200],
      ['ثلاثمائة', 300],
      ['ثلاث مية', 300],
      ['ثلاثمائة وخمسة وعشرين', 325],
      ['ربعمية', 400],
    ]);
  });

  it('reads English one to twenty, tens with or without a hyphen, and hundreds', () => {
    const words = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven'];
    const teens = [
      'twelve',
      'thirteen',
      'fourteen',
      'fifteen',
      'sixteen',
      'seventeen',
      'eighteen',
      'nineteen',
    ];
    [...words, ...teens, 'twenty'].forEach((word, i) =>
      expect([word, parseCount(word)]).toEqual([word, i + 1]),
    );
    expectCounts([
      ['Six', 6],
      ['TWELVE', 12],
      ['twenty-one', 21],
      ['twenty one', 21],
      ['Forty-Two', 42],
      ['ninety nine', 99],
      ['a hundred', 100],
      ['one hundred and five', 105],
      ['two hundred twenty', 220],
    ]);
  });

  it('reads a count with a counted noun or a few words around it, in either order', () => {
    expectCounts([
      ['٦ أشخاص', 6],
      ['6أشخاص', 6],
      ['ستة أفراد', 6],
      ['ست بنات', 6],
      ['عددنا سبعة', 7],
      ['نحن خمسة', 5],
      ['احنا ٥ افراد', 5],
      ['عدد أفراد الأسرة ٨', 8],
      ['١١ شخص', 11],
      ['تقريبا ٤', 4],
      ['6 people', 6],
      ['six persons', 6],
      ['We are 5', 5],
      ['there are seven of us', 7],
      ['a family of six', 6],
      ['٢٥٠٠ ريال', 2500],
      ['2,500 SAR', 2500],
      ['١٬٢٠٠ ريال', 1200],
    ]);
  });

  it('reads a dual noun alone as two, and a singular noun with «واحد» as one', () => {
    expectCounts([
      ['ولدين', 2],
      ['طفلين', 2],
      ['بنتين', 2],
      ['شخصين', 2],
      ['فردين', 2],
      ['شخصين اثنين', 2],
      ['شخص واحد', 1],
      ['فرد واحد', 1],
      ['بنت وحده', 1],
      ['one person', 1],
    ]);
  });

  it('refuses text with no count in it', () => {
    expectRefused(['', '   ', 'مرحبا', 'hello', 'كثير', 'عائلة كبيرة', '👍', 'لا أعرف', 'many']);
  });

  it('refuses two counts in one answer, even the same one twice', () => {
    expectRefused([
      '٣ أو ٤',
      '3 or 4',
      '٣ ٤',
      '3 4',
      'ثلاثة أربعة',
      'three four',
      '٣-٤',
      '1,2',
      '1,20 ريال',
      'ولدين و٣ بنات',
      'ولدين وبنتين',
      '٢ و٢',
      'عشرين خمسة',
      'شخصين ثلاثة',
    ]);
  });

  it('refuses fractions, vague plurals, a bare singular noun and words it does not know', () => {
    expectRefused([
      'ربع',
      'نص',
      'اربعة ونص',
      'four and a half',
      'عشرات',
      'عشرات الأشخاص',
      'بنت',
      'ولد وبنت',
      '٣ أولاد وبنت',
      'أنا وزوجتي و٣ أطفال',
      'أكثر من ٥',
      'more than 5',
      'اثنا',
      'إحدى',
      'الثالث',
      'third',
    ]);
  });

  it('leaves decimals and huge numbers to the caller: it never rounds one', () => {
    expectRefused(['2.5', '٢٫٥ أشخاص', '99999999999999999999', '٢'.repeat(300), 'خمسة '.repeat(100)]);
  });

  it('never throws and returns a non-negative safe integer or undefined', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
        const value = parseCount(text);
        if (value !== undefined) {
          expect(Number.isSafeInteger(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
