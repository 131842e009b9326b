import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Clock } from '../clock.ts';
import { StorageError } from '../errors/index.ts';
import { isDamage } from './storage-check.ts';
import { databaseFile } from './storage-failure.ts';
import type { LibraryReads } from './types.ts';

// In app_state (migration 001), so that every process on the data directory sees it: the bot's
// search may meet the damage while a CLI ingest is about to write (issue 12).
const KEY = 'index_damaged';

export interface IndexDamage {
  /** What met the damage, and SQLite's words for it. */
  readonly reason: string;
  readonly since: string;
}

/**
 * Whether the full-text index is known to be damaged, recorded in the database itself. Once it
 * is, writes to the papers (which the index's triggers would carry into the damaged pages) are
 * refused until `paperboy doctor --rebuild-index` has rebuilt the index and cleared the record.
 */
export interface IndexHealth {
  damage(): IndexDamage | undefined;
  /** Records the damage; best effort, since the damaged file may refuse even this write. */
  markDamaged(reason: string): void;
  clear(): void;
  /** @throws StorageError('index_corrupt') when the index is known to be damaged. */
  refuseWritesIfDamaged(): void;
  /**
   * `reads` that record the damage when a search or lookup meets it, and then throw
   * StorageError('index_corrupt') instead of SQLite's error.
   */
  guardReads(reads: LibraryReads): LibraryReads;
}

export function createIndexHealth({ db, clock }: { readonly db: DatabaseSync; readonly clock: Clock }): IndexHealth {
  let statements: { read: StatementSync; write: StatementSync; clear: StatementSync } | undefined;
  // Prepared on first use: the paper store is built before some tests create app_state.
  const prepared = () => {
    statements ??= {
      read: db.prepare('SELECT value, updated_at FROM app_state WHERE key = ?'),
      write: db.prepare(
        `INSERT INTO app_state (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ),
      clear: db.prepare('DELETE FROM app_state WHERE key = ?'),
    };
    return statements;
  };
  const file = () => databaseFile(db);

  const health: IndexHealth = {
    damage() {
      const row = prepared().read.get(KEY) as { value: string; updated_at: string } | undefined;
      return row ? { reason: row.value, since: row.updated_at } : undefined;
    },
    markDamaged(reason) {
      try {
        prepared().write.run(KEY, reason, new Date(clock.now()).toISOString());
      } catch (error) {
        // The write itself met the damage: the caller's error already says the index is damaged.
        if (!isDamage(error)) throw error;
      }
    },
    clear() {
      prepared().clear.run(KEY);
    },
    refuseWritesIfDamaged() {
      const damage = health.damage();
      if (damage) {
        throw new StorageError(
          'index_corrupt',
          file(),
          `the full-text index is damaged (${damage.reason}, since ${damage.since}); writes are refused`,
        );
      }
    },
    guardReads(reads) {
      const guard = async <T>(what: string, read: () => Promise<T>): Promise<T> => {
        try {
          return await read();
        } catch (error) {
          if (!isDamage(error)) throw error;
          const reason = `${what} met: ${(error as Error).message}`;
          health.markDamaged(reason);
          throw new StorageError('index_corrupt', file(), reason, { cause: error });
        }
      };
      return {
        search: (query, options) => guard('a search', () => reads.search(query, options)),
        lookup: (prefix, limit) => guard('a lookup', () => reads.lookup(prefix, limit)),
      };
    },
  };
  return health;
}
