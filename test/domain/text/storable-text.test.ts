import {
  clipText,
  hasUnstorableText,
  storableDeep,
  storableText,
} from '../../../src/domain/text/storable-text';

describe('storable text', () => {
  it('strips NULs and replaces lone surrogates, keeping pairs (emoji) and Arabic as they are', () => {
    expect(storableText('a\u0000b')).toBe('ab');
    expect(storableText('x\uD800y')).toBe('x\uFFFDy');
    expect(storableText('\uDC00start')).toBe('\uFFFDstart');
    expect(storableText('end\uD83D')).toBe('end\uFFFD');
    expect(storableText('سلام 😀')).toBe('سلام 😀');
    expect(hasUnstorableText('سلام 😀')).toBe(false);
    expect(hasUnstorableText('\u0000')).toBe(true);
    expect(hasUnstorableText('\uDE00')).toBe(true);
  });

  it('cleans every string of a parsed document, keys included, and leaves a clean one untouched', () => {
    const clean = { a: [1, 'b', { c: null }], d: true };
    expect(storableDeep(clean)).toBe(clean);
    expect(storableDeep({ 'k\u0000': ['x\uD800', 2], n: { m: 'a\u0000' } })).toEqual({
      k: ['x\uFFFD', 2],
      n: { m: 'a' },
    });
  });

  it('clips text without cutting a surrogate pair in two', () => {
    expect(clipText('ab😀', 3)).toBe('ab');
    expect(clipText('ab😀', 4)).toBe('ab😀');
    expect(clipText('abcd', 2)).toBe('ab');
    expect(hasUnstorableText(clipText('😀'.repeat(3000), 4000))).toBe(false);
  });
});
