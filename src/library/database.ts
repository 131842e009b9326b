import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { type Clock, systemClock } from '../clock.ts';
import { ConfigError, StorageError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import { transaction } from '../sqlite/transaction.ts';
import { createIndexHealth } from './index-damage.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import { checkStorage, type StorageReport } from './storage-check.ts';
import { databaseFile, toStorageError, withStorageErrors } from './storage-failure.ts';

export type Database = DatabaseSync;

/** The library's file in the data directory. */
export const DATABASE_FILE_NAME = 'paperboy.sqlite';

/** How long a connection waits for another process's lock before SQLITE_BUSY ("database is locked"). */
export const BUSY_TIMEOUT_MS = 5000;

// "PBOY" in the header's application_id field (https://sqlite.org/fileformat2.html#appid), so a
// Paperboy library is told apart from any other SQLite file.
export const APPLICATION_ID = 0x50424f59;

// PRAGMA quick_check reads every page: measured (node bench/storage-check.ts) at 2.1–3.3 s on a
// 130 MB library (50k papers) and 34–60 s on 2.4 GB (1M papers), i.e. 40–60 MB/s. At start-up it
// runs only on files up to 32 MiB (well under a second); `paperboy doctor` checks any size.
export const QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024;

// https://sqlite.org/fileformat2.html#the_database_header
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export interface OpenDatabaseOptions {
  readonly log: Logger;
  readonly migrations?: readonly Migration[];
  /**
   * false: no start-up quick_check, for `paperboy doctor`, which checks the file itself (and must
   * open it when that check would fail).
   */
  readonly check?: boolean;
  /** Files larger than this skip the start-up check; QUICK_CHECK_MAX_BYTES by default. */
  readonly quickCheckMaxBytes?: number;
  /** Stamps the record of a damaged index. */
  readonly clock?: Clock;
}

/**
 * Opens the durable store: a busy timeout before anything else (so concurrent starts wait for one
 * another), WAL so readers never block the writer, foreign keys on, every pending migration
 * applied. A new file is built under a temporary name and linked into place only when complete,
 * so no process ever sees a half-made library. Files up to QUICK_CHECK_MAX_BYTES are checked with
 * PRAGMA quick_check; damage only in the full-text index is recorded (writes are then refused
 * until it is rebuilt) and logged, any other damage stops the start.
 * @throws StorageError for a read-only file or directory, a full disk, a damaged file, a file
 *   written by a newer Paperboy, and an empty, non-SQLite or foreign file (never a new library).
 * @throws ConfigError when Node.js's SQLite lacks FTS5.
 */
export function openDatabase(
  file: string,
  {
    log,
    migrations = MIGRATIONS,
    check = true,
    quickCheckMaxBytes = QUICK_CHECK_MAX_BYTES,
    clock = systemClock,
  }: OpenDatabaseOptions,
): Database {
  const migrationLog = log.child({ module: 'migrations' });
  if (file === ':memory:') {
    const db = connect(file);
    db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    migrate(db, migrations, migrationLog);
    return db;
  }
  withStorageErrors(file, () => {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // WAL writes beside the file (-wal, -shm), so the directory must be writable as well.
    requireWritable(file, dirname(file), 'its directory');
    if (!existsSync(file)) createDatabase(file, migrations, migrationLog);
    else inspectFile(file);
  });
  let db: Database | undefined;
  try {
    db = connect(file);
    requirePaperboyLibrary(db, file);
    // WAL is a property of the file: set when a new library is made; here only for an old file
    // that still uses a rollback journal.
    if ((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode !== 'wal') {
      db.exec('PRAGMA journal_mode = WAL');
    }
    migrate(db, migrations, migrationLog);
    if (check) checkAtStart(db, file, { log, clock, maxBytes: quickCheckMaxBytes });
    return db;
  } catch (error) {
    db?.close();
    throw toStorageError(error, file) ?? error;
  }
}

/**
 * Applies every migration newer than the database's version, all in one IMMEDIATE transaction
 * (each one a savepoint in it), so that the upgrade lands whole or not at all, and two processes
 * starting at once never both apply one: the second waits for the write lock, then reads the
 * version again and finds nothing left to do.
 * @throws StorageError('newer_schema') when a newer Paperboy wrote the file.
 */
export function migrate(db: Database, migrations: readonly Migration[], log: Logger): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const pending = () => {
    const current = schemaVersion(db);
    if (current > latest) {
      throw new StorageError(
        'newer_schema',
        databaseFile(db),
        `database schema version ${current} is newer than this Paperboy knows (${latest})`,
      );
    }
    return migrations.filter((m) => m.version > current);
  };
  // Most starts find nothing to do, and take no lock to find it.
  if (pending().length === 0 && applicationId(db) === APPLICATION_ID) return 0;
  const applied = transaction(db, () => {
    const todo = pending();
    if (applicationId(db) !== APPLICATION_ID) db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    for (const migration of todo) {
      transaction(db, () => {
        migration.up(db);
        db.exec(`PRAGMA user_version = ${migration.version}`);
      });
    }
    return todo;
  });
  for (const { version, name } of applied) log.info({ version, name }, 'migration applied');
  return applied.length;
}

export function schemaVersion(db: Database): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version?: number } | undefined;
  return row?.user_version ?? 0;
}

