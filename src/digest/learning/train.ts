import { CATEGORY_PREFIX, dot, type FeatureVector } from './features.ts';
import type { LearnedSummary, LearnedTerm } from './types.ts';

// Hyper-parameters, fixed on the tuning channels of bench/learning.ts (see README, "How the digest learns").
/** Votes (👍 and 👎 together) before the logistic model replaces the Rocchio profile. */
export const MODEL_MIN_VOTES = 6;
// Rocchio's classic weights: liked papers pull, disliked ones push, the background (what every
// candidate shares) is subtracted so that common words stop counting.
const ROCCHIO_LIKED = 1;
const ROCCHIO_DISLIKED = 0.75;
const ROCCHIO_BACKGROUND = 0.5;
// Maps the profile's dot product to a 0–1 likelihood: ~0.1 for an unrelated paper, ~0.75 for one
// sharing the liked papers' category and several of their words.
const ROCCHIO_SLOPE = 8;
const ROCCHIO_OFFSET = -2;
// A random unvoted candidate is probably not wanted, but was never judged: it counts this much of a 👎.
const BACKGROUND_WEIGHT = 0.2;
const EPOCHS = 6;
const LEARNING_RATE = 0.5;
const L2 = 0.01;
/** A vote counts half after this long: tastes drift, and old votes should give way to new ones. */
export const VOTE_HALF_LIFE_MS = 30 * 24 * 3600_000;
/** Weights kept per subscription (strongest first): bounds storage and the cost of ranking. */
export const MAX_WEIGHTS = 300;

/** A paper the subscription voted on: `vote` is the net vote of its users (positive: liked; 0 teaches nothing). */
export interface VotedExample {
  readonly paperId: string;
  readonly title: string;
  readonly features: FeatureVector;
  readonly vote: number;
  /** ms since the epoch, of the latest vote. */
  readonly at: number;
}

/** A linear model over features: likelihood = sigmoid(bias + Σ weight·feature). */
export interface LinearModel {
  readonly stage: LearnedSummary['stage'];
  readonly bias: number;
  readonly weights: Readonly<Record<string, number>>;
  readonly upvotes: number;
  readonly downvotes: number;
}

export const TOPICS_ONLY: LinearModel = { stage: 'topics', bias: 0, weights: {}, upvotes: 0, downvotes: 0 };

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function likelihood(model: LinearModel, features: FeatureVector): number {
  return sigmoid(model.bias + dot(features, model.weights));
}

/**
 * Trains a subscription's model from its votes and background sample: nothing learned without
 * votes, a Rocchio profile with a few, logistic regression (SGD, L2, decayed votes, background
 * papers as soft negatives) from MODEL_MIN_VOTES on. Deterministic in its input.
 */
export function train(votes: readonly VotedExample[], background: readonly FeatureVector[], now: number): LinearModel {
  const liked = votes.filter((v) => v.vote > 0);
  const disliked = votes.filter((v) => v.vote < 0);
  const counts = { upvotes: liked.length, downvotes: disliked.length };
  if (liked.length + disliked.length === 0) return TOPICS_ONLY;
  const decay = (at: number) => 0.5 ** (Math.max(0, now - at) / VOTE_HALF_LIFE_MS);
  if (liked.length + disliked.length < MODEL_MIN_VOTES || liked.length === 0) {
    const weights: Record<string, number> = {};
    addMean(weights, liked, ROCCHIO_LIKED, decay);
    addMean(weights, disliked, -ROCCHIO_DISLIKED, decay);
    addMean(
      weights,
      background.map((features) => ({ features, at: now })),
      -ROCCHIO_BACKGROUND,
      decay,
    );
    for (const key in weights) weights[key] = (weights[key] ?? 0) * ROCCHIO_SLOPE;
    return { stage: 'profile', bias: ROCCHIO_OFFSET, weights: strongest(weights), ...counts };
  }
  const examples = [
    ...[...liked, ...disliked].map((v) => ({ features: v.features, label: v.vote > 0 ? 1 : 0, weight: decay(v.at) })),
    ...background.map((features) => ({ features, label: 0, weight: BACKGROUND_WEIGHT })),
  ];
  const compiled = examples.map((example) => ({
    ...compile(example.features),
    label: example.label,
    weight: example.weight,
  }));
  // The features these examples use, once each; the weights live in the shared scratch buffer at their numbers.
  const used: number[] = [];
  reserve(numbering.size);
  for (const { ids } of compiled) {
    for (const id of ids) {
      if (marks[id]) continue;
      marks[id] = 1;
      used.push(id);
    }
  }
  const w = scratch;
  let bias = 0;
  try {
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      const rate = LEARNING_RATE / (1 + epoch);
      // A fixed interleaving (a stride prime to the count) instead of a random shuffle.
      for (let i = 0; i < compiled.length; i++) {
        const example = compiled[(i * 7919) % compiled.length];
        if (!example) continue;
        const { ids, values } = example;
        let z = bias;
        for (let j = 0; j < ids.length; j++) z += (w[ids[j] ?? 0] ?? 0) * (values[j] ?? 0);
        const step = rate * example.weight * (example.label - sigmoid(z));
        bias += step;
        for (let j = 0; j < ids.length; j++) {
          const id = ids[j] ?? 0;
          w[id] = (w[id] ?? 0) + step * (values[j] ?? 0);
        }
      }
      const shrink = 1 - rate * L2;
      for (const id of used) w[id] = (w[id] ?? 0) * shrink;
    }
    return { stage: 'model', bias, weights: strongestOf(used, w), ...counts };
  } finally {
    for (const id of used) {
      w[id] = 0;
      marks[id] = 0;
    }
  }
}

