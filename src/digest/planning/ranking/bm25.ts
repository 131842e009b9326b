import type { CandidateIndex } from './candidate-index.ts';

// BM25 (Robertson/Spärck Jones) with the usual constants.
const K1 = 1.2;
const B = 0.75;

/**
 * Adds each term's BM25 contribution to `index.scratch.base`, walking only that term's postings.
 * `termIds` holds each distinct stem once (undefined: the stem occurs in no candidate). Every
 * document that gets its first score is appended to `touched`, so the caller can zero the buffer
 * again and knows which documents matched.
 */
export function addBm25Scores(
  index: CandidateIndex,
  termIds: readonly (number | undefined)[],
  touched: number[],
): void {
  const n = index.papers.length;
  const { base } = index.scratch;
  for (const id of termIds) {
    const list = id === undefined ? undefined : index.postings[id];
    if (!list) continue;
    const { docs, tfs } = list;
    const idf = Math.log(1 + (n - docs.length + 0.5) / (docs.length + 0.5));
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i] ?? 0;
      const tf = tfs[i] ?? 0;
      const norm = tf + K1 * (1 - B + (B * (index.lengths[doc] ?? 0)) / (index.averageLength || 1));
      if (base[doc] === 0) touched.push(doc);
      base[doc] = (base[doc] ?? 0) + (idf * (tf * (K1 + 1))) / norm;
    }
  }
}
