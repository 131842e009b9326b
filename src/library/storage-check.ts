import type { DatabaseSync } from 'node:sqlite';
import { SQLITE_CORRUPT, SQLITE_NOTADB, sqliteCode } from './storage-failure.ts';

/** `quick`: PRAGMA quick_check (page structure); `full`: PRAGMA integrity_check (also every index entry). */
export type CheckDepth = 'quick' | 'full';

export interface DamagedTable {
  /** A table of the schema (its indexes count as part of it), e.g. `papers` or `papers_fts_data`. */
  readonly table: string;
  /** What SQLite reported, a few lines at most. */
  readonly problems: readonly string[];
  /** Whether the table belongs to a full-text index, which `paperboy doctor --rebuild-index` rebuilds. */
  readonly index: boolean;
}

export interface StorageReport {
  readonly ok: boolean;
  readonly damaged: readonly DamagedTable[];
  /** Problems no table owns (the free list, pages nothing uses). */
  readonly unplaced: readonly string[];
  /** Damaged, and only in full-text index tables: the papers are intact and the index can be rebuilt. */
  readonly indexOnly: boolean;
}

export interface FtsTable {
  readonly name: string;
  /** The tables FTS5 keeps the index in (`<name>_data`, `_idx`, `_docsize`, `_config`). */
  readonly shadows: readonly string[];
}

// The tables an FTS5 table creates (https://sqlite.org/fts5.html, "shadow tables").
const FTS5_SHADOW_SUFFIXES = ['data', 'idx', 'docsize', 'config', 'content'] as const;
const PROBLEMS_KEPT = 5;

/**
 * Checks the file's pages with SQLite's own checker and, when that finds damage, checks each table
 * alone to say where it is: so that damage confined to the full-text index (rebuildable from the
 * papers) is told apart from damage to the papers themselves.
 */
export function checkStorage(db: DatabaseSync, depth: CheckDepth): StorageReport {
  const pragma = depth === 'quick' ? 'quick_check' : 'integrity_check';
  const whole = runCheck(db, `PRAGMA ${pragma}`);
  if (whole.length === 0) return { ok: true, damaged: [], unplaced: [], indexOnly: false };
  const fts = ftsTables(db);
  const indexTables = new Set(fts.flatMap((t) => [t.name, ...t.shadows]));
  const damaged: DamagedTable[] = [];
  // The checker also runs each FTS5 table's own check (SQLite 3.44+), so those are checked by name too.
  for (const table of [...storedTables(db), ...fts.map((t) => t.name)]) {
    const problems = runCheck(db, `PRAGMA ${pragma}(${quoteIdentifier(table)})`);
    if (problems.length > 0) damaged.push({ table, problems, index: indexTables.has(table) });
  }
  return {
    ok: false,
    damaged,
    unplaced: damaged.length === 0 ? whole : [],
    indexOnly: damaged.length > 0 && damaged.every((t) => t.index),
  };
}

/**
 * Runs FTS5's own `integrity-check` command on `table`, which also compares the index with the
 * papers it was built from (rank 1: https://sqlite.org/fts5.html#the_integrity_check_command).
 * @returns undefined when the index is sound, else SQLite's complaint.
 */
export function checkFtsIndex(db: DatabaseSync, table: string): string | undefined {
  const name = quoteIdentifier(table);
  try {
    db.exec(`INSERT INTO ${name} (${name}, rank) VALUES ('integrity-check', 1)`);
    return undefined;
  } catch (error) {
    if (!isDamage(error)) throw error;
    return (error as Error).message;
  }
}

/** The FTS5 tables of the schema, with the shadow tables that hold their index. */
export function ftsTables(db: DatabaseSync): FtsTable[] {
  const tables = new Set(storedTables(db));
  const rows = db
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%' ORDER BY name",
    )
    .all() as Array<{ name: string }>;
  return rows.map(({ name }) => ({
    name,
    shadows: FTS5_SHADOW_SUFFIXES.map((suffix) => `${name}_${suffix}`).filter((shadow) => tables.has(shadow)),
  }));
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Whether `error` is SQLite saying the file's content is damaged. */
export function isDamage(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === SQLITE_CORRUPT || code === SQLITE_NOTADB;
}

/** Tables with pages of their own (not views, not virtual tables). */
function storedTables(db: DatabaseSync): string[] {
  const rows = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0 ORDER BY name")
    .all() as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

/** The problems a check pragma reports (none when it says `ok`); a check that cannot finish is one problem. */
function runCheck(db: DatabaseSync, sql: string): string[] {
  let rows: Array<Record<string, unknown>>;
  try {
    rows = db.prepare(sql).all() as Array<Record<string, unknown>>;
  } catch (error) {
    // Some damage stops the checker itself (a page that is not a b-tree page at all).
    if (isDamage(error)) return [(error as Error).message];
    throw error;
  }
  const lines = rows
    .flatMap((row) => String(Object.values(row)[0] ?? '').split('\n'))
    .filter((line) => line && line !== 'ok' && !line.startsWith('*** in database'));
  return lines.slice(0, PROBLEMS_KEPT);
}
