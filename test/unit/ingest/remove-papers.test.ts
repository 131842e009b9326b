import { describe, expect, it } from 'vitest';
import { ingestPapers } from '../../../src/ingest/ingest-papers.ts';
import { createPaperImports } from '../../../src/ingest/paper-imports.ts';
import { removePapers } from '../../../src/ingest/remove-papers.ts';
import { makePaper } from '../../support/builders.ts';
import { temporaryLibrary } from '../library/library-fixture.ts';

function filled() {
  const fixture = temporaryLibrary();
  const imports = createPaperImports({ db: fixture.db, clock: fixture.clock });
  ingestPapers(
    fixture.library,
    [makePaper(), makePaper({ id: 'local:garbage-1', title: 'Speculative \u0001 noise' })],
    { source: { file: '/data/a/garbage.bin.jsonl', imports } },
  );
  ingestPapers(fixture.library, [makePaper({ id: 'arxiv:2402.00001', title: 'Speculative sampling' })], {
    source: { file: '/data/b/other.jsonl', imports },
  });
  return { ...fixture, imports };
}

describe('removePapers', () => {
  it('deletes the papers, their full-text index rows and their import records', async () => {
    const { db, library, imports } = filled();
    expect(removePapers({ db, library }, ['https://arxiv.org/abs/2401.12345v1', 'local:garbage-1'])).toEqual([
      'arxiv:2401.12345',
      'local:garbage-1',
    ]);
    expect(library.count()).toBe(1);
    expect((await library.search('speculative', { limit: 10 })).map((h) => h.paper.id)).toEqual(['arxiv:2402.00001']);
    expect(db.prepare('SELECT count(*) AS n FROM papers_fts').get()).toEqual({ n: 1 });
    expect(() => imports.fromFile('garbage.bin.jsonl')).toThrow('No papers were imported from garbage.bin.jsonl');
  });

  it('removes nothing when any id is not in the library', () => {
    const { db, library } = filled();
    expect(() => removePapers({ db, library }, ['arxiv:2401.12345', 'arxiv:2499.99999'])).toThrow(
      'Not in the library: arxiv:2499.99999. Nothing was removed.',
    );
    expect(library.count()).toBe(3);
  });
});

describe('PaperImports.fromFile', () => {
  it('finds an import by file name or by path', () => {
    const { imports } = filled();
    expect(imports.fromFile('garbage.bin.jsonl').ids).toEqual(['arxiv:2401.12345', 'local:garbage-1']);
    expect(imports.fromFile('/data/b/other.jsonl').ids).toEqual(['arxiv:2402.00001']);
  });

  it('asks for the path when a file name matches imports from several directories', () => {
    const { library, imports } = filled();
    ingestPapers(library, [makePaper({ id: 'arxiv:2403.00001' })], {
      source: { file: '/data/c/other.jsonl', imports },
    });
    expect(() => imports.fromFile('other.jsonl')).toThrow(
      'Papers were imported from several files named other.jsonl: /data/b/other.jsonl, /data/c/other.jsonl. Give the path.',
    );
  });
});
