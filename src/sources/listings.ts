import type { Cache } from '../cache/create-cache.ts';
import type { Clock } from '../clock.ts';
import type { Paper } from '../papers/paper.ts';

/** A paper as a listing showed it: a Hugging Face Daily Papers day or an arXiv RSS mailing. */
export interface ListedPaper {
  readonly paper: Paper;
  /** When the listing started showing it, ISO-8601 UTC. */
  readonly listedAt: string;
}

export interface ListingOptions {
  readonly signal?: AbortSignal;
  /**
   * Refuse a cached copy fetched before this instant (ms since epoch). Listings grow: a digest
   * that keeps what was listed before its window's end needs a copy at least that recent, or a
   * paper listed between an earlier fetch and that end would fall in no digest's window.
   */
  readonly fetchedAfter?: number;
}

interface Stamped<T> {
  readonly fetchedAt: number;
  readonly value: T;
}

/**
 * `cache.getOrSet` for a listing, remembering when it was fetched: fetches again (once, shared by
 * concurrent callers) when the cached copy is older than `fetchedAfter`.
 */
export async function cachedListing<T>(
  deps: { readonly cache: Cache; readonly clock: Clock },
  key: string,
  options: { readonly ttlMs: number; readonly fetchedAfter: number | undefined },
  load: () => Promise<T>,
): Promise<T> {
  const compute = async (): Promise<Stamped<T>> => {
    const fetchedAt = deps.clock.now();
    return { fetchedAt, value: await load() };
  };
  const cached = await deps.cache.getOrSet('sources', key, compute, { ttlMs: options.ttlMs });
  if (options.fetchedAfter === undefined || cached.fetchedAt >= options.fetchedAfter) return cached.value;
  return (await deps.cache.getOrSet('sources', key, compute, { ttlMs: options.ttlMs, refresh: true })).value;
}
