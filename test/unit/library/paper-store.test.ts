import { describe, expect, it } from 'vitest';
import { makePaper } from '../../support/builders.ts';
import { temporaryLibrary } from './library-fixture.ts';

function firstSeen(db: ReturnType<typeof temporaryLibrary>['db'], id: string): string {
  return (db.prepare('SELECT first_seen_at FROM papers WHERE id = ?').get(id) as { first_seen_at: string })
    .first_seen_at;
}

describe('upsert', () => {
  it('inserts new papers and reads them back unchanged', async () => {
    const { library } = temporaryLibrary();
    const paper = makePaper({ upvotes: 12, listedOn: '2024-01-23', doi: '10.1/x' });
    expect(library.upsert([paper])).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(library.get(paper.id)).toEqual(paper);
  });

  it('is idempotent: the same papers again change nothing', async () => {
    const { library, db } = temporaryLibrary();
    const papers = [makePaper(), makePaper({ id: 'arxiv:2401.00001', title: 'Other' })];
    library.upsert(papers);
    const before = db.prepare('SELECT * FROM papers ORDER BY doc').all();
    expect(library.upsert(papers)).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(db.prepare('SELECT * FROM papers ORDER BY doc').all()).toEqual(before);
  });

  it('replaces title and abstract with a newer version, and the index follows', async () => {
    const { library } = temporaryLibrary();
    library.upsert([makePaper({ version: 1, abstract: 'Old abstract about caterpillars.' })]);
    expect(library.upsert([makePaper({ version: 2, abstract: 'New abstract about butterflies.' })])).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 0,
    });
    expect(library.get('arxiv:2401.12345')?.abstract).toBe('New abstract about butterflies.');
    expect(await library.search('caterpillars', { limit: 10 })).toEqual([]);
    expect((await library.search('butterflies', { limit: 10 })).map((h) => h.paper.version)).toEqual([2]);
  });

  it('never lets an older version overwrite a newer one', async () => {
    const { library } = temporaryLibrary();
    library.upsert([makePaper({ version: 3, abstract: 'Version three.' })]);
    library.upsert([makePaper({ version: 1, abstract: 'Version one.' })]);
    expect(library.get('arxiv:2401.12345')).toMatchObject({ version: 3, abstract: 'Version three.' });
  });

  it('keeps the first-seen date when a paper is updated', async () => {
    const { library, db, clock } = temporaryLibrary();
    library.upsert([makePaper({ version: 1 })]);
    const seen = firstSeen(db, 'arxiv:2401.12345');
    clock.advance(86_400_000);
    library.upsert([makePaper({ version: 2, abstract: 'Revised.' })]);
    expect(firstSeen(db, 'arxiv:2401.12345')).toBe(seen);
    expect(seen).toBe('2024-09-18T12:00:00.000Z');
  });

  it('merges the same paper from Hugging Face into the arXiv record', async () => {
    const { library } = temporaryLibrary();
    library.upsert([makePaper()]);
    library.upsert([
      makePaper({
        version: undefined,
        abstract: 'HF abstract.',
        upvotes: 40,
        aiSummary: 'Faster decoding.',
        keywords: ['decoding'],
        sources: ['huggingface'],
        links: { hf: 'https://huggingface.co/papers/2401.12345' },
      }),
    ]);
    expect(library.get('arxiv:2401.12345')).toMatchObject({
      abstract: makePaper().abstract,
      upvotes: 40,
      aiSummary: 'Faster decoding.',
      keywords: ['decoding'],
      sources: ['huggingface', 'arxiv'],
      links: { ...makePaper().links, hf: 'https://huggingface.co/papers/2401.12345' },
    });
  });

  it('merges duplicates within one batch into one row', async () => {
    const { library } = temporaryLibrary();
    const result = library.upsert([makePaper(), makePaper({ upvotes: 5, sources: ['huggingface'] })]);
    expect(result).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(library.get('arxiv:2401.12345')?.upvotes).toBe(5);
  });
});

describe('get, getMany, delete, count', () => {
  it('returns papers in the asked order and skips unknown ids', async () => {
    const { library } = temporaryLibrary();
    library.upsert([makePaper({ id: 'arxiv:1' }), makePaper({ id: 'arxiv:2' })]);
    expect(library.getMany(['arxiv:2', 'arxiv:9', 'arxiv:1']).map((p) => p.id)).toEqual(['arxiv:2', 'arxiv:1']);
  });

  it('deletes a paper and its index entries', async () => {
    const { library } = temporaryLibrary();
    library.upsert([makePaper()]);
    expect(library.delete('arxiv:2401.12345')).toBe(true);
    expect(library.delete('arxiv:2401.12345')).toBe(false);
    expect(library.count()).toBe(0);
    expect(await library.search('speculative', { limit: 5 })).toEqual([]);
  });
});

describe('listByDate', () => {
  it('lists papers published or listed on a day, newest first', async () => {
    const { library } = temporaryLibrary();
    library.upsert([
      makePaper({ id: 'arxiv:1', published: '2024-01-22T08:00:00Z' }),
      makePaper({ id: 'arxiv:2', published: '2024-01-22T18:00:00Z' }),
      makePaper({ id: 'arxiv:3', published: '2024-01-20T18:00:00Z', listedOn: '2024-01-22' }),
      makePaper({ id: 'arxiv:4', published: '2024-01-23T00:00:00Z' }),
    ]);
    expect(library.listByDate('2024-01-22').map((p) => p.id)).toEqual(['arxiv:2', 'arxiv:1', 'arxiv:3']);
  });
});
