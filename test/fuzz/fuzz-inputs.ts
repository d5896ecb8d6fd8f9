import fc from 'fast-check';
import { MAX_INBOUND_TEXT, MediaKind, MediaNote, type InboundMedia } from '../../src/domain/inbound-message';
import { LOCALES } from '../../src/i18n/translator';

/**
 * One generated message, as plain data (fast-check prints it when a property fails). Choice presses
 * and replays name what they press or repeat indirectly; the runner resolves them against the
 * conversation as it stands, so the same case replays the same way.
 */
export type FuzzInput =
  | { t: 'text'; text: string }
  /**
   * A button press. `offered`: one of the choices on screen now (a real answer); `earlier`: one shown
   * earlier in this case (a stale or out-of-order press); `elsewhere`: a choice id of another state;
   * `random`: an id no one offered. `text` rides along, as some channels send both.
   */
  | {
      t: 'choice';
      pick: 'offered' | 'earlier' | 'elsewhere' | 'random';
      n: number;
      id: string;
      text?: string;
    }
  | { t: 'media'; media: InboundMedia[]; text?: string }
  | { t: 'location'; latitude: number; longitude: number; label?: string; text?: string }
  /** The channel delivers an earlier message of this case again, with the same message id. */
  | { t: 'replay'; back: number };

export interface FuzzStep {
  input: FuzzInput;
  /** Minutes that pass before the message: mostly none, sometimes past the idle expiry or days. */
  wait: number;
}

/** Every string of both locale files (texts the flows say, choice labels, the global words). */
function localeStrings(): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') out.push(node);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(LOCALES.ar);
  walk(LOCALES.en);
  return out;
}

const STRINGS = localeStrings();
/** Words of the flows in Arabic and English, without interpolation slots. */
export const LOCALE_WORDS: string[] = [
  ...new Set(
    STRINGS.map((s) => s.replace(/\{\{[^}]*\}\}/g, ' '))
      .flatMap((s) => s.split(/[\s|،,.:;!?؟()«»"'*\-–—/]+/u))
      .filter((w) => w.length > 0 && w.length <= 30),
  ),
].sort();
/** Short whole texts (labels, global words, one-line answers): what a person copies from a menu. */
export const LOCALE_PHRASES: string[] = [
  ...new Set(STRINGS.flatMap((s) => s.split('|')).filter((s) => s.length > 0 && s.length <= 40)),
].sort();

/** Invisible and direction marks that phones and copy-paste put around text. */
const INVISIBLES = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u061c',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\ufeff',
  '\u00a0',
  '\u0640',
  '\u064e',
  '\u0651',
];
const invisible = fc.constantFrom(...INVISIBLES);

/** Sprinkles invisible marks, punctuation and stray spaces into a text. */
const decorated = (text: fc.Arbitrary<string>) =>
  fc
    .tuple(
      text,
      fc.array(
        fc.tuple(fc.nat(), fc.oneof(invisible, fc.constantFrom(' ', '.', '؟', '!', '،', '\n', '🙏'))),
        {
          maxLength: 4,
        },
      ),
    )
    .map(([t, marks]) => {
      const chars = [...t];
      for (const [at, mark] of marks) chars.splice(chars.length === 0 ? 0 : at % (chars.length + 1), 0, mark);
      return chars.join('');
    });

const DIGIT_ZERO = [0x30, 0x660, 0x6f0] as const;
/** Writes the Latin digits of `text` in one of the three scripts people use. */
const inScript = (text: string, zero: number) =>
  text.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
const script = fc.constantFrom(...DIGIT_ZERO);

/** Numbers as menu answers and as data: plain, keycaps, "٢.", "3)", "رقم ٢", IDs and mobiles. */
const digits = fc
  .tuple(
    fc.oneof(
      { weight: 5, arbitrary: fc.integer({ min: 0, max: 12 }).map(String) },
      { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 10n ** 15n }).map(String) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          '1000000008',
          '1234567897',
          '2345678904',
          '1234567890',
          '3000000004',
          '0501234567',
          '0551234567',
          '0521234567',
          '+966501234567',
          '00966501234567',
          '050 123 4567',
          '050-123-4567',
        ),
      },
    ),
    script,
    fc.constantFrom('%', '%.', '%)', '(%)', 'رقم %', 'no. %', '%\u20e3', ' % ', '%%'),
  )
  .map(([n, zero, shape]) => shape.replace(/%/g, inScript(n, zero)));

