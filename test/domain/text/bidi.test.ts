import { isolate } from '../../../src/domain/text/bidi';
import { stripBidiControls } from '../../../src/domain/text/arabic-normalise';

describe('isolate', () => {
  it('wraps a reference number in LRI … PDI', () => {
    expect(isolate('REQ-2025-0042')).toBe('\u2066REQ-2025-0042\u2069');
  });

  it('keeps a phone number inside an Arabic sentence in its own order', () => {
    const sentence = `سنتصل بك على ${isolate('+966501234567')} قريبا.`;
    expect(sentence).toBe('سنتصل بك على \u2066+966501234567\u2069 قريبا.');
    // Exactly one isolate pair: an unbalanced PDI would reorder the rest of the message.
    expect(sentence.match(/\u2066/g)).toHaveLength(1);
    expect(sentence.match(/\u2069/g)).toHaveLength(1);
  });

  it('adds nothing to empty text', () => {
    expect(isolate('')).toBe('');
  });

  it('is undone by stripBidiControls, so an echoed reference number reads back unchanged', () => {
    expect(stripBidiControls(isolate('REQ-2025-0042'))).toBe('REQ-2025-0042');
  });
});
