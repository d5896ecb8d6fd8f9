import { localeWithDigits, withLocaleDigits } from '../../src/i18n/locale-digits';

describe('withLocaleDigits: the digits a locale text writes itself', () => {
  it('turns them to the chosen style, either way', () => {
    expect(withLocaleDigits('اختر من ١ إلى ٥ (من 5)', 'latin')).toBe('اختر من 1 إلى 5 (من 5)');
    expect(withLocaleDigits('اختر من ١ إلى ٥ (من 5)', 'arabic-indic')).toBe('اختر من ١ إلى ٥ (من ٥)');
  });

  it('keeps placeholders, nested keys and Latin words with digits as they are', () => {
    const text = '{{count}} {{ref2}} $t(step1) مثل 05XXXXXXXX أو 0501234567';
    expect(withLocaleDigits(text, 'arabic-indic')).toBe(
      '{{count}} {{ref2}} $t(step1) مثل 05XXXXXXXX أو ٠٥٠١٢٣٤٥٦٧',
    );
  });

  it('walks a locale tree, leaving its keys alone', () => {
    expect(localeWithDigits({ a1: { b: '٢ و 3' } }, 'latin')).toEqual({ a1: { b: '2 و 3' } });
  });
});
