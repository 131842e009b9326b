import { randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `work` atomically: everything it writes lands, or nothing does. Nested calls become
 * savepoints, so services can compose without knowing whether a caller already opened one.
 */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  // IMMEDIATE takes the write lock up front, so a busy database waits (busy_timeout) instead of
  // failing half-way with SQLITE_BUSY on the first write.
  if (!tryBegin(db)) return inSavepoint(db, work);
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * Starts a transaction, or returns false when one is already open. (DatabaseSync.isTransaction
 * would say so directly, but only from Node.js 22.16; engines allow 22.13.)
 */
function tryBegin(db: DatabaseSync): boolean {
  try {
    db.exec('BEGIN IMMEDIATE');
    return true;
  } catch (error) {
    if (error instanceof Error && /within a transaction/i.test(error.message)) return false;
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
    db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
    throw error;
  }
}
