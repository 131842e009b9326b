import type { Paper } from '../../papers/paper.ts';
import { stemmedTerms } from '../../text/index.ts';
import { MAX_TEXT_CHARS, TITLE_WEIGHT } from '../planning/ranking/candidate-index.ts';

/**
 * A paper as the learner sees it: sublinear term frequencies (log(1 + tf), title words counted
 * TITLE_WEIGHT times, as the candidate index counts them) scaled to unit length, plus one feature
 * per arXiv category (`cat:cs.SD`). Sparse, and plain JSON so it is stored as it is.
 */
export type FeatureVector = Readonly<Record<string, number>>;

/** Prefix of category features; stems never contain ':' (the tokenizer splits on it). */
export const CATEGORY_PREFIX = 'cat:';
// A category match weighs about as much as a strong shared term: topical but coarse.
export const CATEGORY_WEIGHT = 0.5;

/** The sublinear weight of a term occurring `tf` (title-weighted) times. */
export function termWeight(tf: number): number {
  return Math.log1p(tf);
}

export function featuresOf(paper: Pick<Paper, 'title' | 'abstract' | 'categories'>): FeatureVector {
  const tf = new Map<string, number>();
  for (const stem of stemmedTerms(paper.title.slice(0, MAX_TEXT_CHARS)))
    tf.set(stem, (tf.get(stem) ?? 0) + TITLE_WEIGHT);
  for (const stem of stemmedTerms(paper.abstract.slice(0, MAX_TEXT_CHARS))) tf.set(stem, (tf.get(stem) ?? 0) + 1);
  let norm = 0;
  for (const count of tf.values()) norm += termWeight(count) ** 2;
  norm = Math.sqrt(norm) || 1;
  const features: Record<string, number> = {};
  for (const [stem, count] of tf) features[stem] = termWeight(count) / norm;
  for (const category of paper.categories) features[`${CATEGORY_PREFIX}${category}`] = CATEGORY_WEIGHT;
  return features;
}

export function dot(a: FeatureVector, b: FeatureVector): number {
  let sum = 0;
  for (const key in a) {
    const other = b[key];
    if (other !== undefined) sum += (a[key] ?? 0) * other;
  }
  return sum;
}

export function cosineOf(a: FeatureVector, b: FeatureVector): number {
  const denominator = Math.sqrt(dot(a, a) * dot(b, b));
  return denominator > 0 ? dot(a, b) / denominator : 0;
}
