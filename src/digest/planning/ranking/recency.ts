import type { CandidateIndex } from './candidate-index.ts';

const DAY_MS = 24 * 3600_000;
// arXiv announces a paper a day or two after its submission date, and Hugging Face lists papers
// a few days after arXiv: papers this young are all "new" and keep their full score.
export const FRESH_FOR_MS = 3 * DAY_MS;
// Past that, the staleness doubles its distance to the floor every week...
const STALE_HALF_LIFE_MS = 7 * DAY_MS;
// ...and never costs more than this share of the score: an old paper that matches well still shows.
export const MAX_STALENESS_PENALTY = 0.3;

/**
 * The factor in [1 - MAX_STALENESS_PENALTY, 1] that a paper published `ageMs` before the digest
 * is scored by. Not learned: every paper a channel votes on is new, so its votes say nothing
 * about age, and a learned weight would only echo the model's bias.
 */
export function recencyFactor(ageMs: number): number {
  if (!(ageMs > FRESH_FOR_MS)) return 1;
  const staleness = 1 - 0.5 ** ((ageMs - FRESH_FOR_MS) / STALE_HALF_LIFE_MS);
  return 1 - MAX_STALENESS_PENALTY * staleness;
}

// Per candidate set: publication times parsed once (NaN where a paper has no usable date), and
// the factors of the last `asOf` asked, since the subscriptions of one fan-out share their due time.
const cached = new WeakMap<CandidateIndex, { published: Float64Array; asOf: number; factors: Float64Array }>();

/** The recency factor of every document of the index at `asOf` (ms); an undated paper counts as new. */
export function recencyFactors(index: CandidateIndex, asOf: number): Float64Array {
  let entry = cached.get(index);
  if (entry?.asOf === asOf) return entry.factors;
  const published = entry?.published ?? Float64Array.from(index.papers, (paper) => Date.parse(paper.published));
  const factors = published.map((at) => (Number.isNaN(at) ? 1 : recencyFactor(asOf - at)));
  entry = { published, asOf, factors };
  cached.set(index, entry);
  return factors;
}
