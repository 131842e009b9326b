import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import KeyvRedis, { createClient, type RedisClientType } from '@keyv/redis';
import { Keyv } from 'keyv';
import type { Logger } from '../log.ts';
import { createSingleFlight } from './single-flight.ts';
import { SqliteKeyvStore } from './sqlite-keyv-store.ts';

/** One namespace per use, so that clearing or sizing one never touches another. */
export const CACHE_NAMESPACES = ['llm', 'sources', 'search', 'embeddings', 'components'] as const;
export type CacheNamespace = (typeof CACHE_NAMESPACES)[number];

export interface CacheStats {
  hits: number;
  misses: number;
}

export interface GetOrSetOptions {
  /** Time to live in ms; undefined keeps the entry until evicted. */
  readonly ttlMs?: number;
  /** Skip the cached value, compute anew and replace it (e.g. "Regenerate"). */
  readonly refresh?: boolean;
}

export interface Cache {
  readonly kind: 'sqlite' | 'redis';
  namespace(name: CacheNamespace): Keyv;
  /**
   * Returns the cached value for `key`, or computes it once — concurrent callers with the same key
   * share one computation — and stores it. Errors from `compute` are not cached.
   */
  getOrSet<T>(name: CacheNamespace, key: string, compute: () => Promise<T>, options?: GetOrSetOptions): Promise<T>;
  stats(): Readonly<Record<CacheNamespace, CacheStats>>;
  close(): Promise<void>;
}

export interface CreateCacheOptions {
  /** undefined → SQLite file in the data directory; `sqlite://path`; `redis://…` or `rediss://…`. */
  readonly url: string | undefined;
  readonly dataDir: string;
  readonly log: Logger;
}

/**
 * Builds the Keyv cache: a persistent SQLite file by default, Redis when CACHE_URL says so.
 * @throws when Redis cannot be reached at start-up (a misconfigured URL should fail loudly).
 */
export async function createCache({ url, dataDir, log }: CreateCacheOptions): Promise<Cache> {
  const cacheLog = log.child({ module: 'cache' });
  if (url?.startsWith('redis')) {
    let connected = false;
    const client = createClient({
      url,
      socket: {
        connectTimeout: 5000,
        // At start-up a wrong URL should fail in seconds; once running, keep reconnecting (capped backoff).
        reconnectStrategy: (retries: number) =>
          !connected && retries >= 3
            ? new Error(`cannot reach Redis at ${redactUrl(url)}`)
            : Math.min(100 * 2 ** retries, 5000),
      },
    }) as RedisClientType;
    client.on('error', (err: unknown) => cacheLog.warn({ err }, 'redis connection error'));
    await client.connect();
    connected = true;
    const stores = buildNamespaces(
      (namespace) => new Keyv(new KeyvRedis(client, { namespace }), { namespace, useKeyPrefix: false }),
    );
    return assemble('redis', stores, cacheLog, async () => {
      await client.close();
    });
  }

  const file = url ? resolve(url.slice('sqlite://'.length)) : join(dataDir, 'cache.sqlite');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000');
  chmodSync(file, 0o600);
  const stores = buildNamespaces(
    (namespace) => new Keyv({ store: new SqliteKeyvStore(db, `sqlite://${file}`), namespace }),
  );
  const swept = new SqliteKeyvStore(db, `sqlite://${file}`).sweep();
  cacheLog.debug({ file, swept }, 'cache opened');
  let open = true;
  return assemble('sqlite', stores, cacheLog, async () => {
    if (open) db.close();
    open = false;
  });
}

/** The URL without its password, for messages and logs. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

function buildNamespaces(make: (namespace: CacheNamespace) => Keyv): Record<CacheNamespace, Keyv> {
  return Object.fromEntries(CACHE_NAMESPACES.map((name) => [name, make(name)])) as Record<CacheNamespace, Keyv>;
}

function assemble(
  kind: Cache['kind'],
  stores: Record<CacheNamespace, Keyv>,
  log: Logger,
  closeBackend: () => Promise<void>,
): Cache {
  const flights = createSingleFlight();
  const counters = Object.fromEntries(CACHE_NAMESPACES.map((name) => [name, { hits: 0, misses: 0 }])) as Record<
    CacheNamespace,
    CacheStats
  >;
  for (const [name, store] of Object.entries(stores)) {
    store.on('error', (err: unknown) => log.warn({ err, namespace: name }, 'cache store error'));
  }
  return {
    kind,
    namespace: (name) => stores[name],
    async getOrSet<T>(name: CacheNamespace, key: string, compute: () => Promise<T>, options: GetOrSetOptions = {}) {
      const store = stores[name];
      if (!options.refresh) {
        const hit = (await store.get(key)) as T | undefined;
        if (hit !== undefined) {
          counters[name].hits++;
          return hit;
        }
      }
      const flightKey = `${name}:${options.refresh ? 'refresh:' : ''}${key}`;
      return flights.run(flightKey, async () => {
        counters[name].misses++;
        const value = await compute();
        await store.set(key, value, options.ttlMs);
        return value;
      });
    },
    stats: () => structuredClone(counters),
    async close() {
      await closeBackend();
    },
  };
}
