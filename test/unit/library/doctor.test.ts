import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ingestPapers } from '../../../src/ingest/ingest-papers.ts';
import { type Database, openDatabase } from '../../../src/library/database.ts';
import { runDoctor } from '../../../src/library/doctor.ts';
import { createIndexHealth } from '../../../src/library/index-damage.ts';
import { createLibrary } from '../../../src/library/library.ts';
import { silentLogger } from '../../../src/log.ts';
import { makePaper } from '../../support/builders.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import { damagePages } from '../../support/storage-faults.ts';

const log = silentLogger();
const clock = createFakeClock({ start: Date.UTC(2024, 8, 18, 12) });
const PAPERS = 300;

/** A library of PAPERS papers, damaged by `damage` while closed, then opened as `paperboy doctor` opens it. */
function library(damage: (file: string) => void = () => undefined): Database {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-doctor-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'paperboy.sqlite');
  const db = openDatabase(file, { log });
  ingestPapers(
    createLibrary({ db, clock, log }),
    Array.from({ length: PAPERS }, (_, i) =>
      makePaper({
        id: `arxiv:2401.${String(10000 + i)}`,
        title: `Speculative decoding study ${i}`,
        abstract: `${'Draft tokens are verified by the target model in one parallel pass. '.repeat(12)}${i}`,
      }),
    ),
  );
  db.close();
  damage(file);
  const opened = openDatabase(file, { log, check: false });
  onTestFinished(() => opened.close());
  return opened;
}

const searchCount = (db: Database) =>
  (db.prepare("SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH 'verified'").get() as { n: number }).n;

describe('runDoctor', () => {
  it('finds a sound library sound', () => {
    const report = runDoctor(library(), { clock });
    expect([report.healthy, report.storage.ok, report.indexes]).toEqual([
      true,
      true,
      [{ name: 'papers_fts' }, { name: 'papers_title_fts' }],
    ]);
  });

  it('places damaged index pages in the index, not the papers, and records the damage', () => {
    const db = library((file) => damagePages(file, 'papers_fts_data', { how: 'cells' }));
    const report = runDoctor(db, { clock });
    expect([report.healthy, report.dataDamaged, report.storage.indexOnly]).toEqual([false, false, true]);
    expect(report.indexes[0]).toEqual({ name: 'papers_fts', problem: expect.stringContaining('papers_fts_data') });
    expect(createIndexHealth({ db, clock }).damage()?.reason).toContain('paperboy doctor found damage in papers_fts');
  });

  it('rebuilds an index whose b-tree pages are destroyed by recreating it, after which search and writes work', () => {
    const db = library((file) => damagePages(file, 'papers_fts_data', { pages: 5 }));
    expect(() => searchCount(db)).toThrow(/malformed/);
    const report = runDoctor(db, { clock, rebuildIndex: true });
    expect([report.healthy, report.storage.ok, report.indexes]).toEqual([
      true,
      true,
      [
        { name: 'papers_fts', rebuilt: 'recreated' },
        { name: 'papers_title_fts', rebuilt: 'rebuilt' },
      ],
    ]);
    expect(searchCount(db)).toBe(PAPERS);
    const papers = createLibrary({ db, clock, log });
    expect(ingestPapers(papers, [makePaper({ id: 'arxiv:2402.00001', title: 'Verified drafts' })]).added).toBe(1);
    // The index kept its settings (migration 002's automerge).
    expect(db.prepare("SELECT v FROM papers_fts_config WHERE k = 'automerge'").get()).toEqual({ v: 8 });
  });

  it("rebuilds an index whose content is damaged (FTS5's integrity-check fails) with FTS5's rebuild", () => {
    const db = library((file) => {
      const tamper = openDatabase(file, { log, check: false });
      // Shadow tables are read-only in defensive mode: only a tamperer writes them directly.
      tamper.enableDefensive(false);
      tamper.exec(
        'UPDATE papers_fts_data SET block = randomblob(length(block)) WHERE id IN (SELECT id FROM papers_fts_data ORDER BY length(block) DESC LIMIT 2)',
      );
      tamper.close();
    });
    expect(runDoctor(db, { clock }).indexes[0]?.problem).toMatch(/fts5: corruption/);
    const report = runDoctor(db, { clock, rebuildIndex: true });
    expect([report.healthy, report.indexes[0]]).toEqual([true, { name: 'papers_fts', rebuilt: 'rebuilt' }]);
    expect(searchCount(db)).toBe(PAPERS);
  });

  it('clears the record of index damage once the library is sound again', () => {
    const db = library();
    createIndexHealth({ db, clock }).markDamaged('a search met: database disk image is malformed');
    const report = runDoctor(db, { clock });
    expect([report.healthy, report.recordedDamage?.reason]).toEqual([true, expect.stringContaining('a search met')]);
    expect(createIndexHealth({ db, clock }).damage()).toBeUndefined();
  });

  it('does not rebuild the index over damaged papers, and says the papers are damaged', () => {
    const db = library((file) => damagePages(file, 'papers', { how: 'cells' }));
    const report = runDoctor(db, { clock, rebuildIndex: true });
    expect([report.healthy, report.dataDamaged, report.indexes.some((i) => i.rebuilt)]).toEqual([false, true, false]);
    expect(report.storage.damaged.map((t) => t.table)).toContain('papers');
  });
});
