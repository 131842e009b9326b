import { describe, expect, it } from 'vitest';
import {
  type CollectionStats,
  createRerankCache,
  DEFAULT_RERANK_OPTIONS,
  rerankScores,
} from '../../../src/library/feedback-rerank.ts';

function stats(df: Record<string, number>): CollectionStats {
  return { papers: 1000, averageLength: 8, documentFrequency: (word) => df[word] ?? 1 };
}

const candidates = [
  { doc: 1, title: 'Interleukin 6 in sepsis', abstract: 'Interleukin levels rise in sepsis patients.' },
  { doc: 2, title: 'Sepsis outcomes', abstract: 'Interleukin signalling predicts sepsis outcomes.' },
  { doc: 3, title: 'Interleukin biology', abstract: 'Cytokine interleukin signalling in mice.' },
  { doc: 4, title: 'Unrelated work', abstract: 'Nothing about the query at all.' },
];

describe('rerankScores', () => {
  it('weights a title occurrence above an abstract one, as FTS5 bm25 with column weights', () => {
    const [inTitle = 0, inAbstract = 0] = rerankScores(
      ['sepsis'],
      [
        { doc: 1, title: 'Sepsis', abstract: 'one two three four five six' },
        { doc: 2, title: 'Other', abstract: 'sepsis two three four five six' },
      ],
      stats({}),
      createRerankCache(),
      { ...DEFAULT_RERANK_OPTIONS, feedbackDocs: 0 },
    );
    expect(inTitle).toBeGreaterThan(inAbstract);
  });

  it('counts stems once, so "cells cell" scores as "cell"', () => {
    const cache = createRerankCache();
    const options = { ...DEFAULT_RERANK_OPTIONS, feedbackDocs: 0 };
    expect(rerankScores(['cells', 'cell'], candidates, stats({}), cache, options)).toEqual(
      rerankScores(['cell'], candidates, stats({}), cache, options),
    );
  });

  it('lifts a paper that shares the top papers\u2019 vocabulary but not the query\u2019s words', () => {
    const cache = createRerankCache();
    const without = rerankScores(['sepsis'], candidates, stats({}), cache, {
      ...DEFAULT_RERANK_OPTIONS,
      feedbackDocs: 0,
    });
    const withFeedback = rerankScores(['sepsis'], candidates, stats({}), cache, {
      ...DEFAULT_RERANK_OPTIONS,
      feedbackDocs: 2,
    });
    expect(without[2]).toBe(0);
    expect(withFeedback[2]).toBeGreaterThan(0);
    expect(withFeedback[3]).toBe(0);
  });

  it('re-reads a paper whose text changed', () => {
    const cache = createRerankCache();
    const options = { ...DEFAULT_RERANK_OPTIONS, feedbackDocs: 0 };
    rerankScores(['sepsis'], [{ doc: 9, title: 'Sepsis', abstract: 'x' }], stats({}), cache, options);
    expect(rerankScores(['sepsis'], [{ doc: 9, title: 'Other', abstract: 'xy' }], stats({}), cache, options)).toEqual([
      0,
    ]);
  });
});
