import type { Cache } from '../cache/create-cache.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { cosine, createCachedEmbedder, paperText } from './cached-embedder.ts';
import type { DenseRanker } from './search-service.ts';

export { paperText } from './cached-embedder.ts';

export interface CreateEmbeddingRankerOptions {
  readonly config: Config['llm'];
  readonly cache: Cache;
  readonly log: Logger;
}

/**
 * Dense ranking through an OpenAI-compatible embeddings endpoint (see createCachedEmbedder): the
 * query's cosine to each candidate. Returns undefined when no embeddings model is configured.
 */
export function createEmbeddingRanker({ config, cache, log }: CreateEmbeddingRankerOptions): DenseRanker | undefined {
  const embedder = createCachedEmbedder({ config, cache, log });
  if (!embedder) return undefined;

  return {
    async rank(query, candidates) {
      const [queryVector = [], ...paperVectors] = await embedder.embed([query, ...candidates.map(paperText)]);
      return candidates
        .map((paper, i) => ({ id: paper.id, score: cosine(queryVector, paperVectors[i] ?? []) }))
        .sort((a, b) => b.score - a.score)
        .map((r) => r.id);
    },
  };
}
