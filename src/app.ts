import { join } from 'node:path';
import { digestControls } from '../commands/shared/digest-controls.ts';
import { type Cache, createCache } from './cache/create-cache.ts';
import { closeSharedRedis, connectSharedRedis, type SharedRedis } from './cache/shared-redis.ts';
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { ensureDataDir } from './data-dir.ts';
import { createDigestService, type DigestService } from './digest/digest-service.ts';
import type { FeedbackStore } from './digest/feedback/feedback-store.ts';
import { createLearnedRanking } from './digest/learning/learned-ranking.ts';
import { createSubscriptionLearner } from './digest/learning/learner.ts';
import { createVoteSimilarity } from './digest/learning/vote-similarity.ts';
import { createTopicSimilarity } from './digest/planning/topic-similarity.ts';
import { createRateLimiter, type RateLimiter } from './discord/rate-limit.ts';
import { createRedisRateLimiter } from './discord/shared-rate-limit.ts';
import type { DiscussionStore } from './discussions/types.ts';
import type { CommandServices } from './interactions/types.ts';
import { type Database, openDatabase } from './library/database.ts';
import { createLibrary } from './library/library.ts';
import { createLibraryReadPool } from './library/read-pool.ts';
import type { ReadingList } from './library/reading-list.ts';
import type { Library } from './library/types.ts';
import { createLlm } from './llm/create-llm.ts';
import { checkModels } from './llm/model-catalog.ts';
import { defaultPromptsDir, loadPrompts } from './llm/prompts.ts';
import type { Llm } from './llm/types.ts';
import type { UsageCounters } from './llm/usage-counters.ts';
import type { Logger } from './log.ts';
import { createEmbeddingRanker } from './search/embeddings.ts';
import { BOT_LIVE_BUDGET_MS, createSearch } from './search/search-service.ts';
import type { Search } from './search/types.ts';
import { createSources, type Sources } from './sources/index.ts';
import type { AppState } from './storage/app-state.ts';
import { openSharedState, type SharedState } from './storage/shared-state.ts';

export interface AppDependencies {
  readonly log: Logger;
  readonly clock?: Clock;
  /** What the app runs for (default `interactive`); see AppMode. */
  readonly mode?: AppMode;
}

/**
 * - `bot`: library searches and lookups in `config.library.readWorkers` worker threads; live
 *   sources get the bot's budget (BOT_LIVE_BUDGET_MS per search, each lookup request its own
 *   timeout and retries); the endpoint's models are checked at start.
 * - `interactive` (the chat, tests): reads inline (no thread start-up); a search or lookup waits
 *   at most LIVE_BUDGET_MS for live sources; models checked.
 * - `one-shot` (a CLI command): as interactive, without the model check, which would add a
 *   request and up to its timeout to every command.
 */
