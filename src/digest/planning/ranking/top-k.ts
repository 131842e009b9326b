/** Collects offered items and hands back the best `limit` of them, best first. */
export interface TopK<T> {
  offer(item: T): void;
  /** The kept items, best first. */
  best(): T[];
}

/**
 * The best `limit` items by `compare` (negative: a comes first), or all of them sorted when `limit`
 * is infinite. A bounded selection keeps only a small sorted array, so a big candidate set is
 * never sorted whole.
 */
export function topK<T>(limit: number, compare: (a: T, b: T) => number): TopK<T> {
  const kept: T[] = [];
  const unbounded = limit === Number.POSITIVE_INFINITY;
  return {
    offer(item) {
      if (unbounded) {
        kept.push(item);
        return;
      }
      if (kept.length >= limit) {
        const worst = kept[kept.length - 1];
        if (worst !== undefined && compare(item, worst) >= 0) return;
        kept.pop();
      }
      let at = kept.length;
      while (at > 0 && compare(item, kept[at - 1] ?? item) < 0) at--;
      kept.splice(at, 0, item);
    },
    best() {
      if (unbounded) kept.sort(compare);
      return kept;
    },
  };
}
