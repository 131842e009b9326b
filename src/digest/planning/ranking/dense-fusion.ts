import type { CandidateIndex } from './candidate-index.ts';

// Dense fusion (issue 6, item 4: lexical scoring "plus embeddings when configured").
// Half lexical, half dense: either signal alone can carry a paper to the top.
const DENSE_WEIGHT = 0.5;
// A paper no topic word matches joins on similarity alone when it is at least as close to the topics
// as this quantile of the keyword matches (the upper quartile).
const DENSE_ONLY_QUANTILE = 0.75;

export interface DenseFusion {
  /** The fused relevance of a document, in [0, 1], from its lexical relevance and its cosine. */
  readonly score: (doc: number, relevance: number) => number;
  /** Documents that no topic word matched but that are close enough to the topics to join. */
  readonly denseOnly: readonly number[];
}

/**
 * Relative score fusion of BM25 and embedding similarity (the scheme of Weaviate's hybrid search):
 * each signal is rescaled to [0, 1] within this candidate set (BM25 by the best keyword match,
 * cosine min–max over every candidate), then mixed as (1 − w)·lexical + w·dense. Rescaling is what
 * makes the two comparable: BM25 has no upper bound and each embedding model has its own cosine
 * range (one puts unrelated texts at 0.1, another at 0.7), so raw values cannot be added. Upvotes
 * then multiply the fused value exactly as they multiply BM25 alone.
 *
 * Papers that no topic word matches are added when their cosine reaches the upper quartile of the
 * keyword matches' cosines: "as close to the topics as a good keyword match" in this model's own
 * scale, so related wording gets in while a day with no keyword match at all stays empty (a
 * nearest neighbour always exists, it just need not be relevant).
 * Undefined when no cosine belongs to an indexed paper (then ranking stays lexical).
 */
export function fuseDense(
  index: CandidateIndex,
  dense: ReadonlyMap<string, number>,
  touched: readonly number[],
  passes: (doc: number) => boolean,
  relevanceOf: (doc: number) => number,
): DenseFusion | undefined {
  const cosineOf = (doc: number): number | undefined => {
    const id = index.papers[doc]?.id;
    return id === undefined ? undefined : dense.get(id);
  };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const [id, cosine] of dense) {
    if (!index.docOf.has(id)) continue;
    if (cosine < min) min = cosine;
    if (cosine > max) max = cosine;
  }
  if (min > max) return undefined;
  let maxRelevance = 0;
  const keywordCosines: number[] = [];
  for (const doc of touched) {
    if (!passes(doc)) continue;
    maxRelevance = Math.max(maxRelevance, relevanceOf(doc));
    const cosine = cosineOf(doc);
    if (cosine !== undefined) keywordCosines.push(cosine);
  }
  const denseOnly: number[] = [];
  if (keywordCosines.length > 0) {
    keywordCosines.sort((a, b) => a - b);
    const bar = keywordCosines[Math.floor(DENSE_ONLY_QUANTILE * (keywordCosines.length - 1))] ?? max;
    const { base } = index.scratch;
    for (const [id, cosine] of dense) {
      const doc = index.docOf.get(id);
      // base > 0 marks a keyword match, already considered.
      if (doc !== undefined && base[doc] === 0 && cosine >= bar && passes(doc)) denseOnly.push(doc);
    }
  }
  const range = max - min;
  return {
    denseOnly,
    score: (doc, relevance) => {
      const lexical = maxRelevance > 0 ? relevance / maxRelevance : 0;
      const cosine = cosineOf(doc);
      const similarity = cosine === undefined || range === 0 ? 0 : (cosine - min) / range;
      return (1 - DENSE_WEIGHT) * lexical + DENSE_WEIGHT * similarity;
    },
  };
}
