import type { KeyvStoreAdapter, StoredData } from 'keyv';
import type { CacheNamespace } from './namespaces.ts';

/**
 * How a cache backend runs one store operation: within its time bound, and with `fallback` as the
 * answer when it cannot give one (down, too slow, or a file it had to replace).
 */
export interface StoreGuard {
  run<T>(operation: () => Promise<T>, fallback: T): Promise<T>;
}

/** A SQLite file or a Redis connection, as the cache factory sees it. */
export interface CacheBackend {
  readonly kind: 'sqlite' | 'redis';
  /** The store of one namespace. Asked on every call: a backend may replace its stores. */
  store(namespace: CacheNamespace): KeyvStoreAdapter;
  readonly guard: StoreGuard;
  /** Locks every process sees (Redis); absent where one process is all there is to coordinate. */
  readonly locks?: FlightLocks;
  close(): Promise<void>;
}

/** Short locks that let one process compute a cache entry while the others wait for it. */
export interface FlightLocks {
  /**
   * Takes `key` for `ttlMs`: `release` when taken, `held` when another process holds it,
   * `unavailable` when the backend cannot say (then nobody is coordinated and the caller computes).
   */
  acquire(key: string, ttlMs: number): Promise<{ release(): Promise<void> } | 'held' | 'unavailable'>;
  /** Whether anyone still holds `key` (false when the backend cannot say). */
  held(key: string): Promise<boolean>;
}

/**
 * A Keyv store adapter that never fails or stalls its caller: every operation goes through the
 * backend's guard, so an unusable backend reads as a miss and a write to it is dropped. The cache
 * is only a cache (issue 11: an outage must not stop a command).
 */
export function failSoftStore(backend: CacheBackend, namespace: CacheNamespace): KeyvStoreAdapter {
  const { guard } = backend;
  const inner = () => backend.store(namespace);
  return {
    opts: { dialect: backend.kind },
    namespace,
    get: <Value>(key: string) => guard.run<StoredData<Value> | undefined>(() => inner().get<Value>(key), undefined),
    getMany: <Value>(keys: string[]) =>
      guard.run<Array<StoredData<Value | undefined>>>(
        async () => {
          const store = inner();
          return store.getMany ? store.getMany<Value>(keys) : Promise.all(keys.map((key) => store.get<Value>(key)));
        },
        keys.map(() => undefined),
      ),
    set: (key: string, value: unknown, ttl?: number) => guard.run(async () => inner().set(key, value, ttl), false),
    setMany: (entries: Array<{ key: string; value: unknown; ttl?: number }>) =>
      guard.run(async () => {
        const store = inner();
        if (store.setMany) await store.setMany(entries);
        else for (const { key, value, ttl } of entries) await store.set(key, value, ttl);
      }, undefined),
    delete: (key: string) => guard.run(() => inner().delete(key), false),
    deleteMany: (keys: string[]) =>
      guard.run(async () => {
        const store = inner();
        if (store.deleteMany) return store.deleteMany(keys);
        const deleted = await Promise.all(keys.map((key) => store.delete(key)));
        return deleted.some(Boolean);
      }, false),
    has: (key: string) =>
      guard.run(async () => {
        const store = inner();
        return store.has ? store.has(key) : (await store.get(key)) !== undefined;
      }, false),
    clear: () => guard.run(() => inner().clear(), undefined),
    // Failures never leave this adapter as events: the backend's guard logs them, once per outage.
    on() {
      return this;
    },
  };
}
