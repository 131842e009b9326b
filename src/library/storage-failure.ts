import type { DatabaseSync } from 'node:sqlite';
import { StorageError, type StorageProblem } from '../errors/index.ts';

// SQLite primary result codes (https://sqlite.org/rescode.html). node:sqlite errors carry the
// extended code in `errcode`; its low byte is the primary code.
export const SQLITE_READONLY = 8;
export const SQLITE_CORRUPT = 11;
export const SQLITE_FULL = 13;
export const SQLITE_CANTOPEN = 14;
export const SQLITE_NOTADB = 26;

const PROBLEM_BY_CODE: ReadonlyMap<number, StorageProblem> = new Map([
  [SQLITE_READONLY, 'read_only'],
  [SQLITE_CORRUPT, 'corrupt'],
  [SQLITE_FULL, 'full'],
  [SQLITE_CANTOPEN, 'cannot_open'],
  [SQLITE_NOTADB, 'not_a_database'],
]);

// An error that crossed a worker thread (the read pool) keeps its message but loses `errcode`;
// these are sqlite3_errstr()'s fixed texts for the same codes.
const CODE_BY_MESSAGE: ReadonlyArray<readonly [RegExp, number]> = [
  [/attempt to write a readonly database/, SQLITE_READONLY],
  [/database disk image is malformed/, SQLITE_CORRUPT],
  [/database or disk is full/, SQLITE_FULL],
  [/unable to open database file/, SQLITE_CANTOPEN],
  [/file is not a database/, SQLITE_NOTADB],
];

// File-system errors met around the database (creating the directory, the file, linking it).
const PROBLEM_BY_ERRNO: Readonly<Record<string, StorageProblem>> = {
  EROFS: 'read_only',
  EACCES: 'read_only',
  EPERM: 'read_only',
  ENOSPC: 'full',
  EDQUOT: 'full',
  ENOENT: 'cannot_open',
  ENOTDIR: 'cannot_open',
  // mkdir of the data directory where a file of that name is.
  EEXIST: 'cannot_open',
};

/** The primary SQLite result code of a node:sqlite error, or undefined for any other error. */
export function sqliteCode(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  const errcode = (error as { errcode?: unknown }).errcode;
  if (typeof errcode === 'number') return errcode & 0xff;
  return CODE_BY_MESSAGE.find(([pattern]) => pattern.test(error.message))?.[1];
}

/** The file a connection has open, or `:memory:`. */
export function databaseFile(db: DatabaseSync): string {
  return db.location() ?? ':memory:';
}

/**
 * The StorageError that `error` amounts to for `file` (a read-only file, a full disk, a damaged
 * page…), or undefined when it is not about storage (a bug, a constraint). A StorageError passes
 * through as it is.
 */
export function toStorageError(error: unknown, file: string): StorageError | undefined {
  if (error instanceof StorageError) return error;
  if (!(error instanceof Error)) return undefined;
  const code = sqliteCode(error);
  const problem = code === undefined ? undefined : PROBLEM_BY_CODE.get(code);
  if (problem) return new StorageError(problem, file, `${error.message} (SQLite error ${code})`, { cause: error });
  const errno = (error as NodeJS.ErrnoException).code;
  const fsProblem = errno ? PROBLEM_BY_ERRNO[errno] : undefined;
  return fsProblem ? new StorageError(fsProblem, file, error.message, { cause: error }) : undefined;
}

/** Runs `work`, turning a storage failure into its StorageError for `file`; anything else is rethrown. */
export function withStorageErrors<T>(file: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw toStorageError(error, file) ?? error;
  }
}
