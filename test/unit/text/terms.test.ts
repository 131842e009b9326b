import { describe, expect, it } from 'vitest';
import { queryWords, stemmedTerms } from '../../../src/text/index.ts';

describe('stemmedTerms', () => {
  it('stems every token in order and drops stopwords', () => {
    expect(stemmedTerms('The models are reasoning about reasons')).toEqual(['model', 'reason', 'about', 'reason']);
  });
});

describe('queryWords', () => {
  it('keeps one word per stem, with the stem FTS5 matches it by', () => {
    expect(queryWords('Reasoning, reasons and RL')).toEqual([
      { word: 'reasoning', stem: 'reason' },
      { word: 'rl', stem: 'rl' },
    ]);
  });

  it('normalizes what users type as search does', () => {
    expect(queryWords('ﬁne-tuning')).toEqual([
      { word: 'fine', stem: 'fine' },
      { word: 'tuning', stem: 'tune' },
    ]);
  });
});