function applicationId(db: Database): number {
  return (db.prepare('PRAGMA application_id').get() as { application_id: number }).application_id;
}

/** A connection with the busy timeout set at open, before any statement can meet a lock. */
function connect(file: string): Database {
  const db = new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    requireFts5(db);
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Builds a new library under a temporary name in the same directory, then links it into place:
 * link(2) fails when the name exists, so of several processes starting at once, one library wins
 * and the others open it. Owner-only from the start.
 */
function createDatabase(file: string, migrations: readonly Migration[], log: Logger): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.new`);
  try {
    const db = connect(temporary);
    try {
      chmodSync(temporary, 0o600);
      db.exec('PRAGMA journal_mode = WAL');
      migrate(db, migrations, log);
    } finally {
      // Closing the last connection checkpoints the WAL into the file and deletes it.
      db.close();
    }
    publish(temporary, file);
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${temporary}${suffix}`, { force: true });
  }
}

function publish(temporary: string, file: string): void {
  try {
    linkSync(temporary, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Another process linked its library first: the same schema, and already in use.
    if (code === 'EEXIST') return;
    // A file system without hard links (some network and FUSE mounts): a rename is atomic too, but
    // would replace a library another process published in between, so check right before it.
    if ((code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') && !existsSync(file)) {
      renameSync(temporary, file);
      return;
    }
    throw error;
  }
}

/** An existing file must be a writable SQLite database: anything else is an error, never a new library. */
function inspectFile(file: string): void {
  const { size } = statSync(file);
  if (size === 0) throw new StorageError('not_a_database', file, 'the file is empty (0 bytes)');
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!header.equals(SQLITE_HEADER)) {
    throw new StorageError('not_a_database', file, 'the file is not an SQLite database (its header does not say so)');
  }
  requireWritable(file, file, 'the file');
}

function requireWritable(file: string, path: string, what: string): void {
  try {
    accessSync(path, constants.W_OK);
  } catch (error) {
    throw new StorageError('read_only', file, `${what} is not writable (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/**
 * A Paperboy library carries APPLICATION_ID; one made before Paperboy set it is recognised by its
 * schema version and app_state table (migration 001), and stamped by migrate(). A valid SQLite
 * file with no tables at all is what an older Paperboy left when its first start stopped early:
 * it is initialised.
 */
function requirePaperboyLibrary(db: Database, file: string): void {
  const id = applicationId(db);
  if (id === APPLICATION_ID) return;
  if (id !== 0) {
    throw new StorageError(
      'not_a_database',
      file,
      `the file is another application's SQLite database (application_id 0x${id.toString(16)})`,
    );
  }
  const tables = (
    db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{
      name: string;
    }>
  ).map((t) => t.name);
  if (tables.length === 0 && schemaVersion(db) === 0) return;
  if (schemaVersion(db) >= 1 && tables.includes('app_state')) return;
  throw new StorageError(
    'not_a_database',
    file,
    `the file is an SQLite database without Paperboy's tables (it has ${tables.slice(0, 5).join(', ') || 'none'})`,
  );
}

function checkAtStart(
  db: Database,
  file: string,
  { log, clock, maxBytes }: { log: Logger; clock: Clock; maxBytes: number },
): void {
  const bytes = statSync(file).size;
  if (bytes > maxBytes) {
    log.debug({ file, bytes }, 'start-up quick_check skipped on a large library; paperboy doctor runs it');
    return;
  }
  const report = checkStorage(db, 'quick');
  if (report.ok) return;
  if (report.indexOnly) {
    createIndexHealth({ db, clock }).markDamaged(`the start-up check found ${describeDamage(report)}`);
    log.error(
      { file, damaged: report.damaged },
      'the full-text index is damaged: searches may fail and writes are refused; run paperboy doctor --rebuild-index',
    );
    return;
  }
  throw new StorageError('corrupt', file, `PRAGMA quick_check found ${describeDamage(report)}`);
}

/** One line: which tables are damaged and SQLite's first word on each. */
export function describeDamage(report: StorageReport): string {
  const parts = report.damaged.map((t) => `damage in ${t.table} (${t.problems[0] ?? 'unreadable'})`);
  if (report.unplaced.length > 0) parts.push(`damage outside any table (${report.unplaced[0]})`);
  return parts.join('; ') || 'no damage';
}

/**
 * The library's search needs SQLite's FTS5, which Node.js's built-in SQLite has from 22.16.0.
 * @throws ConfigError naming the Node.js version when it is missing.
 */
function requireFts5(db: Database): void {
  if (db.prepare("SELECT sqlite_compileoption_used('ENABLE_FTS5') AS fts5").get()?.fts5 === 1) return;
  throw new ConfigError([
    {
      variable: '(Node.js)',
      problem: `Node.js ${process.versions.node} has SQLite ${process.versions.sqlite ?? '?'} without FTS5; use Node.js 22.16 or newer (24 LTS recommended)`,
    },
  ]);
}
