import fc from 'fast-check';
import { maskPhone, parseSaudiMobile } from '../../../src/domain/identity/saudi-mobile';

const E164 = { ok: true, e164: '+966501234567' };

/** Nine-digit national numbers inside libphonenumber's Saudi mobile ranges: 5[013-689]X, 57[0-8], 579[0-8]. */
const digit = fc.constantFrom(...'0123456789');
const digits = (n: number) => fc.string({ unit: digit, minLength: n, maxLength: n });
const nationalMobile = fc.oneof(
  fc.tuple(fc.constantFrom(...'01345689'), digits(7)).map(([second, rest]) => `5${second}${rest}`),
  fc.tuple(fc.constantFrom(...'012345678'), digits(6)).map(([third, rest]) => `57${third}${rest}`),
  fc.tuple(fc.constantFrom(...'012345678'), digits(5)).map(([fourth, rest]) => `579${fourth}${rest}`),
);

describe('parseSaudiMobile', () => {
  it('accepts every input form in DOMAIN.md and stores E.164', () => {
    for (const text of [
      '0501234567',
      '501234567',
      '+966501234567',
      '00966501234567',
      '966501234567',
      '966501234567@c.us',
      '٠٥٠١٢٣٤٥٦٧',
      '۰۵۰۱۲۳۴۵۶۷',
      '050 123 4567',
      '050-123-4567',
      '(050) 123-4567',
      '+966 50 123 4567',
      '+966 (0) 50 123 4567',
      '+٩٦٦٥٠١٢٣٤٥٦٧',
      '\u2066+966501234567\u2069',
      ' 0501234567\n',
      '966501234567@s.whatsapp.net',
    ]) {
      expect([text, parseSaudiMobile(text)]).toEqual([text, E164]);
    }
  });

  it('rejects 0521234567: right shape, but 52 is not a mobile range in libphonenumber', () => {
    expect(parseSaudiMobile('0521234567')).toEqual({ ok: false });
    expect(parseSaudiMobile('+966521234567')).toEqual({ ok: false });
    expect(parseSaudiMobile('0579912345')).toEqual({ ok: false });
  });

  it('accepts the other mobile ranges', () => {
    expect(parseSaudiMobile('0551234567')).toEqual({ ok: true, e164: '+966551234567' });
    expect(parseSaudiMobile('0591234567')).toEqual({ ok: true, e164: '+966591234567' });
    expect(parseSaudiMobile('0579812345')).toEqual({ ok: true, e164: '+966579812345' });
  });

  it('rejects landlines, unified numbers, foreign mobiles and WhatsApp privacy ids', () => {
    for (const text of [
      '0112345678',
      '+966112345678',
      '920012345',
      '8001234567',
      '+971501234567',
      '+201001234567',
      '0501234567@lid',
      '123456789012345@lid',
    ]) {
      expect([text, parseSaudiMobile(text)]).toEqual([text, { ok: false }]);
    }
  });

  it('rejects wrong lengths, letters and text that only contains a number', () => {
    for (const text of [
      '',
      '   ',
      '05012345678',
      '050123456',
      '+9665012345678',
      '050123456O',
      'رقمي 0501234567',
      '0501234567 0501234567',
      '0966501234567',
      '+501234567',
      '0'.repeat(10_000),
    ]) {
      expect([text.slice(0, 30), parseSaudiMobile(text)]).toEqual([text.slice(0, 30), { ok: false }]);
    }
  });

  it('gives the same E.164 for every way of writing a valid mobile', () => {
    const separated = (s: string, sep: string) => s.replace(/(\d{3})(?=\d)/g, `$1${sep}`);
    const eastern = (s: string, zero: number) =>
      s.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
    fc.assert(
      fc.property(
        nationalMobile,
        fc.constantFrom(
          (n: string) => `0${n}`,
          (n: string) => n,
          (n: string) => `+966${n}`,
          (n: string) => `00966${n}`,
          (n: string) => `966${n}`,
        ),
        fc.constantFrom('', ' ', '-'),
        fc.constantFrom(0x30, 0x660, 0x6f0),
        (national, write, sep, zero) => {
          const text = eastern(separated(write(national), sep), zero);
          expect(parseSaudiMobile(text)).toEqual({ ok: true, e164: `+966${national}` });
          expect(parseSaudiMobile(`966${national}@c.us`)).toEqual({ ok: true, e164: `+966${national}` });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('re-parses its own output to the same number', () => {
    fc.assert(
      fc.property(nationalMobile, (national) => {
        const first = parseSaudiMobile(`0${national}`);
        expect(first.ok).toBe(true);
        if (first.ok) expect(parseSaudiMobile(first.e164)).toEqual(first);
      }),
    );
  });
});

describe('maskPhone', () => {
  it('keeps the country code, first mobile digit and last three', () => {
    expect(maskPhone('+966501234567')).toBe('+9665*****567');
    expect(maskPhone('+966551112223')).toBe('+9665*****223');
  });

  it('stars short text completely', () => {
    expect(maskPhone('12345678')).toBe('********');
    expect(maskPhone('')).toBe('');
  });
});
