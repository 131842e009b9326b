import type { Cache } from '../../cache/create-cache.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { Paper } from '../../papers/paper.ts';
import { type CachedEmbedder, cosine, createCachedEmbedder, paperText } from '../../search/cached-embedder.ts';
import type { LearnedProfile, ProfilePaper } from './learned-scoring.ts';
import { VOTE_HALF_LIFE_MS } from './train.ts';

/**
 * The learner's embedding feature: how much closer in meaning each candidate is to the papers a
 * channel liked than to those it disliked (issue 14: "similarity to liked and disliked papers …
 * embeddings too when EMBEDDINGS_MODEL is set"). A Rocchio profile in embedding space, computed when
 * a digest is planned from vectors the embeddings cache already holds for the day's candidates.
 */
export interface VoteSimilarity {
  /**
   * cos(candidate, liked centroid) − cos(candidate, disliked centroid), by paper id; empty when the
   * profile has no liked paper. Without dislikes the day's candidates stand in for them, so what
   * every candidate shares stops counting.
   * @throws whatever the embeddings endpoint throws; the digest then ranks without it.
   */
  scores(profile: LearnedProfile, papers: readonly Paper[], now: number): Promise<ReadonlyMap<string, number>>;
}

/**
 * Voted papers are embedded by their title (the vote keeps the title and the features, not the
 * abstract), the candidates as search embeds them, so those vectors are cache hits. Undefined
 * without an embeddings model.
 */
export function createVoteSimilarity(options: {
  readonly config: Config['llm'];
  readonly cache: Cache;
  readonly log: Logger;
}): VoteSimilarity | undefined {
  const embedder = createCachedEmbedder(options);
  return embedder ? voteSimilarityOf(embedder) : undefined;
}

export function voteSimilarityOf(embedder: CachedEmbedder): VoteSimilarity {
  return {
    async scores(profile, papers, now) {
      const liked = profile.liked;
      const disliked = profile.disliked ?? [];
      if (liked.length === 0 || papers.length === 0) return new Map();
      const vectors = await embedder.embed([
        ...liked.map((p) => p.title),
        ...disliked.map((p) => p.title),
        ...papers.map(paperText),
      ]);
      const likedVectors = vectors.slice(0, liked.length);
      const dislikedVectors = vectors.slice(liked.length, liked.length + disliked.length);
      const paperVectors = vectors.slice(liked.length + disliked.length);
      const positive = centroid(likedVectors, liked, now);
      // Undated entries weigh 1: the day's candidates, when they stand in for the dislikes.
      const negative = disliked.length > 0 ? centroid(dislikedVectors, disliked, now) : centroid(paperVectors, [], now);
      const scores = new Map<string, number>();
      if (!positive) return scores;
      papers.forEach((paper, i) => {
        const vector = paperVectors[i];
        if (!vector || vector.length === 0) return;
        scores.set(paper.id, cosine(vector, positive) - (negative ? cosine(vector, negative) : 0));
      });
      return scores;
    },
  };
}

// The direction of the summed unit vectors (cosine ignores length, so no division by the count),
// each vote weighed down by its age as the lexical model weighs it; an entry without a time weighs 1.
function centroid(
  vectors: readonly number[][],
  papers: ReadonlyArray<Pick<ProfilePaper, 'at'>>,
  now: number,
): number[] | undefined {
  let sum: number[] | undefined;
  vectors.forEach((vector, i) => {
    if (vector.length === 0) return;
    const norm = Math.hypot(...vector) || 1;
    const weight = 0.5 ** (Math.max(0, now - (papers[i]?.at ?? now)) / VOTE_HALF_LIFE_MS) / norm;
    sum ??= new Array<number>(vector.length).fill(0);
    for (let d = 0; d < vector.length; d++) sum[d] = (sum[d] ?? 0) + weight * (vector[d] ?? 0);
  });
  return sum;
}
