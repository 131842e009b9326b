import { join } from 'node:path';
import { type Cache, createCache } from './cache/create-cache.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { ensureDataDir } from './data-dir.js';
import { type Database, openDatabase } from './library/database.js';
import type { Logger } from './log.js';

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
  close(): Promise<void>;
}

/**
 * The composition root: the one place where services are built and wired. Tests build the same
 * app with a config pointing at local fakes.
 */
export async function createApp(config: Config, deps: AppDependencies): Promise<App> {
  const { log } = deps;
  const clock = deps.clock ?? systemClock;
  ensureDataDir(config.dataDir);
  const db = openDatabase(join(config.dataDir, 'paperboy.sqlite'), { log });
  let cache: Cache;
  try {
    cache = await createCache({ url: config.cache.url, dataDir: config.dataDir, log });
  } catch (error) {
    db.close();
    throw error;
  }

  let closed = false;
  return {
    config,
    log,
    clock,
    db,
    cache,
    async close() {
      if (closed) return;
      closed = true;
      await cache.close();
      db.close();
    },
  };
}
