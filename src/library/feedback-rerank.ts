/**
 * Second stage of library search: FTS5 finds and ranks the candidates; this re-scores the top
 * ones with the same weighted BM25 (FTS5's formula: field-weighted term frequency, one length
 * norm over the whole row) plus RM3 pseudo-relevance feedback — the best-ranked candidates vote
 * for terms the query did not say ("IL-6" claims find "interleukin" abstracts).
 *
 * Feedback re-scores the candidate pool only; it never issues a second FTS5 query. On the SciFact
 * training claims that was as good as fetching new candidates for the expansion terms, and it
 * costs no index work. Of the variants measured (BM25F with per-field k1/b, BM25+, bigram
 * proximity, dropping frequent terms, RM3), only RM3 helped on both halves of a 2-fold split;
 * see bench/retrieval.ts.
 */
import { isStopword, stem, tokenize } from '../text/index.ts';

export interface RerankOptions {
  /** A title occurrence counts as this many abstract occurrences (as FTS5's bm25 column weights). */
  readonly titleWeight: number;
  readonly k1: number;
  readonly b: number;
  /** Candidates (best first) whose terms feed the expansion; 0 turns feedback off. */
  readonly feedbackDocs: number;
  /** Expansion terms added to the query. */
  readonly feedbackTerms: number;
  /** Share of the query weight given to the expansion terms (RM3's 1 - λ). */
  readonly feedbackWeight: number;
}

export const DEFAULT_RERANK_OPTIONS: RerankOptions = {
  titleWeight: 3,
  k1: 1.2,
  b: 0.75,
  feedbackDocs: 10,
  feedbackTerms: 30,
  feedbackWeight: 0.2,
};

export interface RerankCandidate {
  readonly title: string;
  readonly abstract: string;
}

/** Whole-library figures the scores need; document frequencies come from the FTS5 index. */
export interface CollectionStats {
  readonly papers: number;
  /** Mean tokens per paper, title and abstract together. */
  readonly averageLength: number;
  /** Papers containing `word` (a surface word: FTS5 stems it as it stemmed the papers). */
  documentFrequency(word: string): number;
}

const NUMBER = /^\p{N}+$/u;

/** A candidate's terms: interned stem ids with title and abstract counts. */
interface TermVector {
  readonly titleLength: number;
  readonly abstractLength: number;
  readonly counts: Map<number, number>;
  readonly length: number;
}

// Both caches are bounded; past the bound they start over (cheaper than LRU bookkeeping, and the
// re-ranker only runs on libraries small enough that this rarely happens).
const MAX_CACHED_VECTORS = 10_000;
const MAX_CACHED_WORDS = 500_000;
// Title counts ride in the high part of one number: counts stay far below this.
const TITLE_UNIT = 65_536;

/**
 * Stems and term vectors kept across queries: the same candidates and words come back query after
 * query, and tokenizing 200 abstracts costs more than the rest of the search. One per library.
 */
export interface RerankCache {
  vector(doc: number, candidate: RerankCandidate): TermVector;
  /** Forget a paper whose text changed. */
  forget(doc: number): void;
  stemId(word: string): number;
  /** A word (as it appeared in a text) that stems to `id`, for asking FTS5. */
  surface(id: number): string;
}

export function createRerankCache(): RerankCache {
  let idsByWord = new Map<string, number>();
  const idsByStem = new Map<string, number>();
  const surfaces: string[] = [];
  let vectors = new Map<number, TermVector>();

  function stemId(word: string): number {
    let id = idsByWord.get(word);
    if (id === undefined) {
      if (idsByWord.size >= MAX_CACHED_WORDS) idsByWord = new Map();
      const stemmed = stem(word);
      id = idsByStem.get(stemmed);
      if (id === undefined) {
        id = surfaces.length;
        idsByStem.set(stemmed, id);
        surfaces.push(word);
      }
      idsByWord.set(word, id);
    }
    return id;
  }

  return {
    stemId,
    surface: (id) => surfaces[id] ?? '',
    forget: (doc) => vectors.delete(doc),
    vector(doc, candidate) {
      const cached = vectors.get(doc);
      if (
        cached &&
        cached.titleLength === candidate.title.length &&
        cached.abstractLength === candidate.abstract.length
      ) {
        return cached;
      }
      const counts = new Map<number, number>();
      let length = 0;
      // Tokens as FTS5 split and folded them, so the stems meet the index's.
      for (const word of tokenize(candidate.title)) {
        const id = stemId(word);
        counts.set(id, (counts.get(id) ?? 0) + TITLE_UNIT);
        length++;
      }
      for (const word of tokenize(candidate.abstract)) {
        const id = stemId(word);
        counts.set(id, (counts.get(id) ?? 0) + 1);
        length++;
      }
      const vector = {
        titleLength: candidate.title.length,
        abstractLength: candidate.abstract.length,
        counts,
        length,
      };
      if (vectors.size >= MAX_CACHED_VECTORS) vectors = new Map();
      vectors.set(doc, vector);
      return vector;
    },
  };
}

