import type { Paper } from '../../../papers/paper.ts';
import { stemmedTerms } from '../../../text/index.ts';

// The title counts as TITLE_WEIGHT occurrences of each of its words (a fielded BM25F-lite, like
// the library's weighted FTS columns).
export const TITLE_WEIGHT = 2;
// A paper's text past this many characters is not an abstract any more; it adds cost, not relevance.
export const MAX_TEXT_CHARS = 20_000;
// Bigram keys pack two term ids into one safe integer (ids stay far below 2^21 per candidate set).
const BIGRAM_SHIFT = 2 ** 21;

export interface Postings {
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
  /** Documents (ascending) per adjacent term pair, for phrases; keyed by bigramKey. */
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

/** The key of the adjacent term pair (first, second) in CandidateIndex.bigrams. */
export function bigramKey(first: number, second: number): number {
  return first * BIGRAM_SHIFT + second;
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
    // The stems FTS5 indexes the library with, so a digest matches what /papers would.
    const title = stemmedTerms(paper.title.slice(0, MAX_TEXT_CHARS)).map(idOf);
    const abstract = stemmedTerms(paper.abstract.slice(0, MAX_TEXT_CHARS)).map(idOf);
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
        const key = bigramKey(field[i - 1] ?? 0, field[i] ?? 0);
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

/** Binary search in an ascending postings list. */
export function hasDoc(docs: readonly number[] | undefined, doc: number): boolean {
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
