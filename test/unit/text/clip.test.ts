import { describe, expect, it } from 'vitest';
import { clip } from '../../../src/text/index.ts';

describe('clip', () => {
  it('returns text within the limit unchanged', () => {
    expect(clip('Short text.', 20)).toBe('Short text.');
    expect(clip('Short.', 1024)).toBe('Short.');
  });

  it('cuts at a sentence end when one is near the limit', () => {
    expect(clip('First sentence here. Second sentence is longer than allowed.', 30)).toBe('First sentence here.');
  });

  it('cuts at the last sentence that fits, using the whole limit', () => {
    expect(clip('One two. Three four. Five six.', 20)).toBe('One two. Three four.');
  });

  it('cuts at a word boundary with an ellipsis when no sentence ends nearby', () => {
    expect(clip('alpha beta gamma delta epsilon', 20)).toBe('alpha beta gamma…');
    expect(clip('alpha beta gamma delta epsilon', 16)).toBe('alpha beta…');
  });

  it('never exceeds the limit, even for one long word', () => {
    const cut = clip('x'.repeat(500), 100);
    expect(cut).toHaveLength(100);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('does not leave a dangling backslash before the ellipsis', () => {
    expect(clip('aaaaaaaaa\\*bbbbbbbbbb', 11)).toBe('aaaaaaaaa…');
  });

  it('does not split a surrogate pair', () => {
    expect(clip(`${'a'.repeat(8)}😀😀😀`, 10)).toBe(`${'a'.repeat(8)}…`);
  });

  it('gives an ellipsis alone for a limit of one and nothing for none', () => {
    expect([clip('abc', 1), clip('abc', 0)]).toEqual(['…', '']);
  });
});
