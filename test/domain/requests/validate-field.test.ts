import { validateField, type FieldRule } from '../../../src/domain/requests/validate-field';

const familySize: FieldRule = { type: 'number', min: 1, max: 12 };
const rent: FieldRule = { type: 'number', min: 100, max: 20000 };

describe('validateField for a number', () => {
  it('takes digits, decimals and thousands separators as before', () => {
    expect(validateField(familySize, '٥', undefined)).toEqual({ ok: true, value: 5 });
    expect(validateField(familySize, '2.5', undefined)).toEqual({ ok: true, value: 2.5 });
    expect(validateField(familySize, '٢٫٥', undefined)).toEqual({ ok: true, value: 2.5 });
    expect(validateField(rent, '2,500', undefined)).toEqual({ ok: true, value: 2500 });
    expect(validateField(rent, '٢٬٥٠٠', undefined)).toEqual({ ok: true, value: 2500 });
    expect(validateField(rent, '12 500', undefined)).toEqual({ ok: true, value: 12500 });
  });

  it('takes a count in words or with a counted noun', () => {
    expect(validateField(familySize, 'ستة أفراد', undefined)).toEqual({ ok: true, value: 6 });
    expect(validateField(familySize, 'six persons', undefined)).toEqual({ ok: true, value: 6 });
    expect(validateField(familySize, 'ولدين', undefined)).toEqual({ ok: true, value: 2 });
    expect(validateField(rent, '٢٥٠٠ ريال', undefined)).toEqual({ ok: true, value: 2500 });
  });

  it('checks the range of a count in words with the same reason as digits', () => {
    const outOfRange = { ok: false, reason: 'request.invalid.range', params: { min: 1, max: 12 } };
    expect(validateField(familySize, 'ثلاثة عشر', undefined)).toEqual(outOfRange);
    expect(validateField(familySize, '13', undefined)).toEqual(outOfRange);
    expect(validateField(familySize, 'صفر', undefined)).toEqual(outOfRange);
  });

  it('refuses two numbers, no number, and commas that are not thousands separators', () => {
    for (const text of ['٣ أو ٤', '3 4', '1,2', 'كثير', 'ربع', 'عشرات', '']) {
      expect([text, validateField(familySize, text, undefined)]).toEqual([
        text,
        { ok: false, reason: 'request.invalid.number' },
      ]);
    }
  });
});

describe('validateField for a date', () => {
  it('stores a named Hijri or Gregorian date as its Gregorian day, and refuses a mixed one', () => {
    const date: FieldRule = { type: 'date' };
    expect(validateField(date, '٢ شوال ١٤٤٦ هـ', undefined)).toEqual({ ok: true, value: '2025-03-31' });
    expect(validateField(date, 'March 15, 2025', undefined)).toEqual({ ok: true, value: '2025-03-15' });
    expect(validateField(date, '15 مارس 1446', undefined)).toEqual({
      ok: false,
      reason: 'request.invalid.date',
    });
  });
});
