import { randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `work` atomically: everything it writes lands, or nothing does. Nested calls become
 * savepoints, so services can compose without knowing whether a caller already opened one.
 */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) {
    const name = `sp_${randomBytes(6).toString('hex')}`;
    db.exec(`SAVEPOINT ${name}`);
    try {
      const result = work();
      db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    }
  }
  // IMMEDIATE takes the write lock up front, so a busy database waits (busy_timeout) instead of
  // failing half-way with SQLITE_BUSY on the first write.
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