export type AppMode = 'bot' | 'interactive' | 'one-shot';

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
  /** Small named values kept across restarts (the registered commands' hash). */
  readonly appState: AppState;
  /** Digest subscriptions, ledger and scheduler factory; the bot supplies post/checkChannel. */
  readonly digest: DigestService;
  /** 👍 / 👎 / Not interested on the papers each channel sees. */
  readonly feedback: FeedbackStore;
  /** Per-user and per-guild LLM budgets: in Redis when `config.redis.url` is set, else in memory. */
  readonly rateLimiter: RateLimiter;
  /** The Redis the nodes share (`config.redis.url`), for the gateway's identify slots. */
  readonly redis: SharedRedis | undefined;
  /** Which paper each Discuss thread is about. */
  readonly discussions: DiscussionStore;
  /** Each user's saved papers (shared state: PostgreSQL with DATABASE_URL). */
  readonly readingList: ReadingList;
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
  const databaseFile = join(config.dataDir, 'paperboy.sqlite');
  const db = openDatabase(databaseFile, { log });
  let cache: Cache;
  let state: SharedState;
  try {
    cache = await createCache({ url: config.cache.url, dataDir: config.dataDir, log, clock });
  } catch (error) {
    db.close();
    throw error;
  }
  try {
    state = await openSharedState({ url: config.database.url, db, clock, log });
  } catch (error) {
    await cache.close();
    db.close();
    throw error;
  }

  const limits = {
    userPerMinute: config.discord.userLlmPerMinute,
    guildPerMinute: config.discord.guildLlmPerMinute,
  };
  let redis: SharedRedis | undefined;
  try {
    redis = config.redis.url ? await connectSharedRedis({ url: config.redis.url, log }) : undefined;
  } catch (error) {
    await state.close();
    await cache.close();
    db.close();
    throw error;
  }

  const rateLimiter = redis
    ? createRedisRateLimiter({ redis, log, ...limits })
    : createRateLimiter({ clock, ...limits });

  const mode = deps.mode ?? 'interactive';
  const liveBudgetMs = mode === 'bot' ? undefined : config.sources.liveBudgetMs;
  const sources = createSources(config.sources, {
    cache,
    clock,
    log,
    ...(liveBudgetMs === undefined ? {} : { lookupBudgetMs: liveBudgetMs }),
  });
  const threads = mode === 'bot' ? config.library.readWorkers : 0;
  const readPool = threads > 0 ? createLibraryReadPool({ file: databaseFile, threads, log }) : undefined;
  const library = createLibrary({ db, clock, log, ...(readPool ? { reads: readPool } : {}) });
  const embeddings = createEmbeddingRanker({ config: config.llm, cache, log });
  const search = createSearch({
    library,
    live: [sources.huggingface, sources.arxiv],
    cache,
    clock,
    log,
    offline: config.sources.offline,
    liveBudgetMs: liveBudgetMs ?? BOT_LIVE_BUDGET_MS,
    ...(embeddings ? { embeddings } : {}),
  });
  const { usage: llmUsage, appState, feedback } = state;
  // Bounded (MODEL_LIST_TIMEOUT_MS) and never throws: a mistyped LLM_MODEL is a warning at start.
  const models = mode === 'one-shot' ? undefined : await checkModels({ config: config.llm, log });
  const llm = createLlm({ config: config.llm, cache, log, clock, prompts, usage: llmUsage, models });
  const similarity = createTopicSimilarity({ config: config.llm, cache, log });
  const voteSimilarity = createVoteSimilarity({ config: config.llm, cache, log });
  const digest = createDigestService({
    stores: state,
    feedback,
    clock,
    log,
    config: config.digest,
    sources,
    library,
    llm,
    ...(similarity ? { similarity } : {}),
    ...(voteSimilarity ? { voteSimilarity } : {}),
    // Learned state is shared like the votes it comes from: every node ranks by every node's votes.
    learner: createSubscriptionLearner({ store: state.learning, clock }),
    // With Redis, digest runs are BullMQ jobs shared by every node; without, this process posts them.
    ...(config.redis.url ? { jobs: { redisUrl: config.redis.url, concurrency: config.digest.workerConcurrency } } : {}),
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
    appState,
    digest,
    feedback,
    rateLimiter,
    redis,
    discussions: state.discussions,
    readingList: state.readingList,
    async close() {
      if (closed) return;
      closed = true;
      await readPool?.close();
      if (redis) closeSharedRedis(redis);
      await cache.close();
      await state.close();
      db.close();
    },
  };
}

/**
 * What command handlers get as `ctx.services`, built once for the bot and the terminal chat alike.
 * The Discord bot adds `digest` (it alone can check and post to channels).
 */
export function createCommandServices(app: App): CommandServices {
  return {
    library: app.library,
    search: app.search,
    llm: app.llm,
    sources: app.sources,
    cache: app.cache,
    feedback: app.feedback,
    ...(app.digest.learner ? { learning: app.digest.learner, ranking: createLearnedRanking(app.digest.learner) } : {}),
    discussions: app.discussions,
    fullText: app.sources.arxivHtml,
    readingList: app.readingList,
  };
}

/** The parts of the app the Discord bot runs on (BotOptions in src/discord/bot.ts, less its own settings). */
export function botDependencies(app: App) {
  return {
    services: createCommandServices(app),
    digest: app.digest,
    cache: app.cache,
    appState: app.appState,
    clock: app.clock,
    discord: app.config.discord,
    digestControls,
    rateLimiter: app.rateLimiter,
    ...(app.redis ? { redis: app.redis } : {}),
  };
}
