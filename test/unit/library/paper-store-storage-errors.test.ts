import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, onTestFinished } from 'vitest';
import { StorageError } from '../../../src/errors/index.ts';
import { ingestPapers } from '../../../src/ingest/ingest-papers.ts';
import { openDatabase } from '../../../src/library/database.ts';
import { createLibrary } from '../../../src/library/library.ts';
import { createLibraryReadPool } from '../../../src/library/read-pool.ts';
import type { Library } from '../../../src/library/types.ts';
import { silentLogger } from '../../../src/log.ts';
import type { Paper } from '../../../src/papers/paper.ts';
import { makePaper } from '../../support/builders.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import { damagePages, mountTinyDisk } from '../../support/storage-faults.ts';
import { temporaryLibrary } from './library-fixture.ts';

const log = silentLogger();

function papers(n: number, from = 0): Paper[] {
  return Array.from({ length: n }, (_, i) =>
    makePaper({
      id: `arxiv:2401.${String(10000 + from + i)}`,
      title: `Speculative decoding study ${from + i}`,
      abstract: `${'Draft tokens are verified by the target model in one parallel pass. '.repeat(20)}${i}`,
    }),
  );
}

async function rejection(work: () => unknown): Promise<StorageError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof StorageError) return error;
    throw error;
  }
  throw new Error('expected a StorageError');
}

describe('paper store writes on a full disk', () => {
  it('throws StorageError(full) with SQLite\'s SQLITE_FULL as the cause (not "cannot rollback"), and stores nothing', async () => {
    const { library, db } = temporaryLibrary();
    ingestPapers(library, papers(5));
    // SQLite's own page limit makes it report SQLITE_FULL as a full disk would.
    const pages = (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    db.exec(`PRAGMA max_page_count = ${pages + 20}`);
    const error = await rejection(() => ingestPapers(library, papers(500, 100)));
    expect([error.problem, error.message, (error.cause as { errcode?: number }).errcode]).toEqual([
      'full',
      expect.stringContaining('database or disk is full (SQLite error 13)'),
      13,
    ]);
    expect(library.count()).toBe(5);
    // Nothing is left half-done: the library takes a small write once there is room.
    expect(ingestPapers(library, papers(1, 900)).added).toBe(1);
  });

  it('throws StorageError(full) when a real file system runs out of space (a 1 MB tmpfs)', async (ctx) => {
    const dir = join(mkdtempSync(join(tmpdir(), 'paperboy-full-')), 'disk');
    if (!mountTinyDisk(dir, 1024 * 1024)) return ctx.skip();
    const db = openDatabase(join(dir, 'paperboy.sqlite'), { log });
    onTestFinished(() => db.close());
    const library = createLibrary({ db, clock: createFakeClock(), log });
    ingestPapers(library, papers(5));
    const error = await rejection(() => ingestPapers(library, papers(2000, 100)));
    expect([error.problem, error.userMessage]).toEqual(['full', expect.stringContaining('Free some disk space')]);
    expect(library.count()).toBe(5);
  });
});

describe('paper store writes on a read-only connection', () => {
  it('throws StorageError(read_only) naming the file (a read-only connection stands in for a read-only mount)', async () => {
    const { dir, library: writable } = temporaryLibrary();
    ingestPapers(writable, papers(1));
    const file = join(dir, 'paperboy.sqlite');
    const db = new DatabaseSync(file, { readOnly: true });
    onTestFinished(() => db.close());
    const library = createLibrary({ db, clock: createFakeClock(), log });
    const error = await rejection(() => library.upsert(papers(1, 50)));
    expect([error.problem, error.file]).toEqual(['read_only', file]);
  });
});

describe('a search that meets a damaged full-text index', () => {
  async function damagedLibrary(): Promise<{ library: Library; db: DatabaseSync }> {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-fts-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'paperboy.sqlite');
    const first = openDatabase(file, { log });
    ingestPapers(createLibrary({ db: first, clock: createFakeClock(), log }), papers(300));
    first.close();
    damagePages(file, 'papers_fts_data', { pages: 20 });
    // The start-up check would find it first; this is the library too large for that check.
    const db = openDatabase(file, { log, quickCheckMaxBytes: 0 });
    onTestFinished(() => db.close());
    return { library: createLibrary({ db, clock: createFakeClock(), log }), db };
  }

  it('says the same when the search ran in a read worker, whose errors lose their SQLite code on the way', async () => {
    const { db } = await damagedLibrary();
    const pool = createLibraryReadPool({ file: db.location() ?? '', threads: 1, log });
    onTestFinished(() => pool.close());
    const library = createLibrary({ db, clock: createFakeClock(), log, reads: pool });
    expect((await rejection(() => library.search('verified target model', { limit: 5 }))).problem).toBe(
      'index_corrupt',
    );
    expect((await rejection(() => library.upsert(papers(1, 600)))).problem).toBe('index_corrupt');
  });

  it('fails with StorageError(index_corrupt) that says to rebuild the index', async () => {
    const { library } = await damagedLibrary();
    const error = await rejection(() => library.search('verified target model', { limit: 5 }));
    expect([error.problem, error.advice]).toEqual([
      'index_corrupt',
      'Run `paperboy doctor --rebuild-index` to rebuild it from the stored papers.',
    ]);
  });

  it('makes later writes refused, not attempted, in this process and in any other on the same file', async () => {
    const { library, db } = await damagedLibrary();
    await rejection(() => library.search('verified target model', { limit: 5 }));
    const changes = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const before = changes();
    expect((await rejection(() => ingestPapers(library, papers(1, 800)))).problem).toBe('index_corrupt');
    expect((await rejection(() => library.delete('arxiv:2401.10000'))).problem).toBe('index_corrupt');
    expect(changes()).toBe(before);
    const otherDb = openDatabase(db.location() ?? '', { log, check: false });
    onTestFinished(() => otherDb.close());
    const other = createLibrary({ db: otherDb, clock: createFakeClock(), log });
    expect((await rejection(() => ingestPapers(other, papers(1, 900)))).message).toContain('writes are refused');
  });
});
