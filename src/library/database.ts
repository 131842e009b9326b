import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ConfigError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import { transaction } from '../sqlite/transaction.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';

export type Database = DatabaseSync;

export interface OpenDatabaseOptions {
  readonly log: Logger;
  readonly migrations?: readonly Migration[];
}

/**
 * Opens (creating with owner-only permissions) the durable store: WAL so readers never block the
 * writer, a busy timeout so concurrent writers wait instead of failing, foreign keys on, and every
 * pending migration applied.
 * @throws when the file was written by a newer Paperboy (its schema version is unknown here).
 */
export function openDatabase(file: string, { log, migrations = MIGRATIONS }: OpenDatabaseOptions): Database {
  const isNew = file !== ':memory:' && !existsSync(file);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new DatabaseSync(file);
  requireFts5(db);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA foreign_keys = ON');
  if (isNew) chmodSync(file, 0o600);
  migrate(db, migrations, log.child({ module: 'migrations' }));
  return db;
}

/**
 * The library's search needs SQLite's FTS5, which Node.js's built-in SQLite has from 22.16.0.
 * @throws ConfigError naming the Node.js version when it is missing.
 */
function requireFts5(db: Database): void {
  if (db.prepare("SELECT sqlite_compileoption_used('ENABLE_FTS5') AS fts5").get()?.fts5 === 1) return;
  db.close();
  throw new ConfigError([
    {
      variable: '(Node.js)',
      problem: `Node.js ${process.versions.node} has SQLite ${process.versions.sqlite ?? '?'} without FTS5; use Node.js 22.16 or newer (24 LTS recommended)`,
    },
  ]);
}

/** Applies each migration newer than the database's version, each in its own transaction. */
export function migrate(db: Database, migrations: readonly Migration[], log: Logger): number {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(
      `database schema version ${current} is newer than this Paperboy knows (${latest}); upgrade Paperboy`,
    );
  }
  let applied = 0;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    transaction(db, () => {
      migration.up(db);
      // user_version is part of the same transaction, so a failed migration leaves no trace.
      db.exec(`PRAGMA user_version = ${migration.version}`);
    });
    log.info({ version: migration.version, name: migration.name }, 'migration applied');
    applied++;
  }
  return applied;
}

export function schemaVersion(db: Database): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version?: number } | undefined;
  return row?.user_version ?? 0;
}
