import { createHash } from 'node:crypto';
import { OpenAIEmbeddings } from '@langchain/openai';
import type { Cache } from '../cache/create-cache.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Paper } from '../papers/paper.js';
import type { DenseRanker } from './search-service.js';

export interface CreateEmbeddingRankerOptions {
  readonly config: Config['llm'];
  readonly cache: Cache;
  readonly log: Logger;
}

// Abstracts past this are cut: embedding models have input limits and the start says what a paper is.
const MAX_CHARS = 4000;

/** What a paper is embedded as. */
export function paperText(paper: Pick<Paper, 'title' | 'abstract'>): string {
  return `${paper.title}\n\n${paper.abstract}`.slice(0, MAX_CHARS);
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Dense ranking through an OpenAI-compatible embeddings endpoint (langchain's OpenAIEmbeddings).
 * Vectors are cached in Keyv namespace `embeddings` by a hash of model and text, so a paper is
 * embedded once however often it is searched; only new texts go to the endpoint, in one batch.
 * Returns undefined when no embeddings model is configured (the default).
 */
export function createEmbeddingRanker({ config, cache, log }: CreateEmbeddingRankerOptions): DenseRanker | undefined {
  const model = config.embeddingsModel;
  if (!model) return undefined;
  const client = new OpenAIEmbeddings({
    model,
    apiKey: config.apiKey ?? 'not-needed',
    maxRetries: config.maxRetries,
    timeout: config.timeoutMs,
    ...(config.baseUrl ? { configuration: { baseURL: config.baseUrl } } : {}),
  });
  const store = cache.namespace('embeddings');
  const embeddingsLog = log.child({ module: 'embeddings' });
  const keyOf = (text: string) => createHash('sha256').update(model).update('\0').update(text).digest('hex');

  async function vectors(texts: readonly string[]): Promise<number[][]> {
    const keys = texts.map(keyOf);
    const cached = (await Promise.all(keys.map((key) => store.get(key)))) as Array<number[] | undefined>;
    const missing = texts.map((text, i) => ({ text, i })).filter(({ i }) => !cached[i]);
    if (missing.length > 0) {
      const fresh = await client.embedDocuments(missing.map((m) => m.text));
      await Promise.all(
        missing.map(async ({ i }, j) => {
          const vector = fresh[j] ?? [];
          cached[i] = vector;
          await store.set(keys[i] ?? '', vector);
        }),
      );
      embeddingsLog.debug({ embedded: missing.length, cached: texts.length - missing.length }, 'embeddings computed');
    }
    return cached.map((v) => v ?? []);
  }

  return {
    async rank(query, candidates) {
      const [queryVector = [], ...paperVectors] = await vectors([query, ...candidates.map(paperText)]);
      return candidates
        .map((paper, i) => ({ id: paper.id, score: cosine(queryVector, paperVectors[i] ?? []) }))
        .sort((a, b) => b.score - a.score)
        .map((r) => r.id);
    },
  };
}
