import { Writable } from 'node:stream';
import fc from 'fast-check';
import { toLatinDigits } from '../../src/domain/text/arabic-normalise';
import { createLogger } from '../../src/logging/create-logger';
import { maskSensitive } from '../../src/logging/mask-sensitive';

/** A national ID or Iqama that passes the checksum (prefix 1 or 2, Luhn over all ten digits). */
const nationalId = fc
  .tuple(fc.constantFrom('1', '2'), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }))
  .map(([first, rest]) => {
    const nine = [Number(first), ...rest];
    const sum = nine.reduce((s, d, i) => {
      const v = i % 2 === 0 ? d * 2 : d;
      return s + (v > 9 ? v - 9 : v);
    }, 0);
    return `${nine.join('')}${(10 - (sum % 10)) % 10}`;
  });
/** A Saudi mobile's national part (5XXXXXXXX) and how people write the rest of it. */
const mobile = fc
  .tuple(
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }),
    fc.constantFrom('0', '', '+966', '00966', '966'),
  )
  .map(([rest, prefix]) => ({ secret: `5${rest.join('')}`, written: `${prefix}5${rest.join('')}` }));

const inScript = (text: string, zero: number) =>
  text.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
/** Spaces or dashes between some digits, as people group numbers. */
const grouped = (text: string, cuts: number[], sep: string) =>
  [...text].map((c, i) => (cuts.includes(i) && i > 0 ? `${sep}${c}` : c)).join('');
const written = (secret: fc.Arbitrary<{ secret: string; written: string }>) =>
  fc
    .tuple(
      secret,
      fc.constantFrom(0x30, 0x660, 0x6f0),
      fc.array(fc.nat(14), { maxLength: 3 }),
      fc.constantFrom('', ' ', '-'),
      fc.boolean(),
      fc.string({ maxLength: 20 }).filter((s) => !/[0-9٠-٩۰-۹]$/.test(s)),
      fc.string({ maxLength: 20 }).filter((s) => !/^[0-9٠-٩۰-۹]/.test(s)),
    )
    .map(([s, zero, cuts, sep, encoded, before, after]) => {
      const number = inScript(grouped(s.written, cuts, sep), zero);
      return { secret: s.secret, text: `${before}${encoded ? encodeURIComponent(number) : number}${after}` };
    });

/** Latin digits with separators between digits removed: how a reader would find the number again. */
const digitsOnly = (text: string) => toLatinDigits(text).replace(/(?<=\d)[\s-]+(?=\d)/g, '');

describe('maskSensitive', () => {
  it('leaves no national ID readable, in any script, grouped or percent-encoded in a URL', () => {
    fc.assert(
      fc.property(written(nationalId.map((id) => ({ secret: id, written: id }))), ({ secret, text }) => {
        expect(digitsOnly(maskSensitive(text))).not.toContain(secret);
      }),
      { numRuns: 2_000 },
    );
  });

  it('leaves no mobile number readable, whatever its prefix, script, grouping or encoding', () => {
    fc.assert(
      fc.property(written(mobile), ({ secret, text }) => {
        expect(digitsOnly(maskSensitive(text))).not.toContain(secret);
      }),
      { numRuns: 2_000 },
    );
  });

  it('masks a mobile in a logged URL, as the web chat request log writes it', () => {
    const url = `/history?mobile=${encodeURIComponent('٠٥٠١٢٣٤٥٦٧')}&id=${encodeURIComponent('۱۰۰۰۰۰۰۰۰۸')}`;
    expect(maskSensitive(url)).toBe('/history?mobile=*******567&id=*******008');
    expect(maskSensitive('/x?m=%2B966%2050%20123%204567')).toBe('/x?m=*********567');
  });

  it('is idempotent and keeps short numbers and references as they are', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        expect(maskSensitive(maskSensitive(text))).toBe(maskSensitive(text));
      }),
    );
    for (const kept of ['REQ-4821-27', 'بعد 3 أيام', '12345678', 'page %20 of 3'])
      expect(maskSensitive(kept)).toBe(kept);
  });
});

describe('createLogger masks what its formatters never see', () => {
  it('masks a request URL serialised outside the formatters, and keeps the time a number', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    // Like Fastify: a request object (not plain data) turned into `{ url }` by a serializer.
    class Request {
      constructor(readonly url: string) {}
    }
    const child = logger.child({}, { serializers: { req: (req: Request) => ({ url: req.url }) } });
    child.info(
      { req: new Request(`/history?mobile=${encodeURIComponent('٠٥٠١٢٣٤٥٦٧')}&id=1000000008`) },
      'incoming',
    );
    const entry = JSON.parse(lines[0]!) as { time: unknown; req: { url: string } };
    expect(entry.req.url).toBe('/history?mobile=*******567&id=*******008');
    expect(typeof entry.time).toBe('number');
  });
});