const localeText = fc
  .array(fc.constantFrom(...LOCALE_WORDS), { minLength: 1, maxLength: 6 })
  .map((words) => words.join(' '));

/** Up to the largest text a channel may hand the spine (20,000 characters). */
const hugeText = fc
  .tuple(
    fc.constantFrom(...LOCALE_WORDS),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.integer({ min: 1_000, max: MAX_INBOUND_TEXT }),
  )
  .map(([word, noise, length]) =>
    `${word} ${noise} `.repeat(Math.ceil(length / (word.length + noise.length + 2)) + 1).slice(0, length),
  );

const emptyish = fc.constantFrom(
  '',
  ' ',
  '\n\t',
  '\u00a0',
  '\u200f',
  '\u200b\u200b',
  '\u2067\u2069',
  '\ufeff',
);

/** Any text a person or a broken client could send. */
export const fuzzText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: decorated(localeText) },
  { weight: 4, arbitrary: decorated(fc.constantFrom(...LOCALE_PHRASES)) },
  { weight: 4, arbitrary: decorated(digits) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
  { weight: 2, arbitrary: emptyish },
  { weight: 1, arbitrary: hugeText },
);

const mimeType = fc.constantFrom(
  'image/jpeg',
  'image/png',
  'application/pdf',
  'audio/ogg',
  'video/mp4',
  'image/webp',
  'application/zip',
  'application/x-msdownload',
  'text/plain',
  '',
);
const media: fc.Arbitrary<InboundMedia> = fc
  .record(
    {
      kind: fc.constantFrom(...MediaKind.options),
      mimeType,
      fileName: fc.oneof(
        fc.constantFrom('هوية.jpg', 'lease.pdf', 'setup.exe', 'a'.repeat(500)),
        fc.string({ maxLength: 30 }),
      ),
      sizeBytes: fc.oneof(fc.nat(20 * 1024 * 1024), fc.constant(0)),
      ref: fc.oneof(
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
        fc.string({ minLength: 1, maxLength: 20 }),
      ),
      note: fc.constantFrom(...MediaNote.options),
    },
    { requiredKeys: ['kind'] },
  )
  .map((m) => {
    const out: InboundMedia = { kind: m.kind };
    if (m.mimeType) out.mimeType = m.mimeType;
    if (m.fileName !== undefined) out.fileName = m.fileName;
    if (m.sizeBytes !== undefined) out.sizeBytes = m.sizeBytes;
    if (m.ref !== undefined) out.ref = m.ref;
    if (m.note !== undefined && m.ref === undefined) out.note = m.note;
    return out;
  });

const ride = fc.option(fuzzText, { nil: undefined, freq: 3 });

export const fuzzInput: fc.Arbitrary<FuzzInput> = fc.oneof(
  { weight: 10, arbitrary: fuzzText.map((text) => ({ t: 'text' as const, text })) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom('offered', 'offered', 'earlier', 'elsewhere', 'random' as const),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.option(fuzzText, { nil: undefined, freq: 5 }),
      )
      .map(([pick, n, id, text]) => ({
        t: 'choice' as const,
        pick,
        n,
        id,
        ...(text !== undefined ? { text } : {}),
      })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        // Mostly one file; sometimes an album, up to the 20 files a message may carry.
        fc.oneof(
          { weight: 5, arbitrary: fc.array(media, { minLength: 1, maxLength: 3 }) },
          fc.array(media, { minLength: 4, maxLength: 20 }),
        ),
        ride,
      )
      .map(([m, text]) => ({ t: 'media' as const, media: m, ...(text !== undefined ? { text } : {}) })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
        ride,
      )
      .map(([latitude, longitude, label, text]) => ({
        t: 'location' as const,
        latitude,
        longitude,
        ...(label !== undefined ? { label } : {}),
        ...(text !== undefined ? { text } : {}),
      })),
  },
  { weight: 2, arbitrary: fc.nat(6).map((back) => ({ t: 'replay' as const, back })) },
);

export const fuzzStep = (idleMinutes: number): fc.Arbitrary<FuzzStep> =>
  fc.record({
    input: fuzzInput,
    wait: fc.oneof(
      { weight: 20, arbitrary: fc.constant(0) },
      { weight: 3, arbitrary: fc.integer({ min: 1, max: idleMinutes }) },
      { weight: 1, arbitrary: fc.constant(idleMinutes + 1) },
      { weight: 1, arbitrary: fc.integer({ min: 60 * 24, max: 60 * 24 * 30 }) },
    ),
  });
