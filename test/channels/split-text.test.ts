import fc from 'fast-check';
import { splitMessage, splitText } from '../../src/domain/text/split-text';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('splitText', () => {
  it('leaves a text that fits alone', () => {
    expect(splitText('مرحبًا\n\nبك', 20)).toEqual(['مرحبًا\n\nبك']);
    expect(splitText('', 20)).toEqual(['']);
  });

  it('cuts at a paragraph break before a line break, and at a line break before a space', () => {
    expect(splitText('aaaa bbbb\ncccc\n\ndddd eeee', 16)).toEqual(['aaaa bbbb\ncccc', 'dddd eeee']);
    expect(splitText('aaaa bbbb cccc\ndddd eeee', 16)).toEqual(['aaaa bbbb cccc', 'dddd eeee']);
    expect(splitText('aaaa bbbb cccc dddd', 10)).toEqual(['aaaa bbbb', 'cccc dddd']);
  });

  it('cuts a word longer than the limit, never inside an emoji', () => {
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    const pieces = splitText('abc😀def', 4);
    expect(pieces).toEqual(['abc', '😀de', 'f']);
  });

  it('keeps every word, in order, with every piece within the limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(' ', '\n', '\n\n', 'شروط', 'المساعدة', '١٢٣', '😀'), fc.string()), {
          maxLength: 200,
        }),
        fc.integer({ min: 2, max: 60 }),
        (parts, max) => {
          const text = parts.join('');
          const pieces = splitText(text, max);
          for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(max);
          expect(pieces.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
        },
      ),
    );
  });

  it('refuses a limit that cannot hold an emoji', () => {
    expect(() => splitText('x', 1)).toThrow(/max/);
  });
});

describe('splitMessage', () => {
  it('keeps buttons under the last piece of a long question', () => {
    const parts = splitMessage(
      { kind: 'choices', text: 'line one\nline two\nline three', choices: [{ id: 'a', label: 'A' }] },
      12,
    );
    expect(parts).toEqual([
      { kind: 'text', text: 'line one' },
      { kind: 'text', text: 'line two' },
      { kind: 'choices', text: 'line three', choices: [{ id: 'a', label: 'A' }] },
    ]);
    expect(words(parts.map((p) => ('text' in p ? p.text : '')).join(' '))).toHaveLength(6);
  });

  it('leaves a document whole', () => {
    const doc = { kind: 'document', ref: 'r', fileName: 'f.pdf', mimeType: 'application/pdf' } as const;
    expect(splitMessage(doc, 2)).toEqual([doc]);
  });
});
