import type { Paper } from '../papers/paper.ts';
import { queryWords, stemmedTokens } from './terms.ts';

// BM25 (Robertson/Spärck Jones) with the usual constants; the title counts as TITLE_WEIGHT
// occurrences of each of its words (a fielded BM25F-lite, like the library's weighted FTS columns).
const K1 = 1.2;
const B = 0.75;
const TITLE_WEIGHT = 2;
// A topic whose words appear next to each other, in order ("speculative decoding"), counts this
// much more than the same words scattered through the abstract.
const PHRASE_BONUS = 0.5;
// log(1 + upvotes) scaled so that ~150 upvotes weigh about as much as doubling relevance.
const UPVOTE_WEIGHT = 0.2;
// Bigram keys pack two term ids into one safe integer (ids stay far below 2^21 per candidate set).
const BIGRAM_SHIFT = 2 ** 21;
// Dense fusion (issue 6, item 4: lexical scoring "plus embeddings when configured"), see fuseDense.
// Half lexical, half dense: either signal alone can carry a paper to the top.
const DENSE_WEIGHT = 0.5;
// A paper no topic word matches joins on similarity alone when it is at least as close to the topics
// as this quantile of the keyword matches (the upper quartile).
const DENSE_ONLY_QUANTILE = 0.75;

interface Postings {
  /** Documents containing the term, ascending. */
  readonly docs: number[];
  /** Weighted term frequency in each of those documents. */
  readonly tfs: number[];
}

/** A candidate set indexed once, then ranked for any number of subscriptions. */
export interface CandidateIndex {
  readonly papers: readonly Paper[];
  /** Weighted length (title × TITLE_WEIGHT + abstract) per document. */
  readonly lengths: Float64Array;
  readonly termIds: ReadonlyMap<string, number>;
  readonly postings: readonly Postings[];
  /** Documents (ascending) per adjacent term pair, for phrases. */
  readonly bigrams: ReadonlyMap<number, readonly number[]>;
  readonly averageLength: number;
  /** Document number of each paper id, to place dense scores (which arrive by id). */
  readonly docOf: ReadonlyMap<string, number>;
  /**
   * Per-document buffers reused by every ranking (and left zeroed after it), so ranking 1,000
   * subscriptions allocates no per-call arrays of the candidate set's size.
   */
  readonly scratch: { readonly base: Float64Array; readonly phrases: Uint8Array; readonly excluded: Uint8Array };
}

export interface RankOptions {
  readonly topics: readonly string[];
  readonly exclude: readonly string[];
  readonly minUpvotes: number;
  /** Keep the best `limit` entries (all when undefined). */
  readonly limit?: number;
  /**
   * Embedding similarity (cosine) of each paper id to the subscription's topics, computed before
   * ranking (src/digest/topic-similarity.ts). Absent or empty: lexical ranking only.
   */
  readonly dense?: ReadonlyMap<string, number>;
}

export interface RankedPaper {
  readonly paper: Paper;
  /** Relevance blended with upvotes; higher is better. */
  readonly score: number;
  /** BM25 relevance of title and abstract to the topics (with the phrase bonus); 0 for a match by similarity alone. */
  readonly relevance: number;
  /** Cosine similarity to the topics, when ranked with embeddings. */
  readonly similarity?: number;
  /** The topic words found in the paper, in topic order: "why it matched". */
  readonly matchedTerms: readonly string[];
}

export interface Ranking {
  /** The best entries, best first (at most `limit`). */
  readonly entries: RankedPaper[];
  /** How many candidates matched and passed the filters. */
  readonly total: number;
}

