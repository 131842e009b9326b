import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Database } from './database.ts';
import { createRerankCache, DEFAULT_RERANK_OPTIONS, type RerankOptions } from './feedback-rerank.ts';
import { createFtsStatistics } from './fts-statistics.ts';
import { COLUMN_WEIGHTS, createLexicalSearch } from './lexical-search.ts';
import { createLookup } from './lookup.ts';
import { createPaperStore } from './paper-store.ts';
import type { Library } from './types.ts';

export interface CreateLibraryOptions {
  readonly db: Database;
  readonly clock: Clock;
  readonly log: Logger;
  /** bm25 weights (title, abstract); defaults to COLUMN_WEIGHTS. For tuning runs. */
  readonly columnWeights?: { readonly title: number; readonly abstract: number };
  /** Second-stage re-ranking (feedback-rerank.ts); `false` ranks by FTS5's bm25 alone. For tuning runs. */
  readonly rerank?: RerankOptions | false;
}

/**
 * The SQLite paper library (src/library/types.ts): the paper store, lexical search and lookup
 * over one connection. Synchronous: node:sqlite is, and a query takes milliseconds.
 */
export function createLibrary({
  db,
  clock,
  log,
  columnWeights = COLUMN_WEIGHTS,
  rerank = DEFAULT_RERANK_OPTIONS,
}: CreateLibraryOptions): Library {
  // The store forgets a changed paper's term vectors, which the search cached for re-ranking.
  const rerankCache = createRerankCache();
  return {
    ...createPaperStore({ db, clock, log: log.child({ module: 'library' }), rerankCache }),
    ...createLexicalSearch({ db, statistics: createFtsStatistics(db), rerankCache, columnWeights, rerank }),
    ...createLookup(db),
  };
}
