import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../src/errors/index.ts';
import { loadFixture, startSourcesHarness } from '../support/recorded-server.ts';

const ENABLED = { SEMANTIC_SCHOLAR_ENABLED: 'true' };

describe('semanticScholar', () => {
  it('is absent unless enabled', async () => {
    const { sources } = await startSourcesHarness();
    expect(sources.semanticScholar).toBeUndefined();
  });

  it('maps search results to canonical ids, citations and TLDR', async () => {
    const { server, sources } = await startSourcesHarness(ENABLED);
    server.serve(loadFixture('semanticscholar/search-speculative-decoding'));
    const papers = (await sources.semanticScholar?.search('speculative decoding', { limit: 10 })) ?? [];
    expect(papers.map((p) => [p.id, p.citationCount, p.tldr])).toEqual([
      [
        'arxiv:2211.17192',
        612,
        'Speculative decoding samples from large models faster by drafting with a small model and verifying in parallel.',
      ],
      ['doi:10.18653/v1/2023.acl-long.1', 17, undefined],
    ]);
  });

  it('sends x-api-key when one is configured', async () => {
    const { server, sources } = await startSourcesHarness({ ...ENABLED, SEMANTIC_SCHOLAR_API_KEY: 'test-key' });
    server.serve(loadFixture('semanticscholar/search-speculative-decoding'));
    await sources.semanticScholar?.search('speculative decoding', { limit: 10 });
    expect(server.requests[0]?.headers['x-api-key']).toBe('test-key');
  });

  it('retries a 429 with backoff, then succeeds', async () => {
    const { server, sources, clock } = await startSourcesHarness(ENABLED);
    server.serve(loadFixture('semanticscholar/rate-limited'), { times: 1 });
    server.serve(loadFixture('semanticscholar/search-speculative-decoding'));
    const papers = await sources.semanticScholar?.search('speculative decoding', { limit: 10 });
    // 750 ms backoff, then 250 ms more so the retry starts a full second after the first request.
    expect([papers?.length, clock.sleeps]).toEqual([2, [750, 250]]);
  });

  it('throws RateLimitedError when 429s persist', async () => {
    const { server, sources } = await startSourcesHarness(ENABLED);
    server.serve(loadFixture('semanticscholar/rate-limited'));
    const error = await sources.semanticScholar?.search('speculative decoding', { limit: 10 }).catch((e: unknown) => e);
    expect([error instanceof RateLimitedError, server.requests.length]).toEqual([true, 4]);
  });

  it('keeps about one request per second', async () => {
    const { server, sources } = await startSourcesHarness(ENABLED);
    server.serve(loadFixture('semanticscholar/rate-limited'), { times: 1 });
    server.serve(loadFixture('semanticscholar/search-speculative-decoding'));
    await sources.semanticScholar?.search('speculative decoding', { limit: 10 });
    const [first, second] = server.requests.map((r) => r.at);
    expect((second ?? 0) - (first ?? 0)).toBe(1000);
  });

  it('asks for a batch with POST /paper/batch', async () => {
    const { server, sources } = await startSourcesHarness(ENABLED);
    const paper = loadFixture('semanticscholar/paper-arxiv-2409.12186');
    server.route(
      '/graph/v1/paper/batch',
      { url: '', status: 200, body: [paper.body, null] },
      { method: 'POST', anyQuery: true },
    );
    const papers = (await sources.semanticScholar?.batch(['arxiv:2409.12186', 'arxiv:2401.99999'])) ?? [];
    expect([papers.map((p) => p.id), JSON.parse(server.requests[0]?.body ?? '{}')]).toEqual([
      ['arxiv:2409.12186'],
      { ids: ['ARXIV:2409.12186', 'ARXIV:2401.99999'] },
    ]);
  });

  it('asks the recommendations API beside the graph API', async () => {
    const { server, sources } = await startSourcesHarness(ENABLED);
    const paper = loadFixture('semanticscholar/paper-arxiv-2409.12186');
    server.route(
      '/recommendations/v1/papers/forpaper/ARXIV:2211.17192',
      { url: '', status: 200, body: { recommendedPapers: [paper.body] } },
      { anyQuery: true },
    );
    const papers = (await sources.semanticScholar?.recommendations('arxiv:2211.17192', { limit: 5 })) ?? [];
    expect(papers.map((p) => p.id)).toEqual(['arxiv:2409.12186']);
  });
});
