import { PaperboyError } from './paperboy-error.ts';

/**
 * What is wrong with the library's database file:
 * - `read_only`: the file or its directory cannot be written (permissions, a read-only mount);
 * - `full`: the disk (or SQLite's page limit) ran out during a write; the write was rolled back;
 * - `corrupt`: pages of the file are damaged beyond the search index;
 * - `index_corrupt`: the full-text index is damaged (the papers themselves are not); writes are refused;
 * - `newer_schema`: a newer Paperboy wrote the file;
 * - `not_a_database`: the file is empty, not SQLite, or another application's database;
 * - `cannot_open`: the file cannot be opened at all (a missing or inaccessible directory).
 */
export type StorageProblem =
  | 'read_only'
  | 'full'
  | 'corrupt'
  | 'index_corrupt'
  | 'newer_schema'
  | 'not_a_database'
  | 'cannot_open';

const SUMMARY: Readonly<Record<StorageProblem, string>> = {
  read_only: 'The library database is read-only, so Paperboy cannot save to it.',
  full: 'The disk holding the library is full; nothing was saved.',
  corrupt: 'The library database is damaged.',
  index_corrupt: "The library's search index is damaged; changes are refused until it is rebuilt.",
  newer_schema: 'The library database was written by a newer Paperboy.',
  not_a_database: 'The library file is not a Paperboy library.',
  cannot_open: 'The library database cannot be opened.',
};

const ADVICE: Readonly<Record<StorageProblem, string>> = {
  read_only: 'Make the data directory and paperboy.sqlite writable, or set PAPERBOY_DATA_DIR to a writable directory.',
  full: 'Free some disk space (or move PAPERBOY_DATA_DIR to a larger disk) and run it again.',
  corrupt: 'Run `paperboy doctor` to see what is damaged; restore paperboy.sqlite from a backup if the papers are.',
  index_corrupt: 'Run `paperboy doctor --rebuild-index` to rebuild it from the stored papers.',
  newer_schema: 'Upgrade Paperboy, or set PAPERBOY_DATA_DIR to another directory.',
  not_a_database:
    'Move the file away (Paperboy then starts a new library), or set PAPERBOY_DATA_DIR to another directory.',
  cannot_open: 'Check that the data directory exists and is accessible, or set PAPERBOY_DATA_DIR.',
};

/**
 * Thrown by the library's database (src/library/database.ts, the paper store) when the file
 * cannot be used for `problem`. `message` names the file and the cause (SQLite's or the file
 * system's); `advice` is the one line that says what to do; `userMessage` is the summary and the
 * advice, with no path. The original error, when there is one, is `cause`.
 */
export class StorageError extends PaperboyError {
  override readonly name = 'StorageError';
  readonly code: `storage_${StorageProblem}`;
  readonly problem: StorageProblem;
  /** The database file, or `:memory:`. */
  readonly file: string;
  readonly advice: string;

  constructor(problem: StorageProblem, file: string, detail: string, options?: ErrorOptions) {
    super(`${file}: ${detail}`, options);
    this.problem = problem;
    this.file = file;
    this.code = `storage_${problem}`;
    this.advice = ADVICE[problem];
  }

  get userMessage(): string {
    return `${SUMMARY[this.problem]} ${this.advice}`;
  }
}
