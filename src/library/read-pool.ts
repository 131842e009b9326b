import { Piscina } from 'piscina';
import type { Logger } from '../log.ts';
import { type RankedPaper, withLazySnippets } from './lexical-search.ts';
import type { LexicalHit, LexicalSearchOptions, LibraryReads, LookupHit } from './types.ts';

export interface LibraryReadPool extends LibraryReads {
  /** Ends the worker threads (after the tasks in flight). */
  close(): Promise<void>;
}

export interface ReadPoolOptions {
  /** The library's SQLite file; each worker opens it read-only. */
  readonly file: string;
  readonly threads: number;
  readonly log: Logger;
}

/**
 * Library search and lookup in worker threads (piscina), so a burst of queries on a large library
 * never holds up the event loop that acknowledges interactions (DESIGN.md: the loop only routes).
 */
export function createLibraryReadPool({ file, threads, log }: ReadPoolOptions): LibraryReadPool {
  const pool = new Piscina({
    filename: new URL('./read-worker.ts', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    // Workers stay up: opening a connection and warming its caches costs more than a query.
    idleTimeout: Number.POSITIVE_INFINITY,
  });
  pool.on('error', (err: unknown) => log.error({ err, module: 'library-read-pool' }, 'read worker failed'));
  log.debug({ module: 'library-read-pool', threads }, 'library read workers started');
  return {
    search: async (query, options): Promise<LexicalHit[]> => {
      const task: { file: string; query: string; options: LexicalSearchOptions } = { file, query, options };
      const ranked: RankedPaper[] = await pool.run(task, { name: 'search' });
      return withLazySnippets(query, ranked);
    },
    lookup: (prefix, limit): Promise<LookupHit[]> => pool.run({ file, prefix, limit }, { name: 'lookup' }),
    close: () => pool.close(),
  };
}
