import fc from 'fast-check';
import { maskNationalId, parseNationalId } from '../../../src/domain/identity/national-id';

/** The Luhn check digit that completes nine digits, computed independently of the code under test. */
function checkDigit(nine: string): string {
  for (let d = 0; d <= 9; d += 1) {
    const sum = [...`${nine}${d}`].reduce((total, ch, i) => {
      const doubled = i % 2 === 0 ? Number(ch) * 2 : Number(ch);
      return total + Math.floor(doubled / 10) + (doubled % 10);
    }, 0);
    if (sum % 10 === 0) return String(d);
  }
  throw new Error('unreachable: one digit always completes a Luhn sum');
}

const validId = fc
  .tuple(
    fc.constantFrom('1', '2'),
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 8, maxLength: 8 }),
  )
  .map(([prefix, body]) => `${prefix}${body}${checkDigit(prefix + body)}`);

describe('parseNationalId', () => {
  it('accepts the valid samples in DOMAIN.md and tells citizens from residents', () => {
    expect(parseNationalId('1234567897')).toEqual({ ok: true, value: '1234567897', kind: 'citizen' });
    expect(parseNationalId('1987654322')).toEqual({ ok: true, value: '1987654322', kind: 'citizen' });
    expect(parseNationalId('2345678904')).toEqual({ ok: true, value: '2345678904', kind: 'resident' });
    expect(parseNationalId('1000000008')).toEqual({ ok: true, value: '1000000008', kind: 'citizen' });
  });

  it('rejects the invalid samples with the reason the person must fix', () => {
    expect(parseNationalId('1234567890')).toEqual({ ok: false, reason: 'checksum' });
    expect(parseNationalId('2345678901')).toEqual({ ok: false, reason: 'checksum' });
    expect(parseNationalId('3000000004')).toEqual({ ok: false, reason: 'prefix' });
  });

  it('reads Arabic-Indic and Persian digits, spaces and dashes', () => {
    for (const text of [
      '١٢٣٤٥٦٧٨٩٧',
      '۱۲۳۴۵۶۷۸۹۷',
      '1234 567 897',
      '1-234-567-897',
      '١٢٣٤–٥٦٧–٨٩٧',
      '  1234567897\n',
      '\u200F١٢٣٤٥٦٧٨٩٧\u200F',
      '12٣٤5۶78٩7',
    ]) {
      expect([text, parseNationalId(text)]).toEqual([
        text,
        { ok: true, value: '1234567897', kind: 'citizen' },
      ]);
    }
  });

  it('says "format" for anything that is not ten digits', () => {
    for (const text of [
      '',
      '   ',
      '123456789',
      '12345678970',
      '123456789a',
      '1234.567.897',
      '+1234567897',
      'هويتي ١٢٣٤٥٦٧٨٩٧',
      '🔟',
      '1'.repeat(10_000),
    ]) {
      expect([text.slice(0, 20), parseNationalId(text)]).toEqual([
        text.slice(0, 20),
        { ok: false, reason: 'format' },
      ]);
    }
  });

  it('checks the prefix before the checksum', () => {
    expect(parseNationalId('0000000000')).toEqual({ ok: false, reason: 'prefix' });
    expect(parseNationalId('3000000000')).toEqual({ ok: false, reason: 'prefix' });
    expect(parseNationalId('9234567897')).toEqual({ ok: false, reason: 'prefix' });
  });

  it('accepts every well-formed ID with prefix 1 or 2', () => {
    fc.assert(
      fc.property(validId, (id) => {
        expect(parseNationalId(id)).toEqual({
          ok: true,
          value: id,
          kind: id.startsWith('1') ? 'citizen' : 'resident',
        });
      }),
    );
  });

  it('rejects an ID with any single digit mistyped', () => {
    fc.assert(
      fc.property(validId, fc.nat(9), fc.integer({ min: 1, max: 9 }), (id, position, shift) => {
        const wrong = String((Number(id[position]) + shift) % 10);
        const typo = id.slice(0, position) + wrong + id.slice(position + 1);
        expect(parseNationalId(typo).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('maskNationalId', () => {
  it('keeps the first digit and the last three for logs', () => {
    expect(maskNationalId('1234567897')).toBe('1******897');
    expect(maskNationalId('2345678904')).toBe('2******904');
  });

  it('never reveals the middle digits of a valid ID', () => {
    fc.assert(
      fc.property(validId, (id) => {
        const masked = maskNationalId(id);
        expect(masked).toHaveLength(10);
        expect(masked.slice(1, 7)).toBe('******');
      }),
    );
  });

  it('stars short text completely rather than leaving most of it readable', () => {
    expect(maskNationalId('1234')).toBe('****');
    expect(maskNationalId('')).toBe('');
    expect(maskNationalId('12345')).toBe('1*345');
  });
});
