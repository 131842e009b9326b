import { createHash } from 'node:crypto';
import { OpenAIEmbeddings } from '@langchain/openai';
import type { Cache } from '../cache/create-cache.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Paper } from '../papers/paper.ts';

// Abstracts past this are cut: embedding models have input limits and the start says what a paper is.
const MAX_CHARS = 4000;

/** What a paper is embedded as. */
export function paperText(paper: Pick<Paper, 'title' | 'abstract'>): string {
  return `${paper.title}\n\n${paper.abstract}`.slice(0, MAX_CHARS);
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Texts → vectors through the embeddings endpoint, each text embedded once per model. */
export interface CachedEmbedder {
  /**
   * One vector per text, in order (an empty array where the endpoint returned none).
   * @throws whatever the endpoint throws after the client's retries.
   */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]>;
}

export interface CreateCachedEmbedderOptions {
  readonly config: Config['llm'];
  readonly cache: Cache;
  readonly log: Logger;
}

/**
 * langchain's OpenAIEmbeddings behind Keyv namespace `embeddings`, keyed by a hash of model and
 * text: search and digests share vectors, and only texts never seen go to the endpoint, in one batch.
 * Returns undefined when no embeddings model is configured (the default).
 */
export function createCachedEmbedder({ config, cache, log }: CreateCachedEmbedderOptions): CachedEmbedder | undefined {
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

  return {
    async embed(texts, signal) {
      const unique = [...new Set(texts)];
      const stored = (await Promise.all(unique.map((text) => store.get(keyOf(text))))) as Array<number[] | undefined>;
      const found = new Map<string, number[]>();
      const missing: string[] = [];
      unique.forEach((text, i) => {
        const vector = stored[i];
        if (Array.isArray(vector) && vector.length > 0) found.set(text, vector);
        else missing.push(text);
      });
      if (missing.length > 0) {
        signal?.throwIfAborted();
        const fresh = await client.embedDocuments(missing);
        await Promise.all(
          missing.map(async (text, i) => {
            const vector = fresh[i];
            if (!vector || vector.length === 0) return;
            found.set(text, vector);
            await store.set(keyOf(text), vector);
          }),
        );
      }
      embeddingsLog.debug({ embedded: missing.length, cached: unique.length - missing.length }, 'embeddings');
      return texts.map((text) => found.get(text) ?? []);
    },
  };
}