interface Compiled {
  readonly ids: Int32Array;
  readonly values: Float64Array;
}

// Feature vectors numbered once per process, so that training runs over typed arrays instead of
// string-keyed objects (the difference between ~1 ms and ~10 ms a vote). Training is synchronous,
// so the scratch buffers are never shared by two calls at once; they are zeroed after each.
const numbering = new Map<string, number>();
const names: string[] = [];
const compiledOf = new WeakMap<FeatureVector, Compiled>();
let scratch = new Float64Array(4096);
let marks = new Uint8Array(4096);

function compile(features: FeatureVector): Compiled {
  const known = compiledOf.get(features);
  if (known) return known;
  const keys = Object.keys(features);
  const ids = new Int32Array(keys.length);
  const values = new Float64Array(keys.length);
  keys.forEach((key, i) => {
    let id = numbering.get(key);
    if (id === undefined) {
      id = names.length;
      numbering.set(key, id);
      names.push(key);
    }
    ids[i] = id;
    values[i] = features[key] ?? 0;
  });
  const compiled = { ids, values };
  compiledOf.set(features, compiled);
  return compiled;
}

function reserve(size: number): void {
  if (scratch.length >= size) return;
  const length = Math.max(size, scratch.length * 2);
  scratch = new Float64Array(length);
  marks = new Uint8Array(length);
}

// The MAX_WEIGHTS largest weights by magnitude, selected on numbers (no sort of string keys).
function strongestOf(used: readonly number[], w: Float64Array): Record<string, number> {
  const magnitudes = Float64Array.from(used, (id) => Math.abs(w[id] ?? 0)).sort();
  const threshold = Math.max(Number.MIN_VALUE, magnitudes[magnitudes.length - MAX_WEIGHTS] ?? 0);
  const kept: Record<string, number> = {};
  let count = 0;
  for (const id of used) {
    const weight = w[id] ?? 0;
    if (Math.abs(weight) >= threshold && count < MAX_WEIGHTS) {
      kept[names[id] ?? ''] = weight;
      count++;
    }
  }
  return kept;
}

function addMean(
  into: Record<string, number>,
  items: ReadonlyArray<{ readonly features: FeatureVector; readonly at: number }>,
  scale: number,
  decay: (at: number) => number,
): void {
  if (items.length === 0) return;
  let total = 0;
  for (const item of items) total += decay(item.at);
  if (total === 0) return;
  for (const item of items) {
    const share = (scale * decay(item.at)) / total;
    for (const key in item.features) into[key] = (into[key] ?? 0) + share * (item.features[key] ?? 0);
  }
}

function strongest(weights: Record<string, number>): Record<string, number> {
  const kept = Object.entries(weights)
    .filter(([, w]) => w !== 0)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_WEIGHTS);
  return Object.fromEntries(kept);
}

/** The strongest positive and negative features, for /digest tune; categories read as `cs.SD`. */
export function strongestTerms(
  model: LinearModel,
  count: number,
): { positive: LearnedTerm[]; negative: LearnedTerm[] } {
  const terms = Object.entries(model.weights).map(([key, weight]) => ({
    term: key.startsWith(CATEGORY_PREFIX) ? key.slice(CATEGORY_PREFIX.length) : key,
    weight,
  }));
  return {
    positive: terms
      .filter((t) => t.weight > 0)
      .sort((a, b) => b.weight - a.weight)
      .slice(0, count),
    negative: terms
      .filter((t) => t.weight < 0)
      .sort((a, b) => a.weight - b.weight)
      .slice(0, count),
  };
}
