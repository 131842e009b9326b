import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/errors/index.ts';
import { type Fixture, loadFixture, startSourcesHarness } from '../support/recorded-server.ts';

const SEARCH = 'arxiv/search-new-and-old-ids';

function emptyFeed(url: string): Fixture {
  const { body } = loadFixture('arxiv/search-empty');
  return { url, status: 200, headers: { 'content-type': 'application/atom+xml' }, body };
}

describe('arxiv.search', () => {
  it('sends sanitized words as all:"…" AND all:"…"', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture(SEARCH));
    await sources.arxiv.search('Attention: (transformer)', { limit: 10 });
    expect(server.requests[0]?.query).toEqual({
      search_query: 'all:"attention" AND all:"transformer"',
      start: '0',
      max_results: '10',
    });
  });

  it('parses new- and old-style ids with their versions', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture(SEARCH));
    const papers = await sources.arxiv.search('attention transformer', { limit: 10 });
    expect(papers.map((p) => [p.id, p.version])).toEqual([
      ['arxiv:1706.03762', 7],
      ['arxiv:hep-th/9901001', 1],
    ]);
  });

  it('maps an Atom entry to a Paper', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture(SEARCH));
    const [, old] = await sources.arxiv.search('attention transformer', { limit: 10 });
    expect(old).toEqual({
      id: 'arxiv:hep-th/9901001',
      version: 1,
      title: 'Attention to Anomalies: A Transformer for Boundary Conditions in String Theory',
      abstract:
        'We study anomaly cancellation for open strings with mixed boundary conditions & show that the resulting transformer of boundary states is consistent.',
      authors: ['J. Smith'],
      published: '1999-01-01T13:20:55.000Z',
      updated: '1999-01-01T13:20:55.000Z',
      categories: ['hep-th'],
      links: { abs: 'https://arxiv.org/abs/hep-th/9901001', pdf: 'https://arxiv.org/pdf/hep-th/9901001v1' },
      keywords: [],
      sources: ['arxiv'],
      comment: '12 pages, LaTeX',
      journalRef: 'Nucl.Phys. B550 (1999) 151-168',
      doi: '10.1016/s0550-3213(99)00123-4',
    });
  });

  it('puts the primary category first', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture(SEARCH));
    const [attention] = await sources.arxiv.search('attention transformer', { limit: 10 });
    expect(attention?.categories).toEqual(['cs.CL', 'cs.LG']);
  });

  it('falls back to OR when no paper has every word', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture('arxiv/search-empty'));
    server.route('/api/query', (request) => emptyFeed(`/api/query?${new URLSearchParams(request.query)}`), {
      anyQuery: true,
    });
    await sources.arxiv.search('zzyzx qwfp', { limit: 10 });
    expect(server.requests.map((r) => r.query.search_query)).toEqual([
      'all:"zzyzx" AND all:"qwfp"',
      'all:"zzyzx" OR all:"qwfp"',
    ]);
  });

  it('returns nothing without a request for text with no searchable words', async () => {
    const { server, sources } = await startSourcesHarness();
    expect([await sources.arxiv.search('the of ()', { limit: 5 }), server.requests.length]).toEqual([[], 0]);
  });

  it('asks again when a page is unexpectedly empty', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture('arxiv/search-page-missing-entries'), { times: 1 });
    server.serve(loadFixture(SEARCH));
    const papers = await sources.arxiv.search('attention transformer', { limit: 10 });
    expect([papers.length, server.requests.length]).toEqual([2, 2]);
  });

  it('spaces requests 3 s apart through one queue', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture('arxiv/search-page-missing-entries'), { times: 2 });
    server.serve(loadFixture(SEARCH));
    server.serve(loadFixture('arxiv/rss-cs.LG+cs.CL'));
    await Promise.all([
      sources.arxiv.search('attention transformer', { limit: 10 }),
      sources.arxivRss.announcements(['cs.LG', 'cs.CL']),
    ]);
    const times = server.requests.map((r) => r.at);
    expect(times.slice(1).map((t, i) => t - (times[i] ?? 0))).toEqual([3000, 3000, 3000]);
  });
});

describe('arxiv.query', () => {
  it('turns the Atom error feed into UpstreamError with the feed text in message only', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture('arxiv/error-feed'));
    const error = await sources.arxiv.query({ idList: ['1234.12345'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect([(error as UpstreamError).message, (error as UpstreamError).userMessage]).toEqual([
      'arxiv bad response: error feed: incorrect id format for 1234.12345',
      'arXiv is not answering right now. Try again in a few minutes.',
    ]);
  });

  it('reads opensearch:totalResults', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture(SEARCH));
    const page = await sources.arxiv.query({
      searchQuery: {
        and: [
          { field: 'all', term: 'attention' },
          { field: 'all', term: 'transformer' },
        ],
      },
    });
    expect([page.totalResults, page.startIndex]).toEqual([2, 0]);
  });

  it('reports malformed XML as bad_response and caches nothing', async () => {
    const { server, sources } = await startSourcesHarness();
    const search = loadFixture(SEARCH);
    server.route(
      search.url,
      { ...search, body: '<feed><entry><id>http://arxiv.org/abs/1706.03762v7</entry>' },
      { times: 1 },
    );
    server.serve(search);
    const error = await sources.arxiv.search('attention transformer', { limit: 10 }).catch((e: unknown) => e);
    expect((error as UpstreamError).code).toBe('upstream_bad_response');
    expect(await sources.arxiv.search('attention transformer', { limit: 10 })).toHaveLength(2);
  });

  it('records the failure in status()', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture('arxiv/error-feed'));
    await sources.arxiv.query({ idList: ['1234.12345'] }).catch(() => undefined);
    expect(sources.status().arxiv.lastError).toBe(
      '2024-09-18T12:00:00.000Z arxiv bad response: error feed: incorrect id format for 1234.12345',
    );
  });
});

describe('arxiv.byIds', () => {
  it('asks for ids in batches of 50', async () => {
    const { server, sources } = await startSourcesHarness();
    server.route('/api/query', (request) => emptyFeed(`/api/query?${new URLSearchParams(request.query)}`), {
      anyQuery: true,
    });
    const ids = Array.from({ length: 120 }, (_, i) => `2401.${String(10000 + i)}`);
    await sources.arxiv.byIds(ids);
    expect(server.requests.map((r) => r.query.id_list?.split(',').length)).toEqual([50, 50, 20]);
  });
});
