import { describe, expect, it } from 'vitest';
import { makePaper } from '../../support/builders.ts';
import { temporaryLibrary } from './library-fixture.ts';

describe('search', () => {
  function seeded() {
    const context = temporaryLibrary();
    context.library.upsert([
      makePaper({
        id: 'arxiv:1',
        title: 'Speculative decoding',
        published: '2024-09-17T00:00:00Z',
        categories: ['cs.CL'],
        sources: ['huggingface'],
      }),
      makePaper({
        id: 'arxiv:2',
        title: 'Protein folding',
        abstract: 'Decoding protein structure.',
        published: '2023-01-01T00:00:00Z',
        categories: ['q-bio.BM'],
      }),
      makePaper({ id: 'arxiv:3', title: 'Unrelated', abstract: 'Nothing here.', published: '2024-09-18T00:00:00Z' }),
    ]);
    return context;
  }

  it('ranks a title match above an abstract match', async () => {
    const { library } = seeded();
    expect((await library.search('decoding', { limit: 10 })).map((h) => h.paper.id)).toEqual(['arxiv:1', 'arxiv:2']);
  });

  it('matches stems and any of the words', async () => {
    const { library } = seeded();
    expect((await library.search('folded proteins OR nothing', { limit: 10 })).map((h) => h.paper.id)).toEqual([
      'arxiv:2',
      'arxiv:3',
    ]);
  });

  it('returns no hits for a query with nothing searchable', async () => {
    const { library } = seeded();
    expect(await library.search('"(*)" the', { limit: 10 })).toEqual([]);
  });

  it('filters by since', async () => {
    const { library } = seeded();
    expect(
      (await library.search('decoding', { limit: 10, since: '2024-01-01T00:00:00Z' })).map((h) => h.paper.id),
    ).toEqual(['arxiv:1']);
  });

  it('filters by category', async () => {
    const { library } = seeded();
    expect((await library.search('decoding', { limit: 10, categories: ['q-bio.BM'] })).map((h) => h.paper.id)).toEqual([
      'arxiv:2',
    ]);
  });

  it('filters by source', async () => {
    const { library } = seeded();
    expect((await library.search('decoding', { limit: 10, sources: ['huggingface'] })).map((h) => h.paper.id)).toEqual([
      'arxiv:1',
    ]);
  });

  it('pages with offset', async () => {
    const { library } = seeded();
    expect((await library.search('decoding', { limit: 1, offset: 1 })).map((h) => h.paper.id)).toEqual(['arxiv:2']);
  });

  it('reports matched terms and a snippet around them', async () => {
    const { library } = temporaryLibrary();
    const abstract = `${'Filler words without meaning. '.repeat(20)}Here aspirin reduces the risk of stroke. ${'More filler. '.repeat(20)}`;
    library.upsert([makePaper({ title: 'A trial', abstract })]);
    const [hit] = await library.search('aspirin stroke risk', { limit: 1 });
    expect(hit?.matchedTerms).toEqual(['aspirin', 'stroke', 'risk']);
    expect(hit?.snippet).toContain('Here aspirin reduces the risk of stroke.');
    expect(hit?.snippet.startsWith('…')).toBe(true);
    expect(hit?.snippet.length).toBeLessThanOrEqual(202);
  });
});
