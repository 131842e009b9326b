import type { Paper } from '../papers/paper.ts';

export interface UpsertResult {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface LexicalSearchOptions {
  readonly limit: number;
  /** Only papers published (or listed) on or after this ISO date. */
  readonly since?: string;
  readonly categories?: readonly string[];
  readonly sources?: readonly Paper['sources'][number][];
  /** Hits to skip before `limit` (pagination). */
  readonly offset?: number;
  /** Papers never returned, e.g. the one `similar` starts from. */
  readonly excludeIds?: readonly string[];
}

export interface LexicalHit {
  readonly paper: Paper;
  /** Higher is better (negated bm25). */
  readonly score: number;
  /** Query terms that matched, lower-cased stems or words, for "why it matched". */
  readonly matchedTerms: readonly string[];
  /** A short excerpt of the abstract around the matched terms. */
  readonly snippet: string;
}

export type LookupHit = Pick<Paper, 'id' | 'title'>;

/**
 * The library's reads that take real time on a large library. Asynchronous because the bot runs
 * them in worker threads (src/library/read-pool.ts), off the event loop; elsewhere they run inline.
 */
export interface LibraryReads {
  /** BM25 over title and abstract; any user text is safe (never an FTS5 syntax error). */
  search(query: string, options: LexicalSearchOptions): Promise<LexicalHit[]>;
  /** Up to `limit` papers whose id starts with, or whose title matches, `prefix` — for autocomplete. */
  lookup(prefix: string, limit: number): Promise<LookupHit[]>;
}

/** The same reads, synchronous, over one connection: what the inline reader and each worker run. */
export interface SyncLibraryReads {
  search(query: string, options: LexicalSearchOptions): LexicalHit[];
  lookup(prefix: string, limit: number): LookupHit[];
}

/** The durable paper store with its full-text index (src/library/library.ts composes it). */
export interface Library extends LibraryReads {
  /** Inserts or updates by canonical id in one transaction; idempotent; a newer version replaces the text. */
  upsert(papers: readonly Paper[]): UpsertResult;
  get(id: string): Paper | undefined;
  getMany(ids: readonly string[]): Paper[];
  delete(id: string): boolean;
  count(): number;
  /** Papers published or listed on a UTC day (YYYY-MM-DD), newest first. */
  listByDate(day: string, limit?: number): Paper[];
}
