/**
 * Collapses concurrent calls with the same key into one: the first caller runs `work`, the others
 * share its promise (and its failure). Once settled, the key is free again.
 */
export interface SingleFlight {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  readonly inFlight: number;
}

export function createSingleFlight(): SingleFlight {
  const pending = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const existing = pending.get(key);
      if (existing) return existing as Promise<T>;
      const promise = (async () => {
        try {
          return await work();
        } finally {
          pending.delete(key);
        }
      })();
      pending.set(key, promise);
      return promise;
    },
    get inFlight() {
      return pending.size;
    },
  };
}
