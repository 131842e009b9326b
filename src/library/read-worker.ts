import { DatabaseSync } from 'node:sqlite';
import { BUSY_TIMEOUT_MS } from './database.ts';
import type { RankedPaper } from './lexical-search.ts';
import { createSyncReads } from './library.ts';
import type { LexicalSearchOptions, LookupHit, SyncLibraryReads } from './types.ts';

// A read worker (src/library/read-pool.ts runs these in worker threads). Each thread keeps its
// own read-only connection per library file: module state on purpose, since a worker thread is
// its own little process and the connection must outlive a task. WAL lets it read while the main
// thread writes.

// 32 MB, in SQLite's negative-KiB form.
const CACHE_SIZE = -32768;

const readers = new Map<string, SyncLibraryReads>();

function readerFor(file: string): SyncLibraryReads {
  let reader = readers.get(file);
  if (!reader) {
    const db = new DatabaseSync(file, { readOnly: true, timeout: BUSY_TIMEOUT_MS });
    // As the main connection (paper-store.ts): SQLite's default 2 MB page cache re-reads the
    // index's upper levels for every query on a large library.
    db.exec(`PRAGMA cache_size = ${CACHE_SIZE}`);
    reader = createSyncReads(db);
    readers.set(file, reader);
  }
  return reader;
}

export function search(task: {
  readonly file: string;
  readonly query: string;
  readonly options: LexicalSearchOptions;
}): RankedPaper[] {
  // Papers and scores only: the main thread adds the lazy snippets (lexical-search.ts withLazySnippets).
  return readerFor(task.file)
    .search(task.query, task.options)
    .map(({ paper, score }) => ({ paper, score }));
}

export function lookup(task: { readonly file: string; readonly prefix: string; readonly limit: number }): LookupHit[] {
  return readerFor(task.file).lookup(task.prefix, task.limit);
}
