import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Keyv } from 'keyv';
import { type Clock, systemClock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { type CacheBackend, type FlightLocks, failSoftStore } from './fail-soft-store.ts';
import { byNamespace, type CacheNamespace } from './namespaces.ts';
import { connectRedis } from './redis-backend.ts';
import { createSingleFlight } from './single-flight.ts';
import { openSqliteCache } from './sqlite-backend.ts';

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
  /** Stamps a replaced SQLite file's name and times Redis outages. */
  readonly clock?: Clock;
}

/**
 * Builds the Keyv cache: a persistent SQLite file by default, Redis when CACHE_URL says so. It is
 * only a cache, so it never fails or stalls a caller once open: a Redis outage or a corrupt SQLite
 * file reads as misses and drops writes (see redis-backend.ts and sqlite-backend.ts).
 * @throws UpstreamError('redis') when Redis does not answer at start-up (a wrong URL should fail loudly).
 * @throws ConfigError when the SQLite file cannot be opened, not even as a new file.
 */
export async function createCache({ url, dataDir, log, clock = systemClock }: CreateCacheOptions): Promise<Cache> {
  const cacheLog = log.child({ module: 'cache' });
  const backend: CacheBackend = url?.startsWith('redis')
    ? await connectRedis({ url, log: cacheLog, clock })
    : openSqliteCache({
        file: url ? resolve(url.slice('sqlite://'.length)) : join(dataDir, 'cache.sqlite'),
        variable: url ? 'CACHE_URL' : 'PAPERBOY_DATA_DIR',
        log: cacheLog,
        clock,
      });
  // Key formats as before, so existing caches stay valid: KeyvRedis prefixes keys itself
  // (`llm::key`); in SQLite the key carries Keyv's prefix (`llm:key`).
  const stores = byNamespace(
    (namespace) =>
      new Keyv({ store: failSoftStore(backend, namespace), namespace, useKeyPrefix: backend.kind === 'sqlite' }),
  );
  return assemble(backend.kind, stores, cacheLog, () => backend.close(), backend.locks);
}

// Across processes (Redis): the first to miss a key holds its lock while it computes (an LLM call
// has a 60 s default deadline; the lock expires by itself if its holder dies), and the others wait
// for the entry instead of calling the LLM again, up to a bound after which they compute themselves.
const FLIGHT_LOCK_MS = 90_000;
const FLIGHT_WAIT_MS = 30_000;
const FLIGHT_POLL_MS = 100;

function assemble(
  kind: Cache['kind'],
  stores: Record<CacheNamespace, Keyv>,
  log: Logger,
  closeBackend: () => Promise<void>,
  locks?: FlightLocks,
): Cache {
  const flights = createSingleFlight();
  const counters = byNamespace((): CacheStats => ({ hits: 0, misses: 0 }));
  // Only Keyv's own failures (a value that does not serialize) arrive here; the backend's are the guard's.
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
        const lock = locks ? await locks.acquire(flightKey, FLIGHT_LOCK_MS) : 'unavailable';
        if (lock === 'held' && locks && !options.refresh) {
          const shared = await waitForPeer<T>(store, key, flightKey, locks);
          if (shared !== undefined) {
            counters[name].hits++;
            return shared;
          }
        }
        try {
          counters[name].misses++;
          const value = await compute();
          await store.set(key, value, options.ttlMs);
          return value;
        } finally {
          if (typeof lock === 'object') await lock.release();
        }
      });
    },
    stats: () => structuredClone(counters),
    async close() {
      await closeBackend();
    },
  };
}

/**
 * The entry another process is computing, once it is stored; undefined when that process gave up
 * (its lock is gone without an entry: its compute failed) or FLIGHT_WAIT_MS passed.
 */
async function waitForPeer<T>(store: Keyv, key: string, flightKey: string, locks: FlightLocks): Promise<T | undefined> {
  for (let waited = 0; waited < FLIGHT_WAIT_MS; waited += FLIGHT_POLL_MS) {
    await sleep(FLIGHT_POLL_MS);
    const value = (await store.get(key)) as T | undefined;
    if (value !== undefined) return value;
    if (!(await locks.held(flightKey))) return (await store.get(key)) as T | undefined;
  }
  return undefined;
}
