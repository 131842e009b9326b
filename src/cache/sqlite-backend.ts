import { chmodSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../clock.ts';
import { ConfigError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import type { CacheBackend, StoreGuard } from './fail-soft-store.ts';
import { byNamespace } from './namespaces.ts';
import { SqliteKeyvStore } from './sqlite-keyv-store.ts';

// SQLite primary result codes (https://sqlite.org/rescode.html) that say the file itself is
// unusable, as opposed to busy or full. node:sqlite reports extended codes; the low byte is primary.
const SQLITE_CORRUPT = 11;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;
const UNUSABLE_FILE = new Set([SQLITE_CORRUPT, SQLITE_CANTOPEN, SQLITE_NOTADB]);

export interface OpenSqliteCacheOptions {
  readonly file: string;
  /** Names the setting that chose the file, for the error when even a new file cannot be made. */
  readonly variable: 'CACHE_URL' | 'PAPERBOY_DATA_DIR';
  /** The cache module's logger. */
  readonly log: Logger;
  readonly clock: Clock;
}

// As the library's database: wait this long for another process's lock.
const BUSY_TIMEOUT_MS = 5000;

/**
 * The cache in one SQLite file (WAL), readable by its owner only. The file is only a cache: when it
 * is corrupt or unreadable, at start or later, it is moved aside as `<file>.corrupt-<time>` with
 * one warning naming both files, and an empty one takes its place; the call that met it is a miss.
 * @throws ConfigError when not even a new file can be opened there (a read-only directory).
 */
export function openSqliteCache({ file, variable, log, clock }: OpenSqliteCacheOptions): CacheBackend {
  const url = `sqlite://${file}`;

  const open = (): DatabaseSync => {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // The busy timeout comes with the connection, before the WAL switch: processes starting
    // together on a fresh data dir wait for each other instead of failing with "database is locked".
    const db = new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS });
    try {
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL');
      chmodSync(file, 0o600);
      const swept = new SqliteKeyvStore(db, url).sweep();
      log.debug({ file, swept }, 'cache opened');
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  };
  // Moves the unusable file (and its journal) aside and opens an empty one in its place.
  const replace = (reason: unknown): DatabaseSync => {
    const aside = `${file}.corrupt-${new Date(clock.now()).toISOString().replaceAll(':', '-')}`;
    log.warn(
      { err: reason, file, movedTo: aside },
      'cache file is corrupt or unreadable; moved it aside and started an empty cache',
    );
    try {
      renameSync(file, aside);
      // The journal files belong to the old file; left in place they would be read as the new one's.
      for (const suffix of ['-wal', '-shm']) {
        if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${aside}${suffix}`);
      }
      return open();
    } catch (error) {
      throw openFailure(variable, file, error);
    }
  };
  // Keyv would set the namespace on the store it is given; these sit under a fail-soft adapter.
  const makeStores = (db: DatabaseSync) =>
    byNamespace((namespace) => Object.assign(new SqliteKeyvStore(db, url), { namespace }));

  let db: DatabaseSync;
  try {
    db = open();
  } catch (error) {
    if (!isUnusableFile(error) || !existsSync(file)) throw openFailure(variable, file, error);
    db = replace(error);
  }
  let stores = makeStores(db);
  let isOpen = true;

  const guard: StoreGuard = {
    async run(operation, fallback) {
      // The file could not be replaced: no cache until restart, but never a failed command.
      if (!isOpen) return fallback;
      try {
        return await operation();
      } catch (error) {
        if (!isSqliteError(error)) throw error;
        if (isUnusableFile(error) && isOpen) {
          isOpen = false;
          db.close();
          try {
            db = replace(error);
            stores = makeStores(db);
            isOpen = true;
          } catch (failure) {
            log.error({ err: failure, file }, 'cache file could not be replaced; running without a cache');
          }
        } else {
          // Busy past busy_timeout, disk full: this call goes without the cache, the next may not.
          log.warn({ err: error, file }, 'cache operation failed; treated as a miss');
        }
        return fallback;
      }
    },
  };

  return {
    kind: 'sqlite',
    store: (namespace) => stores[namespace],
    guard,
    async close() {
      if (isOpen) db.close();
      isOpen = false;
    },
  };
}

function isSqliteError(error: unknown): error is Error & { errcode: number } {
  return error instanceof Error && 'errcode' in error && typeof error.errcode === 'number';
}

function isUnusableFile(error: unknown): boolean {
  return isSqliteError(error) && UNUSABLE_FILE.has(error.errcode & 0xff);
}

function openFailure(variable: OpenSqliteCacheOptions['variable'], file: string, error: unknown): ConfigError {
  return new ConfigError([{ variable, problem: `cannot open the cache file ${file}: ${messageOf(error)}` }], {
    cause: error,
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
