import type { Paper } from '../../papers/paper.ts';
import type { CandidateIndex } from '../planning/ranking/candidate-index.ts';
import type { LearnedScorer } from '../planning/ranking/rank.ts';
import { CATEGORY_PREFIX, CATEGORY_WEIGHT, cosineOf, type FeatureVector, featuresOf, termWeight } from './features.ts';
import type { LinearModel } from './train.ts';
import { sigmoid } from './train.ts';

// The learned likelihood's share of the score grows with the votes behind it, up to this much:
// the stated topics always keep a say.
const MAX_LEARNED_WEIGHT = 0.8;
// Votes at which the learned likelihood and the topics count equally.
const VOTES_FOR_HALF = 4;
// "like the 👍 paper …" only names a liked paper this close (cosine of their feature vectors).
const LIKE_MIN_COSINE = 0.3;

/** A liked paper, as an explanation names it. */
export interface LikedPaper {
  readonly paperId: string;
  readonly title: string;
}

/** A voted paper as the profile carries it: its features, and when it was last voted on (ms). */
export type ProfilePaper = LikedPaper & { readonly features: FeatureVector; readonly at: number };

/** What a subscription learned, loaded for ranking one digest. */
export interface LearnedProfile {
  readonly model: LinearModel;
  /** The papers it liked, most recent last (to name the most similar one, and for embedding similarity). */
  readonly liked: readonly ProfilePaper[];
  /** The papers it disliked, most recent last (for embedding similarity). */
  readonly disliked?: readonly ProfilePaper[];
}

// How far one standard deviation of embedding similarity to the votes (vote-similarity.ts) moves
// the model's log-odds, and the most it moves them: a second opinion, not a veto.
const VOTE_SIMILARITY_WEIGHT = 0.75;
const VOTE_SIMILARITY_CLIP = 2;

/** The share of the learned likelihood in a subscription's score (0: topics only). */
export function learnedWeight(model: LinearModel): number {
  if (model.stage === 'topics') return 0;
  const votes = model.upvotes + model.downvotes;
  return Math.min(MAX_LEARNED_WEIGHT, votes / (votes + VOTES_FOR_HALF));
}

/**
 * The profile as rank.ts consults it; undefined while nothing is learned (the ranking is then
 * exactly topics-only). `voteSimilarity`, when embeddings are on, is each candidate's embedding
 * similarity to the liked papers less that to the disliked ones (by paper id): standardized over
 * the candidates, it adds to the lexical model's log-odds.
 */
export function learnedScorer(
  profile: LearnedProfile | undefined,
  voteSimilarity?: ReadonlyMap<string, number>,
): LearnedScorer | undefined {
  if (!profile || profile.model.stage === 'topics') return undefined;
  const { model } = profile;
  // Term weights resolved to the index's term ids once per ranking, categories apart.
  const entries = Object.entries(model.weights);
  return {
    weight: learnedWeight(model),
    likelihoods(index) {
      const shape = shapeOf(index);
      const scores = new Float64Array(index.papers.length).fill(model.bias);
      for (const [key, weight] of entries) {
        if (key.startsWith(CATEGORY_PREFIX)) {
          for (const doc of shape.categories.get(key) ?? [])
            scores[doc] = (scores[doc] ?? 0) + weight * CATEGORY_WEIGHT;
          continue;
        }
        const id = index.termIds.get(key);
        if (id === undefined) continue;
        const docs = index.postings[id]?.docs;
        const values = shape.values[id];
        if (!docs || !values) continue;
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i] ?? 0;
          scores[doc] = (scores[doc] ?? 0) + weight * (values[i] ?? 0);
        }
      }
      if (voteSimilarity && voteSimilarity.size > 1) addVoteSimilarity(index, scores, voteSimilarity);
      for (let doc = 0; doc < scores.length; doc++) scores[doc] = sigmoid(scores[doc] ?? 0);
      return scores;
    },
  };
}

// Similarities differ in offset and scale from one embeddings model to another: standardized over
// the day's candidates, the weight means the same with any model.
function addVoteSimilarity(index: CandidateIndex, logits: Float64Array, similarity: ReadonlyMap<string, number>): void {
  let sum = 0;
  let squares = 0;
  for (const value of similarity.values()) {
    sum += value;
    squares += value * value;
  }
  const mean = sum / similarity.size;
  const spread = Math.sqrt(Math.max(0, squares / similarity.size - mean * mean));
  if (!(spread > 0)) return;
  for (const [paperId, value] of similarity) {
    const doc = index.docOf.get(paperId);
    if (doc === undefined) continue;
    const z = Math.max(-VOTE_SIMILARITY_CLIP, Math.min(VOTE_SIMILARITY_CLIP, (value - mean) / spread));
    logits[doc] = (logits[doc] ?? 0) + VOTE_SIMILARITY_WEIGHT * z;
  }
}

/** The liked paper most like `paper` ("like the 👍 paper *TERA…*"), if one is close enough. */
export function mostSimilarLiked(profile: LearnedProfile, paper: Paper): LikedPaper | undefined {
  if (profile.liked.length === 0) return undefined;
  const features = featuresOf(paper);
  let best: LikedPaper | undefined;
  let bestCosine = LIKE_MIN_COSINE;
  for (const liked of profile.liked) {
    if (liked.paperId === paper.id) continue;
    const similarity = cosineOf(features, liked.features);
    if (similarity >= bestCosine) {
      bestCosine = similarity;
      best = { paperId: liked.paperId, title: liked.title };
    }
  }
  return best;
}

interface IndexShape {
  /** Per term id, aligned with its postings: the documents' feature values (features.ts: sublinear tf over the vector's length). */
  readonly values: readonly Float64Array[];
  /** Documents per category feature key. */
  readonly categories: ReadonlyMap<string, readonly number[]>;
}

// Computed once per candidate set and shared by every subscription ranked against it.
const shapes = new WeakMap<CandidateIndex, IndexShape>();

function shapeOf(index: CandidateIndex): IndexShape {
  const known = shapes.get(index);
  if (known) return known;
  const norms = new Float64Array(index.papers.length);
  for (const list of index.postings) {
    for (let i = 0; i < list.docs.length; i++) {
      const doc = list.docs[i] ?? 0;
      norms[doc] = (norms[doc] ?? 0) + termWeight(list.tfs[i] ?? 0) ** 2;
    }
  }
  for (let doc = 0; doc < norms.length; doc++) norms[doc] = Math.sqrt(norms[doc] ?? 0) || 1;
  const values = index.postings.map((list) =>
    Float64Array.from(list.docs, (doc, i) => termWeight(list.tfs[i] ?? 0) / (norms[doc] ?? 1)),
  );
  const categories = new Map<string, number[]>();
  index.papers.forEach((paper, doc) => {
    for (const category of paper.categories) {
      const key = `${CATEGORY_PREFIX}${category}`;
      const docs = categories.get(key);
      if (docs) docs.push(doc);
      else categories.set(key, [doc]);
    }
  });
  const shape = { values, categories };
  shapes.set(index, shape);
  return shape;
}
