import { randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `work` atomically: everything it writes lands, or nothing does. A call inside an open
 * transaction joins it as a savepoint, so services compose without knowing whether a caller
 * already opened one. A failure rolls back and rethrows the error `work` threw.
 */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) return inSavepoint(db, work);
  // IMMEDIATE takes the write lock up front, so a busy database waits (busy_timeout) instead of
  // failing half-way with SQLITE_BUSY on the first write.
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    // Some errors (SQLITE_FULL, SQLITE_IOERR…) end the transaction themselves; a ROLLBACK then
    // would throw "no transaction is active" and hide the error that matters.
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function inSavepoint<T>(db: DatabaseSync, work: () => T): T {
  const name = `sp_${randomBytes(6).toString('hex')}`;
  db.exec(`SAVEPOINT ${name}`);
  try {
    const result = work();
    db.exec(`RELEASE ${name}`);
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
    throw error;
  }
}
