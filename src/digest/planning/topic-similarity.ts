import type { Cache } from '../../cache/create-cache.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { Paper } from '../../papers/paper.ts';
import { cosine, createCachedEmbedder, paperText } from '../../search/cached-embedder.ts';

export interface CreateTopicSimilarityOptions {
  readonly config: Config['llm'];
  readonly cache: Cache;
  readonly log: Logger;
}

/** Embedding similarity between a subscription's topics and candidate papers, for digest ranking. */
export interface TopicSimilarity {
  /**
   * Cosine similarity of each paper (title and abstract) to its closest topic, by paper id.
   * @throws whatever the embeddings endpoint throws (after the client's retries); the caller ranks lexically then.
   */
  scores(
    topics: readonly string[],
    papers: readonly Paper[],
    signal?: AbortSignal,
  ): Promise<ReadonlyMap<string, number>>;
}

/**
 * The digest's view of the embeddings: search ranks against one query, a digest needs the cosine of
 * every candidate to every topic, to fuse with BM25 (src/digest/planning/ranking/). Vectors come from the same
 * cached embedder as search, so a paper embedded by either is never embedded again.
 * Returns undefined when no embeddings model is configured (the default).
 */
export function createTopicSimilarity({
  config,
  cache,
  log,
}: CreateTopicSimilarityOptions): TopicSimilarity | undefined {
  const embedder = createCachedEmbedder({ config, cache, log });
  if (!embedder) return undefined;
  const vectors = async (texts: readonly string[], signal?: AbortSignal): Promise<Map<string, number[]>> => {
    const embedded = await embedder.embed(texts, signal);
    const found = new Map<string, number[]>();
    texts.forEach((text, i) => {
      const vector = embedded[i];
      if (vector && vector.length > 0) found.set(text, vector);
    });
    return found;
  };

  return {
    async scores(topics, papers, signal) {
      const topicTexts = topics.map((topic) => topic.trim()).filter(Boolean);
      if (topicTexts.length === 0 || papers.length === 0) return new Map();
      const texts = papers.map(paperText);
      const found = await vectors([...topicTexts, ...texts], signal);
      const topicVectors = topicTexts.map((topic) => found.get(topic)).filter((v): v is number[] => v !== undefined);
      const scores = new Map<string, number>();
      if (topicVectors.length === 0) return scores;
      papers.forEach((paper, i) => {
        const vector = found.get(texts[i] ?? '');
        if (!vector) return;
        // The closest topic counts: a paper about one of a channel's topics is relevant to it, and
        // averaging topic vectors would blur unrelated topics into a direction matching none.
        let best = Number.NEGATIVE_INFINITY;
        for (const topic of topicVectors) best = Math.max(best, cosine(topic, vector));
        scores.set(paper.id, best);
      });
      return scores;
    },
  };
}

/**
 * Dense scores for ranking, or undefined for lexical ranking: when embeddings are off, when there
 * is nothing to compare, or when the endpoint fails. A digest never waits on, or fails for, the
 * embeddings endpoint (issue 6: lexical scoring stands alone); the outage is logged at warn.
 */
export async function denseScoresOrLexical(
  similarity: TopicSimilarity | undefined,
  settings: { readonly topics: readonly string[]; readonly minUpvotes: number },
  papers: readonly Paper[],
  log: Logger,
  context: Readonly<Record<string, unknown>> = {},
): Promise<ReadonlyMap<string, number> | undefined> {
  if (!similarity) return undefined;
  // Papers under min_upvotes are dropped by ranking anyway; not embedding them saves the requests.
  const eligible = papers.filter((paper) => (paper.upvotes ?? 0) >= settings.minUpvotes);
  if (eligible.length === 0) return undefined;
  try {
    return await similarity.scores(settings.topics, eligible);
  } catch (error) {
    log.warn({ err: error, ...context }, 'embeddings unavailable; digest ranked lexically');
    return undefined;
  }
}
