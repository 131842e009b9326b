import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/errors/index.ts';
import { loadFixture, startSourcesHarness } from '../support/recorded-server.ts';

describe('arxivRss.announcements', () => {
  it('returns new and cross-listed papers by default', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture('arxiv/rss-cs.LG+cs.CL'));
    const { papers, announced } = await sources.arxivRss.announcements(['cs.LG', 'cs.CL']);
    expect([announced, papers.map((p) => p.id)]).toEqual([
      true,
      ['arxiv:2409.12001', 'arxiv:2409.12002', 'arxiv:2409.11876'],
    ]);
  });

  it('adds replacements when asked', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture('arxiv/rss-cs.LG+cs.CL'));
    const { papers } = await sources.arxivRss.announcements(['cs.LG', 'cs.CL'], { includeReplacements: true });
    expect(papers.map((p) => [p.id, p.version])).toEqual([
      ['arxiv:2409.12001', 1],
      ['arxiv:2409.12002', 1],
      ['arxiv:2409.11876', 1],
      ['arxiv:2405.04321', 3],
      ['arxiv:2403.01234', 2],
    ]);
  });

  it('maps an item to a Paper', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture('arxiv/rss-cs.LG+cs.CL'));
    const { papers } = await sources.arxivRss.announcements(['cs.LG', 'cs.CL']);
    expect(papers[1]).toEqual({
      id: 'arxiv:2409.12002',
      version: 1,
      title: 'Benchmarking Long-Context Retrieval in Multilingual LLMs',
      abstract: 'We introduce a benchmark for long-context retrieval in 12 languages.',
      authors: ['Aiko Tanaka', 'Priya Patel'],
      published: '2024-09-19T04:00:00.000Z',
      categories: ['cs.CL'],
      links: { abs: 'https://arxiv.org/abs/2409.12002', pdf: 'https://arxiv.org/pdf/2409.12002' },
      keywords: [],
      sources: ['arxiv'],
      listedOn: '2024-09-19',
    });
  });

  it('treats an empty channel as no announcements, not an error', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture('arxiv/rss-empty'));
    expect(await sources.arxivRss.announcements(['cs.LG', 'cs.CL'])).toEqual({ papers: [], announced: false });
  });

  it('rejects a category that could alter the URL', async () => {
    const { sources } = await startSourcesHarness();
    await expect(sources.arxivRss.announcements(['cs.LG/../x'])).rejects.toBeInstanceOf(UserInputError);
  });
});

describe('arxivRss.listings', () => {
  it("gives the mailing's new and cross-listed papers listed at the item's pubDate, 00:00 ET", async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture('arxiv/rss-cs.LG+cs.CL'));
    const listed = await sources.arxivRss.listings(['cs.LG', 'cs.CL']);
    expect(listed.map((entry) => [entry.paper.id, entry.listedAt])).toEqual([
      ['arxiv:2409.12001', '2024-09-19T04:00:00.000Z'],
      ['arxiv:2409.12002', '2024-09-19T04:00:00.000Z'],
      ['arxiv:2409.11876', '2024-09-19T04:00:00.000Z'],
    ]);
  });

  it('shares the cached feed with announcements unless it predates fetchedAfter', async () => {
    const { server, sources, clock } = await startSourcesHarness({ ARXIV_MIN_INTERVAL_MS: '0' });
    server.serve(loadFixture('arxiv/rss-cs.LG+cs.CL'));
    await sources.arxivRss.announcements(['cs.LG', 'cs.CL']);
    await sources.arxivRss.listings(['cs.LG', 'cs.CL']);
    expect(server.requests).toHaveLength(1);
    await clock.advance(60_000);
    await sources.arxivRss.listings(['cs.LG', 'cs.CL'], { fetchedAfter: clock.now() });
    expect(server.requests).toHaveLength(2);
  });
});
