import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { transaction } from '../sqlite/transaction.ts';
import { type FtsTable, isDamage, quoteIdentifier } from './storage-check.ts';

/**
 * `rebuilt`: FTS5's own `rebuild` re-read the papers into the index's tables. `recreated`: those
 * tables' pages were too damaged to rewrite, so the index was dropped from the schema, the file
 * vacuumed and the index created anew from its original definition, then rebuilt.
 */
export type RebuildMethod = 'rebuilt' | 'recreated';

/**
 * Rebuilds the external-content FTS5 table `fts` from the table it indexes (the papers). FTS5's
 * `rebuild` first deletes the old index, which fails when its b-tree pages are damaged; then the
 * index is removed from the schema by hand (SQLite's writable_schema), the orphaned pages are
 * dropped by VACUUM, and the index is created again with its original SQL and settings.
 * Other connections see the new schema (the schema cookie changes); their writes should be
 * refused meanwhile (src/library/index-damage.ts).
 */
export function rebuildFtsIndex(db: DatabaseSync, fts: FtsTable): RebuildMethod {
  const name = quoteIdentifier(fts.name);
  try {
    transaction(db, () => db.exec(`INSERT INTO ${name} (${name}) VALUES ('rebuild')`));
    return 'rebuilt';
  } catch (error) {
    if (!isDamage(error)) throw error;
  }
  const { sql } = db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(fts.name) as { sql: string };
  const settings = readSettings(db, fts);
  dropFromSchema(db, fts);
  // VACUUM copies only what the schema names, so the damaged pages are left behind. It cannot run
  // inside a transaction.
  db.exec('VACUUM');
  transaction(db, () => {
    db.exec(sql);
    // FTS5 takes a setting's value only as a literal, not as a bound parameter.
    for (const { k, v } of settings) db.prepare(`INSERT INTO ${name} (${name}, rank) VALUES (?, ${literal(v)})`).run(k);
    db.exec(`INSERT INTO ${name} (${name}) VALUES ('rebuild')`);
  });
  return 'recreated';
}

function literal(value: SQLInputValue): string {
  return typeof value === 'number' || typeof value === 'bigint'
    ? String(value)
    : `'${String(value).replaceAll("'", "''")}'`;
}

/** Options set with `INSERT INTO t (t, rank) VALUES ('automerge', 8)` and the like, if still readable. */
function readSettings(db: DatabaseSync, fts: FtsTable): Array<{ k: string; v: SQLInputValue }> {
  const config = `${fts.name}_config`;
  if (!fts.shadows.includes(config)) return [];
  try {
    return db.prepare(`SELECT k, v FROM ${quoteIdentifier(config)} WHERE k <> 'version'`).all() as Array<{
      k: string;
      v: SQLInputValue;
    }>;
  } catch (error) {
    // Damaged too: the index comes back with FTS5's defaults.
    if (isDamage(error)) return [];
    throw error;
  }
}

/**
 * Deletes the FTS table and its shadow tables from sqlite_schema (https://sqlite.org/pragma.html#pragma_writable_schema),
 * bumping the schema cookie so that every connection reloads the schema. node:sqlite opens
 * connections in defensive mode, which forbids this; it is lifted for this transaction only.
 */
function dropFromSchema(db: DatabaseSync, fts: FtsTable): void {
  db.enableDefensive(false);
  try {
    transaction(db, () => {
      const { schema_version: version } = db.prepare('PRAGMA schema_version').get() as { schema_version: number };
      db.exec('PRAGMA writable_schema = ON');
      try {
        const drop = db.prepare('DELETE FROM sqlite_schema WHERE name = ?');
        for (const table of [fts.name, ...fts.shadows]) drop.run(table);
        db.exec(`PRAGMA schema_version = ${version + 1}`);
      } finally {
        db.exec('PRAGMA writable_schema = OFF');
      }
    });
  } finally {
    db.enableDefensive(true);
  }
}
