import type { Paper } from '../papers/paper.js';
import { queryWords, stemmedTokens } from './terms.js';

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
}

export interface RankedPaper {
  readonly paper: Paper;
  /** Relevance blended with upvotes; higher is better. */
  readonly score: number;
  /** BM25 relevance of title and abstract to the topics (with the phrase bonus). */
  readonly relevance: number;
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
 * dropped; the rest are ordered by relevance × (1 + w·log(1 + upvotes)), ties by id.
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

  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const best: Array<{ doc: number; relevance: number; score: number }> = [];
  let total = 0;
  for (const doc of touched) {
    if (excluded[doc]) continue;
    const paper = index.papers[doc];
    if (!paper) continue;
    const upvotes = paper.upvotes ?? 0;
    if (upvotes < options.minUpvotes) continue;
    total++;
    const relevance = (base[doc] ?? 0) * (1 + PHRASE_BONUS * (phrases[doc] ?? 0));
    const candidate = { doc, relevance, score: relevance * (1 + UPVOTE_WEIGHT * Math.log1p(upvotes)) };
    if (limit === Number.POSITIVE_INFINITY) {
      best.push(candidate);
      continue;
    }
    // Keep only the best `limit` (a small sorted array), so a big candidate set is never sorted whole.
    if (best.length >= limit) {
      const worst = best[best.length - 1];
      if (worst && compare(index, candidate, worst) >= 0) continue;
      best.pop();
    }
    let at = best.length;
    while (at > 0 && compare(index, candidate, best[at - 1] ?? candidate) < 0) at--;
    best.splice(at, 0, candidate);
  }

  if (limit === Number.POSITIVE_INFINITY) best.sort((a, b) => compare(index, a, b));
  const entries = best.map(({ doc, relevance, score }): RankedPaper => {
    const paper = index.papers[doc];
    if (!paper) throw new Error(`ranked document ${doc} is not in the index`);
    return {
      paper,
      relevance,
      score,
      matchedTerms: terms
        .filter((t) => t.id !== undefined && hasDoc(index.postings[t.id]?.docs, doc))
        .map((t) => t.word),
    };
  });
  return { entries, total };
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
