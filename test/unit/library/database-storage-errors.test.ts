import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, onTestFinished } from 'vitest';
import { StorageError } from '../../../src/errors/index.ts';
import { ingestPapers } from '../../../src/ingest/ingest-papers.ts';
import { APPLICATION_ID, openDatabase, QUICK_CHECK_MAX_BYTES } from '../../../src/library/database.ts';
import { createLibrary } from '../../../src/library/library.ts';
import { MIGRATIONS } from '../../../src/library/migrations/index.ts';
import { silentLogger } from '../../../src/log.ts';
import { makePaper } from '../../support/builders.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import { damagePages, makeReadOnly } from '../../support/storage-faults.ts';

const log = silentLogger();

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-storage-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A library of `n` papers at `file`, closed. */
function libraryFile(file: string, n = 200): void {
  const db = openDatabase(file, { log });
  const library = createLibrary({ db, clock: createFakeClock(), log });
  ingestPapers(
    library,
    Array.from({ length: n }, (_, i) =>
      makePaper({
        id: `arxiv:2401.${String(10000 + i)}`,
        title: `Speculative decoding study ${i}`,
        abstract: `Draft models and verification, variant ${i}. ${'Tokens are verified in parallel. '.repeat(8)}`,
      }),
    ),
  );
  db.close();
}

function storageError(open: () => unknown): StorageError {
  try {
    open();
  } catch (error) {
    if (error instanceof StorageError) return error;
    throw error;
  }
  throw new Error('expected a StorageError');
}

describe('openDatabase on a read-only data directory', () => {
  it('refuses an existing library with a read_only StorageError naming the file', (ctx) => {
    const dir = dataDir();
    const file = join(dir, 'paperboy.sqlite');
    libraryFile(file);
    const how = makeReadOnly(dir);
    if (!how) return ctx.skip();
    const error = storageError(() => openDatabase(file, { log }));
    expect([error.problem, error.file, error.message]).toEqual([
      'read_only',
      file,
      expect.stringMatching(/^\S+paperboy\.sqlite: its directory is not writable/),
    ]);
    expect(error.userMessage).not.toContain(dir);
  });

  it('refuses to create a library there, instead of "unable to open database file"', (ctx) => {
    const dir = dataDir();
    const how = makeReadOnly(dir);
    if (!how) return ctx.skip();
    const error = storageError(() => openDatabase(join(dir, 'paperboy.sqlite'), { log }));
    expect(error.problem).toBe('read_only');
  });
});

