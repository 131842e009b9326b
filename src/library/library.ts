import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Database } from './database.ts';
import { createRerankCache, DEFAULT_RERANK_OPTIONS, type RerankCache, type RerankOptions } from './feedback-rerank.ts';
import { createFtsStatistics } from './fts-statistics.ts';
import { createIndexHealth } from './index-damage.ts';
import { COLUMN_WEIGHTS, createLexicalSearch, type Pruning } from './lexical-search.ts';
import { createLookup } from './lookup.ts';
import { createPaperStore } from './paper-store.ts';
import type { Library, LibraryReads, SyncLibraryReads } from './types.ts';

export interface CreateLibraryOptions {
  readonly db: Database;
  readonly clock: Clock;
  readonly log: Logger;
  /** bm25 weights (title, abstract); defaults to COLUMN_WEIGHTS. For tuning runs. */
  readonly columnWeights?: { readonly title: number; readonly abstract: number };
  /** Second-stage re-ranking (feedback-rerank.ts); `false` ranks by FTS5's bm25 alone. For tuning runs. */
  readonly rerank?: RerankOptions | false;
  /** Where search and lookup run: a worker pool (read-pool.ts); by default inline, on `db`. */
  readonly reads?: LibraryReads;
}

/**
 * The SQLite paper library (src/library/types.ts): the paper store, lexical search and lookup.
 * Writes run on `db` (node:sqlite is synchronous, and a transaction takes milliseconds); reads run
 * where `reads` says, inline on `db` when it says nothing.
 */
export function createLibrary({
  db,
  clock,
  log,
  columnWeights = COLUMN_WEIGHTS,
  rerank = DEFAULT_RERANK_OPTIONS,
  reads,
}: CreateLibraryOptions): Library {
  // The store forgets a changed paper's term vectors, which the search cached for re-ranking.
  const rerankCache = createRerankCache();
  return {
    ...createPaperStore({ db, clock, log: log.child({ module: 'library' }), rerankCache }),
    // A search that meets a damaged index records it, so that writes stop (src/library/index-damage.ts).
    ...createIndexHealth({ db, clock }).guardReads(
      reads ?? inlineReads(createSyncReads(db, { columnWeights, rerank, rerankCache })),
    ),
  };
}

/** Lexical search and lookup over one connection, synchronous: the inline reads and each read worker. */
export function createSyncReads(
  db: Database,
  options: {
    readonly columnWeights?: { readonly title: number; readonly abstract: number };
    readonly rerank?: RerankOptions | false;
    readonly rerankCache?: RerankCache;
    readonly pruning?: Pruning;
  } = {},
): SyncLibraryReads {
  const {
    columnWeights = COLUMN_WEIGHTS,
    rerank = DEFAULT_RERANK_OPTIONS,
    rerankCache = createRerankCache(),
    pruning,
  } = options;
  return {
    ...createLexicalSearch({
      db,
      statistics: createFtsStatistics(db),
      rerankCache,
      columnWeights,
      rerank,
      ...(pruning ? { pruning } : {}),
    }),
    ...createLookup(db),
  };
}

/** Synchronous reads behind the asynchronous interface, for a process with no read workers. */
export function inlineReads(reads: SyncLibraryReads): LibraryReads {
  return {
    search: async (query, options) => reads.search(query, options),
    lookup: async (prefix, limit) => reads.lookup(prefix, limit),
  };
}
