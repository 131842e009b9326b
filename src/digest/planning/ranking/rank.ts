import type { Paper } from '../../../papers/paper.ts';
import { queryWords, stemmedTerms } from '../../../text/index.ts';
import { addBm25Scores } from './bm25.ts';
import { type CandidateIndex, hasDoc, indexCandidates } from './candidate-index.ts';
import { fuseDense } from './dense-fusion.ts';
import { phraseDocs, withPhraseBonus } from './phrases.ts';
import { recencyFactors } from './recency.ts';
import { topK } from './top-k.ts';

// log(1 + upvotes) scaled so that ~150 upvotes weigh about as much as doubling relevance.
const UPVOTE_WEIGHT = 0.2;
// The topic score at which topic confidence is one half: lexically, a strong match of one topic word
// in the title and abstract (BM25 ≈ 8 on arXiv-sized abstracts); fused with embeddings (a 0–1 score), 0.5.
const LEXICAL_HALF = 8;
const FUSED_HALF = 0.5;
// A paper no topic word matches joins on the learned likelihood alone when the model thinks the
// channel more likely than not to 👍 it.
const LEARNED_ONLY_MIN = 0.5;

/**
 * A subscription's learned taste (src/digest/learning/): the likelihood that the channel 👍s each
 * candidate, and how much it counts against the topics.
 */
export interface LearnedScorer {
  /** In (0, 1): the learned likelihood's share of the score. */
  readonly weight: number;
  /** The likelihood in [0, 1] of every document of the index, by document number. */
  likelihoods(index: CandidateIndex): Float64Array;
}

export interface RankOptions {
  readonly topics: readonly string[];
  readonly exclude: readonly string[];
  readonly minUpvotes: number;
  /** Keep the best `limit` entries (all when undefined). */
  readonly limit?: number;
  /**
   * Embedding similarity (cosine) of each paper id to the subscription's topics, computed before
   * ranking (src/digest/planning/topic-similarity.ts). Absent or empty: lexical ranking only.
   */
  readonly dense?: ReadonlyMap<string, number>;
  /** What the subscription learned from its votes; absent: ranked by the topics alone, exactly as before. */
  readonly learned?: LearnedScorer;
  /**
   * When the digest is due (ms): papers older than a few days score a little less (recency.ts).
   * Absent: age is not considered.
   */
  readonly asOf?: number;
}

export interface RankedPaper {
  readonly paper: Paper;
  /** What the order is by: relevance blended with upvotes, or, with a learned profile, `confidence`. */
  readonly score: number;
  /**
   * The score on a 0–1 scale a threshold can use (`min_score`): the topic confidence (saturating in
   * the topic score), blended with the learned likelihood of a 👍 when the subscription has votes.
   */
  readonly confidence: number;
  /** The learned likelihood that the channel 👍s this paper, when it has learned anything. */
  readonly likelihood?: number;
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

type Term = { readonly word: string; readonly id: number | undefined };
type Scored = { readonly doc: number; readonly relevance: number; readonly score: number };

/**
 * Ranks the indexed candidates for one subscription: papers matching no topic word, containing an
 * exclude keyword (as a phrase) or with fewer than `minUpvotes` upvotes (none counts as 0) are
 * dropped; the rest are ordered by relevance × (1 + w·log(1 + upvotes)) × recency, ties by id. With `dense`
 * scores, relevance is BM25 fused with embedding similarity, and papers close to the topics in
 * meaning may join without a matching word (see fuseDense).
 * No I/O and no clock; per subscription it walks only the postings of its own words, in the index's
 * scratch buffers (zeroed again before returning; ranking is synchronous, so calls never interleave).
 */
export function rankCandidates(index: CandidateIndex, options: RankOptions): Ranking {
  if (index.papers.length === 0) return { entries: [], total: 0 };
  const topics = options.topics.map((topic) => queryWords(topic)).filter((words) => words.length > 0);

  // Each distinct stem scores once per paper, even when two topics share it.
  const terms: Term[] = [];
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
    addBm25Scores(
      index,
      terms.map((t) => t.id),
      touched,
    );
    if (touched.length === 0 && !options.learned) return { entries: [], total: 0 };
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
      // Typed like a topic, so normalized like one (queryWords).
      for (const doc of phraseDocs(index, stemmedTerms(phrase.normalize('NFKC'))) ?? []) {
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
  terms: readonly Term[],
  touched: readonly number[],
): Ranking {
  const { base, phrases, excluded } = index.scratch;
  // Exclude keywords and min_upvotes hold for every paper, however it matched.
  const passes = (doc: number): boolean => {
    const paper = index.papers[doc];
    return paper !== undefined && !excluded[doc] && (paper.upvotes ?? 0) >= options.minUpvotes;
  };
  const relevanceOf = (doc: number): number => withPhraseBonus(base[doc] ?? 0, phrases[doc] ?? 0);
  const fusion =
    options.dense && options.dense.size > 0 ? fuseDense(index, options.dense, touched, passes, relevanceOf) : undefined;

  const best = topK<Scored>(options.limit ?? Number.POSITIVE_INFINITY, (a, b) => compare(index, a, b));
  const half = fusion ? FUSED_HALF : LEXICAL_HALF;
  const likely = options.learned?.likelihoods(index);
  const learnedWeight = options.learned?.weight ?? 0;
  const recency = options.asOf === undefined ? undefined : recencyFactors(index, options.asOf);
  let total = 0;
  const consider = (doc: number): void => {
    if (!passes(doc)) return;
    const upvotes = index.papers[doc]?.upvotes ?? 0;
    total++;
    const relevance = relevanceOf(doc);
    const blended = fusion ? fusion.score(doc, relevance) : relevance;
    const topicScore = blended * (1 + UPVOTE_WEIGHT * Math.log1p(upvotes));
    const blend = likely
      ? (1 - learnedWeight) * (topicScore / (topicScore + half)) + learnedWeight * (likely[doc] ?? 0)
      : topicScore;
    const score = recency ? blend * (recency[doc] ?? 1) : blend;
    best.offer({ doc, relevance, score });
  };
  for (const doc of touched) consider(doc);
  const denseOnly = fusion?.denseOnly ?? [];
  for (const doc of denseOnly) consider(doc);
  if (likely) {
    const considered = new Set(denseOnly);
    for (let doc = 0; doc < likely.length; doc++) {
      if (base[doc] === 0 && !considered.has(doc) && (likely[doc] ?? 0) >= LEARNED_ONLY_MIN) consider(doc);
    }
  }

  const entries = best.best().map(({ doc, relevance, score }): RankedPaper => {
    const paper = index.papers[doc];
    if (!paper) throw new Error(`ranked document ${doc} is not in the index`);
    const similarity = fusion ? options.dense?.get(paper.id) : undefined;
    const likelihood = likely?.[doc];
    return {
      paper,
      relevance,
      score,
      confidence: likely ? score : score / (score + half),
      ...(likelihood === undefined ? {} : { likelihood }),
      ...(similarity === undefined ? {} : { similarity }),
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

// Higher score first, then the lower id, so equal scores always come out in the same order.
function compare(index: CandidateIndex, a: Scored, b: Scored): number {
  if (a.score !== b.score) return b.score - a.score;
  const idA = index.papers[a.doc]?.id ?? '';
  const idB = index.papers[b.doc]?.id ?? '';
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}
