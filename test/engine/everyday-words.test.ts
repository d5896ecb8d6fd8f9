import { buildEverydayWords } from '../../flows/global-vocabulary';
import { readCourtesy, readYesNo } from '../../src/engine/everyday-words';
import type { FlowInput } from '../../src/engine/flow';
import { normaliseForMatching } from '../../src/domain/text/arabic-normalise';
import { createTranslator } from '../../src/i18n/translator';

const words = buildEverydayWords(createTranslator());
const yesNo = (text: string) => readYesNo(normaliseForMatching(text), words);

describe('everyday yes and no (vocab.yes, vocab.no, vocab.polite)', () => {
  it.each([
    ['نعم', 'yes'],
    ['ايوة', 'yes'],
    ['أكيد', 'yes'],
    ['بالتأكيد', 'yes'],
    ['ايه موافق', 'yes'],
    ['تمام شكرا', 'yes'],
    ['ما عندي مانع', 'yes'],
    ['Yes', 'yes'],
    ['of course', 'yes'],
    ['ok sure', 'yes'],
    ['لا', 'no'],
    ['كلا', 'no'],
    ['لا شكرا', 'no'],
    ['لا أوافق', 'no'],
    ['مو موافق', 'no'],
    ['ما ابي', 'no'],
    ['No.', 'no'],
    ['nope', 'no'],
    ['no thanks', 'no'],
    // A no-word anywhere is a no: a consent is never given by a contradictory answer.
    ['نعم لا', 'no'],
  ] as const)('reads %j as %s', (text, meant) => {
    expect(yesNo(text)).toBe(meant);
  });

  it.each(['ربما', 'maybe', '', 'يمكن بعدين', 'ابي اقدم طلب', 'نعم ابي سلة'])(
    'reads %j as neither',
    (text) => {
      expect(yesNo(text)).toBeUndefined();
    },
  );
});

describe('courtesies that open a message', () => {
  const input = (text: string): FlowInput => ({
    text,
    normalized: normaliseForMatching(text),
    media: [],
    channel: 'inprocess',
    channelMessageId: 'm1',
    receivedAt: new Date(0),
  });

  it('returns the longest salaam and reads the rest', () => {
    const read = readCourtesy(input('السلام عليكم ورحمة الله وبركاته، أبغى أقدم طلب'), words, false);
    expect(read?.reply).toBe('engine.courtesy.salaam');
    expect(read?.rest.normalized).toBe('ابغي اقدم طلب');
    expect(read?.empty).toBe(false);
  });

  it.each([
    ['صباح الخير', 'engine.courtesy.morning'],
    ['مساء النور', 'engine.courtesy.evening'],
    ['Hello', 'engine.courtesy.hello'],
    ['جزاكم الله خير', 'engine.courtesy.thanks'],
    ['thank you', 'engine.courtesy.thanks'],
  ])('answers %j alone with %s, leaving nothing to read', (text, reply) => {
    expect(readCourtesy(input(text), words, true)).toMatchObject({ reply, empty: true });
  });

  it('leaves text that does not open with a courtesy, and a name such as «سلام», alone', () => {
    expect(readCourtesy(input('أبغى أقدم طلب، السلام عليكم'), words, true)).toBeUndefined();
    expect(readCourtesy(input('سلام'), words, true)).toBeUndefined();
  });

  it('returns a thanks only where nothing is pending: mid-form it may be the answer', () => {
    expect(readCourtesy(input('شكرًا لكم'), words, false)).toBeUndefined();
    expect(readCourtesy(input('صباح الخير'), words, false)?.reply).toBe('engine.courtesy.morning');
  });
});
