import { describe, expect, it } from 'vitest';
import { snippet } from '../../../src/text/index.ts';

const TEXT =
  `${'Background words come first here. '.repeat(10)}The hit is here. ${'Trailing words follow it. '.repeat(10)}`.trim();

describe('snippet', () => {
  it('returns a text within the width unchanged', () => {
    expect(snippet('Short text.', [0], 200)).toBe('Short text.');
  });

  it('starts a little before the hit, at a word, with ellipses on both cut sides', () => {
    const at = TEXT.indexOf('hit');
    const excerpt = snippet(TEXT, [at], 100);
    expect(excerpt.startsWith('…')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt).toContain('The hit is here.');
    expect(excerpt.length).toBeLessThanOrEqual(102);
  });

  it('shows the start of the text when nothing was hit', () => {
    expect(snippet(TEXT, [], 60)).toBe('Background words come first here. Background words come…');
  });
});