/** BM25 idf in Lucene's form, never negative (FTS5 floors its own at 1e-6; measured the same on SciFact). */
function idf(papers: number, df: number): number {
  return Math.log(1 + (papers - df + 0.5) / (df + 0.5));
}

/**
 * Scores for `candidates` (same order; higher is better) under `queryWords` (the query's terms
 * as queryTerms() returns them), expanded by RM3 feedback from the top-scoring candidates.
 */
export function rerankScores(
  queryWords: readonly string[],
  candidates: readonly (RerankCandidate & { readonly doc: number })[],
  stats: CollectionStats,
  cache: RerankCache,
  options: RerankOptions = DEFAULT_RERANK_OPTIONS,
): number[] {
  const vectors = candidates.map((candidate) => cache.vector(candidate.doc, candidate));
  const idfs = new Map<number, number>();
  const idfOf = (id: number): number => {
    let value = idfs.get(id);
    if (value === undefined) {
      value = idf(stats.papers, stats.documentFrequency(cache.surface(id)));
      idfs.set(id, value);
    }
    return value;
  };
  const averageLength = Math.max(1, stats.averageLength);
  const { k1, b, titleWeight } = options;
  const score = (vector: TermVector, query: ReadonlyMap<number, number>): number => {
    const norm = 1 - b + (b * vector.length) / averageLength;
    let total = 0;
    for (const [id, weight] of query) {
      const packed = vector.counts.get(id);
      if (packed === undefined) continue;
      const inTitle = Math.floor(packed / TITLE_UNIT);
      const tf = (titleWeight * inTitle + (packed - inTitle * TITLE_UNIT)) / norm;
      total += weight * idfOf(id) * ((tf * (k1 + 1)) / (tf + k1));
    }
    return total;
  };

  // "cells" and "cell" are one term: FTS5 would count it twice.
  const query = new Map<number, number>();
  for (const word of queryWords) query.set(cache.stemId(word), 1);
  const first = vectors.map((vector) => score(vector, query));
  if (options.feedbackDocs <= 0 || options.feedbackWeight <= 0 || query.size === 0) return first;

  // RM3: each feedback paper's term distribution, weighted by the paper's (softmaxed) score.
  const top = first
    .map((value, i) => ({ value, i }))
    .sort((x, y) => y.value - x.value)
    .slice(0, options.feedbackDocs);
  const best = top[0]?.value ?? 0;
  const relevance = new Map<number, number>();
  for (const { value, i } of top) {
    const vector = vectors[i];
    if (!vector || vector.length === 0) continue;
    const docWeight = Math.exp(value - best) / vector.length;
    for (const [id, packed] of vector.counts) {
      const inTitle = Math.floor(packed / TITLE_UNIT);
      const count = inTitle + packed - inTitle * TITLE_UNIT;
      relevance.set(id, (relevance.get(id) ?? 0) + docWeight * count);
    }
  }
  const expansion: Array<{ id: number; weight: number }> = [];
  for (const [id, weight] of relevance) {
    const word = cache.surface(id);
    if (isStopword(word) || NUMBER.test(word)) continue;
    expansion.push({ id, weight: weight * idfOf(id) });
  }
  expansion.sort((x, y) => y.weight - x.weight).splice(options.feedbackTerms);
  const expansionTotal = expansion.reduce((sum, term) => sum + term.weight, 0);
  if (expansionTotal <= 0) return first;
  // Original terms keep weight (1 - λ) each and the expansion shares λ·|query| in proportion.
  const expanded = new Map<number, number>();
  for (const id of query.keys()) expanded.set(id, 1 - options.feedbackWeight);
  for (const { id, weight } of expansion) {
    const share = (options.feedbackWeight * query.size * weight) / expansionTotal;
    expanded.set(id, (expanded.get(id) ?? 0) + share);
  }
  return vectors.map((vector) => score(vector, expanded));
}