describe('openDatabase on damaged or foreign files', () => {
  it('refuses a 0-byte file and leaves it as it was, instead of starting an empty library in it', () => {
    const file = join(dataDir(), 'paperboy.sqlite');
    writeFileSync(file, '');
    const error = storageError(() => openDatabase(file, { log }));
    expect([error.problem, error.message]).toEqual(['not_a_database', `${file}: the file is empty (0 bytes)`]);
    expect(statSync(file).size).toBe(0);
  });

  it('refuses a file that is not SQLite', () => {
    const file = join(dataDir(), 'paperboy.sqlite');
    writeFileSync(file, 'id,title\n1,A paper\n');
    expect(storageError(() => openDatabase(file, { log })).problem).toBe('not_a_database');
  });

  it("refuses another application's SQLite database and does not add Paperboy's tables to it", () => {
    const file = join(dataDir(), 'paperboy.sqlite');
    const other = new DatabaseSync(file);
    other.exec('CREATE TABLE contacts (name TEXT); PRAGMA user_version = 3');
    other.close();
    const error = storageError(() => openDatabase(file, { log }));
    expect([error.problem, error.message]).toEqual([
      'not_a_database',
      expect.stringContaining("without Paperboy's tables (it has contacts)"),
    ]);
    const after = new DatabaseSync(file, { readOnly: true });
    expect(after.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all()).toEqual([{ name: 'contacts' }]);
    after.close();
  });

  it('refuses a database stamped with another application id', () => {
    const file = join(dataDir(), 'paperboy.sqlite');
    const other = new DatabaseSync(file);
    other.exec('PRAGMA application_id = 42; CREATE TABLE app_state (key TEXT); PRAGMA user_version = 1');
    other.close();
    expect(storageError(() => openDatabase(file, { log })).message).toContain('application_id 0x2a');
  });

  it('refuses a library written by a newer Paperboy, with the versions in the message', () => {
    const file = join(dataDir(), 'paperboy.sqlite');
    openDatabase(file, { log }).close();
    // Versions may skip a number while branches land, so the newest is the last one's, not the count.
    const latest = MIGRATIONS.at(-1)?.version ?? 0;
    const newer = new DatabaseSync(file);
    newer.exec(`PRAGMA user_version = ${latest + 1}`);
    newer.close();
    const error = storageError(() => openDatabase(file, { log }));
    expect([error.problem, error.message]).toEqual([
      'newer_schema',
      `${file}: database schema version ${latest + 1} is newer than this Paperboy knows (${latest})`,
    ]);
  });

  it('refuses a library whose paper pages are damaged (start-up quick_check)', () => {
    const file = join(dataDir(), 'paperboy.sqlite');
    libraryFile(file);
    damagePages(file, 'papers', { how: 'cells' });
    const error = storageError(() => openDatabase(file, { log }));
    expect([error.problem, error.message]).toEqual(['corrupt', expect.stringContaining('damage in papers')]);
  });

  it('opens a library whose full-text index pages are damaged, records it and refuses writes', () => {
    const file = join(dataDir(), 'paperboy.sqlite');
    libraryFile(file);
    damagePages(file, 'papers_fts_data', { how: 'cells' });
    const db = openDatabase(file, { log });
    onTestFinished(() => db.close());
    const library = createLibrary({ db, clock: createFakeClock(), log });
    const count = library.count();
    const error = storageError(() => ingestPapers(library, [makePaper({ id: 'arxiv:2402.00001' })]));
    expect([error.problem, error.userMessage]).toEqual([
      'index_corrupt',
      expect.stringContaining('Run `paperboy doctor --rebuild-index`'),
    ]);
    expect(library.count()).toBe(count);
  });

  it('skips the start-up check on a file over the size limit, where it would take seconds', () => {
    const file = join(dataDir(), 'paperboy.sqlite');
    libraryFile(file);
    damagePages(file, 'papers', { how: 'cells' });
    expect(statSync(file).size).toBeLessThan(QUICK_CHECK_MAX_BYTES);
    openDatabase(file, { log, quickCheckMaxBytes: 4096 }).close();
  });
});

describe('openDatabase on a new data directory', () => {
  it('never leaves the temporary file it builds the library in', () => {
    const dir = dataDir();
    openDatabase(join(dir, 'paperboy.sqlite'), { log }).close();
    expect(readdirSync(dir)).toEqual(['paperboy.sqlite']);
  });

  it('stamps the application id, so that a Paperboy library is recognised as one', () => {
    const db = openDatabase(join(dataDir(), 'paperboy.sqlite'), { log });
    expect(db.prepare('PRAGMA application_id').get()).toEqual({ application_id: APPLICATION_ID });
    db.close();
  });

  it('accepts a library from before the application id and stamps it', () => {
    const file = join(dataDir(), 'paperboy.sqlite');
    openDatabase(file, { log }).close();
    const old = new DatabaseSync(file);
    old.exec('PRAGMA application_id = 0');
    old.close();
    const db = openDatabase(file, { log });
    expect(db.prepare('PRAGMA application_id').get()).toEqual({ application_id: APPLICATION_ID });
    db.close();
  });

  it('creates the data directory when it is missing', () => {
    const dir = join(dataDir(), 'nested', 'data');
    openDatabase(join(dir, 'paperboy.sqlite'), { log }).close();
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  it('names the cause when the data directory path is a file', () => {
    const parent = dataDir();
    mkdirSync(join(parent, 'x'));
    writeFileSync(join(parent, 'x', 'data'), 'a file, not a directory');
    const error = storageError(() => openDatabase(join(parent, 'x', 'data', 'paperboy.sqlite'), { log }));
    expect(error.problem).toBe('cannot_open');
  });
});
