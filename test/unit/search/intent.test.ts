import { describe, expect, it } from 'vitest';
import { parseIntent } from '../../../src/search/intent.ts';
import { reciprocalRankFusion } from '../../../src/search/rank-fusion.ts';
import { sinceToIso } from '../../../src/search/since.ts';

describe('parseIntent', () => {
  it('strips recency words and filler', () => {
    expect(parseIntent('the latest papers on speculative decoding')).toEqual({
      text: 'the speculative decoding',
      recent: true,
      popular: false,
    });
  });

  it('detects popularity', () => {
    expect(parseIntent('trending diffusion models')).toEqual({
      text: 'diffusion models',
      recent: false,
      popular: true,
    });
  });

  it('leaves a plain topic alone', () => {
    expect(parseIntent('protein folding')).toEqual({ text: 'protein folding', recent: false, popular: false });
  });
});

describe('reciprocalRankFusion', () => {
  it('puts an id ranked well in two lists above one ranked first in only one', () => {
    expect(reciprocalRankFusion([{ ids: ['a', 'b'] }, { ids: ['c', 'b'] }]).map((r) => r.id)).toEqual(['b', 'a', 'c']);
  });
});

describe('sinceToIso', () => {
  it('reaches back a week from now', () => {
    expect(sinceToIso('week', Date.UTC(2024, 8, 18, 12))).toBe('2024-09-11T12:00:00.000Z');
  });

  it('has no limit for any', () => {
    expect(sinceToIso('any', 0)).toBeUndefined();
  });
});