/** Tokenizes and indexes candidate papers (title and abstract). */
export function indexCandidates(papers: readonly Paper[]): CandidateIndex {
  const termIds = new Map<string, number>();
  const postings: Postings[] = [];
  const bigrams = new Map<number, number[]>();
  const lengths = new Float64Array(papers.length);
  let totalLength = 0;
  const idOf = (term: string): number => {
    let id = termIds.get(term);
    if (id === undefined) {
      id = termIds.size;
      termIds.set(term, id);
      postings.push({ docs: [], tfs: [] });
    }
    return id;
  };
  for (const [doc, paper] of papers.entries()) {
    const title = stemmedTokens(paper.title).map(idOf);
    const abstract = stemmedTokens(paper.abstract).map(idOf);
    const tf = new Map<number, number>();
    for (const id of title) tf.set(id, (tf.get(id) ?? 0) + TITLE_WEIGHT);
    for (const id of abstract) tf.set(id, (tf.get(id) ?? 0) + 1);
    for (const [id, count] of tf) {
      postings[id]?.docs.push(doc);
      postings[id]?.tfs.push(count);
    }
    const seenPairs = new Set<number>();
    // Title and abstract separately: a phrase never spans the two.
    for (const field of [title, abstract]) {
      for (let i = 1; i < field.length; i++) {
        const key = (field[i - 1] ?? 0) * BIGRAM_SHIFT + (field[i] ?? 0);
        if (seenPairs.has(key)) continue;
        seenPairs.add(key);
        const list = bigrams.get(key);
        if (list) list.push(doc);
        else bigrams.set(key, [doc]);
      }
    }
    lengths[doc] = title.length * TITLE_WEIGHT + abstract.length;
    totalLength += lengths[doc] ?? 0;
  }
  return {
    papers: [...papers],
    lengths,
    termIds,
    postings,
    bigrams,
    averageLength: papers.length ? totalLength / papers.length : 0,
    docOf: new Map(papers.map((paper, doc) => [paper.id, doc])),
    scratch: {
      base: new Float64Array(papers.length),
      phrases: new Uint8Array(papers.length),
      excluded: new Uint8Array(papers.length),
    },
  };
}

/**
 * Ranks the indexed candidates for one subscription: papers matching no topic word, containing an
 * exclude keyword (as a phrase) or with fewer than `minUpvotes` upvotes (none counts as 0) are
 * dropped; the rest are ordered by relevance × (1 + w·log(1 + upvotes)), ties by id. With `dense`
 * scores, relevance is BM25 fused with embedding similarity, and papers close to the topics in
 * meaning may join without a matching word (see fuseDense).
 * No I/O and no clock; per subscription it walks only the postings of its own words, in the index's
 * scratch buffers (zeroed again before returning; ranking is synchronous, so calls never interleave).
 */
