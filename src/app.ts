import { join } from 'node:path';
import { type Cache, createCache } from './cache/create-cache.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { ensureDataDir } from './data-dir.js';
import { createDigestService, type DigestService } from './digest/digest-service.js';
import { createTopicSimilarity } from './digest/topic-similarity.js';
import { type Database, openDatabase } from './library/database.js';
import { createLibrary } from './library/library.js';
import type { Library } from './library/types.js';
import { createLlm } from './llm/create-llm.js';
import { defaultPromptsDir, loadPrompts } from './llm/prompts.js';
import type { Llm } from './llm/types.js';
import { createUsageCounters, type UsageCounters } from './llm/usage-counters.js';
import type { Logger } from './log.js';
import { createEmbeddingRanker } from './search/embeddings.js';
import { createSearch } from './search/search-service.js';
import type { Search } from './search/types.js';
import { createSources, type Sources } from './sources/index.js';

export interface AppDependencies {
  readonly log: Logger;
  readonly clock?: Clock;
}

/** Everything the bot, the terminal chat, the CLI and the integration tests run on. */
export interface App {
  readonly config: Config;
  readonly log: Logger;
  readonly clock: Clock;
  readonly db: Database;
  readonly cache: Cache;
  readonly sources: Sources;
  readonly library: Library;
  readonly search: Search;
  readonly llm: Llm;
  /** Persisted LLM spend and cache counters (`paperboy stats`). */
  readonly llmUsage: UsageCounters;
  /** Digest subscriptions, ledger and scheduler factory; the bot supplies post/checkChannel. */
  readonly digest: DigestService;
  close(): Promise<void>;
}

/**
 * The composition root: the one place where services are built and wired. Tests build the same
 * app with a config pointing at local fakes.
 */
export async function createApp(config: Config, deps: AppDependencies): Promise<App> {
  const { log } = deps;
  const clock = deps.clock ?? systemClock;
  // Prompts first: a broken prompt file should stop start-up before anything is opened.
  const prompts = loadPrompts(defaultPromptsDir());
  ensureDataDir(config.dataDir);
  const db = openDatabase(join(config.dataDir, 'paperboy.sqlite'), { log });
  let cache: Cache;
  try {
    cache = await createCache({ url: config.cache.url, dataDir: config.dataDir, log });
  } catch (error) {
    db.close();
    throw error;
  }

  const sources = createSources(config.sources, { cache, clock, log });
  const library = createLibrary({ db, clock, log });
  const embeddings = createEmbeddingRanker({ config: config.llm, cache, log });
  const search = createSearch({
    library,
    live: [sources.huggingface, sources.arxiv],
    cache,
    clock,
    log,
    offline: config.sources.offline,
    ...(embeddings ? { embeddings } : {}),
  });
  const llmUsage = createUsageCounters({ db, clock });
  const llm = createLlm({ config: config.llm, cache, log, clock, prompts, usage: llmUsage });
  const similarity = createTopicSimilarity({ config: config.llm, cache, log });
  const digest = createDigestService({
    db,
    clock,
    log,
    config: config.digest,
    sources,
    library,
    llm,
    ...(similarity ? { similarity } : {}),
  });

  let closed = false;
  return {
    config,
    log,
    clock,
    db,
    cache,
    sources,
    library,
    search,
    llm,
    llmUsage,
    digest,
    async close() {
      if (closed) return;
      closed = true;
      await cache.close();
      db.close();
    },
  };
}