export function rankCandidates(index: CandidateIndex, options: RankOptions): Ranking {
  const n = index.papers.length;
  if (n === 0) return { entries: [], total: 0 };
  const topics = options.topics.map((topic) => queryWords(topic)).filter((words) => words.length > 0);

  // Each distinct stem scores once per paper, even when two topics share it.
  const terms: Array<{ readonly word: string; readonly id: number | undefined }> = [];
  const seen = new Set<string>();
  for (const words of topics) {
    for (const { word, stem } of words) {
      if (seen.has(stem)) continue;
      seen.add(stem);
      terms.push({ word, id: index.termIds.get(stem) });
    }
  }

  const { base, phrases, excluded } = index.scratch;
  const touched: number[] = [];
  const phrased: number[] = [];
  const excludedDocs: number[] = [];
  try {
    for (const { id } of terms) {
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
    if (touched.length === 0) return { entries: [], total: 0 };
    for (const words of topics) {
      if (words.length < 2) continue;
      for (const doc of phraseDocs(
        index,
        words.map((w) => w.stem),
      ) ?? []) {
        phrased.push(doc);
        phrases[doc] = (phrases[doc] ?? 0) + 1;
      }
    }
    for (const phrase of options.exclude) {
      for (const doc of phraseDocs(index, stemmedTokens(phrase)) ?? []) {
        excludedDocs.push(doc);
        excluded[doc] = 1;
      }
    }
    return select(index, options, terms, touched);
  } finally {
    for (const doc of touched) base[doc] = 0;
    for (const doc of phrased) phrases[doc] = 0;
    for (const doc of excludedDocs) excluded[doc] = 0;
  }
}

function select(
  index: CandidateIndex,
  options: RankOptions,
  terms: ReadonlyArray<{ readonly word: string; readonly id: number | undefined }>,
  touched: readonly number[],
): Ranking {
  const { base, phrases, excluded } = index.scratch;
  // Exclude keywords and min_upvotes hold for every paper, however it matched.
  const passes = (doc: number): boolean => {
    const paper = index.papers[doc];
    return paper !== undefined && !excluded[doc] && (paper.upvotes ?? 0) >= options.minUpvotes;
  };
  const relevanceOf = (doc: number): number => (base[doc] ?? 0) * (1 + PHRASE_BONUS * (phrases[doc] ?? 0));
  const fusion =
    options.dense && options.dense.size > 0 ? fuseDense(index, options.dense, touched, passes, relevanceOf) : undefined;

  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const best: Array<{ doc: number; relevance: number; score: number }> = [];
  let total = 0;
  const consider = (doc: number): void => {
    if (!passes(doc)) return;
    const upvotes = index.papers[doc]?.upvotes ?? 0;
    total++;
    const relevance = relevanceOf(doc);
    const blended = fusion ? fusion.score(doc, relevance) : relevance;
    const candidate = { doc, relevance, score: blended * (1 + UPVOTE_WEIGHT * Math.log1p(upvotes)) };
    if (limit === Number.POSITIVE_INFINITY) {
      best.push(candidate);
      return;
    }
    // Keep only the best `limit` (a small sorted array), so a big candidate set is never sorted whole.
    if (best.length >= limit) {
      const worst = best[best.length - 1];
      if (worst && compare(index, candidate, worst) >= 0) return;
      best.pop();
    }
    let at = best.length;
    while (at > 0 && compare(index, candidate, best[at - 1] ?? candidate) < 0) at--;
    best.splice(at, 0, candidate);
  };
  for (const doc of touched) consider(doc);
  for (const doc of fusion?.denseOnly ?? []) consider(doc);

  if (limit === Number.POSITIVE_INFINITY) best.sort((a, b) => compare(index, a, b));
  const entries = best.map(({ doc, relevance, score }): RankedPaper => {
    const paper = index.papers[doc];
    if (!paper) throw new Error(`ranked document ${doc} is not in the index`);
    const similarity = fusion ? options.dense?.get(paper.id) : undefined;
    return {
      paper,
      relevance,
      score,
      ...(similarity === undefined ? {} : { similarity }),
      matchedTerms: terms
        .filter((t) => t.id !== undefined && hasDoc(index.postings[t.id]?.docs, doc))
        .map((t) => t.word),
    };
  });
  return { entries, total };
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
 */
function fuseDense(
  index: CandidateIndex,
  dense: ReadonlyMap<string, number>,
  touched: readonly number[],
  passes: (doc: number) => boolean,
  relevanceOf: (doc: number) => number,
): { readonly score: (doc: number, relevance: number) => number; readonly denseOnly: readonly number[] } | undefined {
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

/** Convenience for one-off rankings (the runner, previews, the CLI): index, then rank everything. */
export function rankPapers(papers: readonly Paper[], options: RankOptions): RankedPaper[] {
  return rankCandidates(indexCandidates(papers), options).entries;
}

/** Documents containing the stems as a phrase; undefined when some stem occurs nowhere. */
function phraseDocs(index: CandidateIndex, stems: readonly string[]): readonly number[] | undefined {
  const ids = stems.map((stem) => index.termIds.get(stem));
  if (ids.length === 0 || ids.some((id) => id === undefined)) return undefined;
  const [first] = ids as number[];
  if (ids.length === 1) return index.postings[first ?? 0]?.docs;
  // Every adjacent pair must be adjacent in the paper too (exact for two words, which most are).
  const lists: Array<readonly number[]> = [];
  for (let i = 1; i < ids.length; i++) {
    const list = index.bigrams.get((ids[i - 1] ?? 0) * BIGRAM_SHIFT + (ids[i] ?? 0));
    if (!list) return undefined;
    lists.push(list);
  }
  lists.sort((a, b) => a.length - b.length);
  const [smallest, ...rest] = lists;
  const others = rest.map((list) => new Set(list));
  return (smallest ?? []).filter((doc) => others.every((set) => set.has(doc)));
}

// Higher score first, then the lower id, so equal scores always come out in the same order.
function compare(index: CandidateIndex, a: { doc: number; score: number }, b: { doc: number; score: number }): number {
  if (a.score !== b.score) return b.score - a.score;
  const idA = index.papers[a.doc]?.id ?? '';
  const idB = index.papers[b.doc]?.id ?? '';
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

/** Binary search in an ascending postings list. */
function hasDoc(docs: readonly number[] | undefined, doc: number): boolean {
  if (!docs) return false;
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const value = docs[mid] ?? 0;
    if (value === doc) return true;
    if (value < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
