import { describe, expect, it } from 'vitest';
import { RateLimitedError, type UpstreamError, UserInputError } from '../../src/errors/index.ts';
import { loadFixture, startSourcesHarness } from '../support/recorded-server.ts';

const DAILY = ['huggingface/daily-2024-09-18-p0', 'huggingface/daily-2024-09-18-p1', 'huggingface/daily-2024-09-18-p2'];

async function withDaily() {
  const harness = await startSourcesHarness();
  for (const name of DAILY) harness.server.serve(loadFixture(name));
  return harness;
}

describe('huggingface.daily', () => {
  it('pages with p until an empty array', async () => {
    const { server, sources } = await withDaily();
    await sources.huggingface.daily('2024-09-18');
    expect(server.requests.map((r) => r.query)).toEqual([
      { date: '2024-09-18', limit: '100', p: '0' },
      { date: '2024-09-18', limit: '100', p: '1' },
      { date: '2024-09-18', limit: '100', p: '2' },
    ]);
  });

  it('skips withdrawn and malformed items and sorts by upvotes', async () => {
    const { sources } = await withDaily();
    const papers = await sources.huggingface.daily('2024-09-18');
    expect(papers.map((p) => [p.id, p.upvotes])).toEqual([
      ['arxiv:2409.12186', 138],
      ['arxiv:2409.12183', 36],
      ['arxiv:2409.11074', 3],
    ]);
  });

  it('maps a daily item to a Paper', async () => {
    const { sources } = await withDaily();
    const [paper] = await sources.huggingface.daily('2024-09-18');
    expect(paper).toEqual({
      id: 'arxiv:2409.12186',
      title: 'Qwen2.5-Coder Technical Report',
      abstract:
        'In this report, we introduce the Qwen2.5-Coder series, a significant upgrade from its predecessor, CodeQwen1.5. This series includes two models: Qwen2.5-Coder-1.5B and Qwen2.5-Coder-7B. As a code-specific model, Qwen2.5-Coder is built upon the Qwen2.5 architecture and continues pretrained on a vast corpus of over 5.5 trillion tokens.',
      authors: ['Binyuan Hui', 'Jian Yang', 'Zeyu Cui', 'Jiaxi Yang'],
      published: '2024-09-18T17:57:57.000Z',
      categories: [],
      links: {
        abs: 'https://arxiv.org/abs/2409.12186',
        pdf: 'https://arxiv.org/pdf/2409.12186',
        hf: 'https://huggingface.co/papers/2409.12186',
        code: 'https://github.com/QwenLM/Qwen2.5-Coder',
      },
      upvotes: 138,
      aiSummary:
        'Qwen2.5-Coder models, continued from Qwen2.5 on 5.5 trillion tokens, reach state-of-the-art results on code generation benchmarks.',
      keywords: ['Qwen2.5-Coder', 'code generation', 'code completion', 'pretraining'],
      sources: ['huggingface'],
      listedOn: '2024-09-19',
    });
  });

  it('takes ai_summary and ai_keywords from beside the paper when HF puts them there', async () => {
    const { sources } = await withDaily();
    const papers = await sources.huggingface.daily('2024-09-18');
    const cot = papers.find((p) => p.id === 'arxiv:2409.12183');
    expect([cot?.aiSummary, cot?.keywords]).toEqual([
      'Chain-of-thought prompting mostly helps on math and symbolic tasks.',
      ['chain-of-thought', 'reasoning'],
    ]);
  });

  it('maps projectPage to links.project', async () => {
    const { sources } = await withDaily();
    const papers = await sources.huggingface.daily('2024-09-18');
    expect(papers.find((p) => p.id === 'arxiv:2409.11074')?.links.project).toBe(
      'https://hf.co/datasets/cosmadrian/romath',
    );
  });

  it('serves a second call from the cache', async () => {
    const { server, sources } = await withDaily();
    await sources.huggingface.daily('2024-09-18');
    await sources.huggingface.daily('2024-09-18');
    expect(server.requests).toHaveLength(3);
  });

  it('rejects a date that is not zero-padded YYYY-MM-DD', async () => {
    const { sources } = await startSourcesHarness();
    await expect(sources.huggingface.daily('2024-9-18')).rejects.toBeInstanceOf(UserInputError);
  });

  it('sends a User-Agent naming the project', async () => {
    const { server, sources } = await withDaily();
    await sources.huggingface.daily('2024-09-18');
    expect(server.requests[0]?.headers['user-agent']).toBe(
      'Paperboy/0.1.0 (+https://github.com/paperboy-bot/paperboy)',
    );
  });

  it('waits the RateLimit t=N seconds after a 429, then succeeds', async () => {
    const { server, sources, clock } = await startSourcesHarness();
    server.serve(loadFixture('huggingface/rate-limited'), { times: 1 });
    for (const name of DAILY) server.serve(loadFixture(name));
    const papers = await sources.huggingface.daily('2024-09-18');
    expect([papers.length, clock.sleeps]).toEqual([3, [42_000]]);
  });

  it('throws RateLimitedError with the wait when 429s persist', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture('huggingface/rate-limited'));
    const error = await sources.huggingface.daily('2024-09-18').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect([
      (error as RateLimitedError).service,
      (error as RateLimitedError).retryAfterMs,
      server.requests.length,
    ]).toEqual(['huggingface', 42_000, 4]);
  });

  it('retries a 503 with jittered exponential backoff', async () => {
    const { server, sources, clock } = await startSourcesHarness();
    const page0 = loadFixture('huggingface/daily-2024-09-18-p0');
    server.route(page0.url, { url: page0.url, status: 503, body: 'upstream connect error' }, { times: 2 });
    for (const name of DAILY) server.serve(loadFixture(name));
    await sources.huggingface.daily('2024-09-18');
    expect(clock.sleeps).toEqual([750, 1500]);
  });

  it('turns a dropped connection into UpstreamError unavailable after the retries', async () => {
    const { server, sources } = await startSourcesHarness();
    server.route(loadFixture('huggingface/daily-2024-09-18-p0').url, { drop: true });
    const error = await sources.huggingface.daily('2024-09-18').catch((e: unknown) => e);
    expect([(error as UpstreamError).failure, server.requests.length]).toEqual(['unavailable', 4]);
  });

  it('turns a timeout into UpstreamError unavailable', async () => {
    const { server, sources } = await startSourcesHarness({ SOURCE_TIMEOUT_MS: '50' });
    const paper = loadFixture('huggingface/paper-2409.12186');
    server.route(paper.url, { delayMs: 500, reply: paper });
    const error = await sources.huggingface.paper('2409.12186').catch((e: unknown) => e);
    expect([(error as UpstreamError).code, server.requests.length]).toEqual(['upstream_unavailable', 4]);
  });

  it('reports a body that is not JSON as bad_response and caches nothing', async () => {
    const { server, sources } = await startSourcesHarness();
    const page0 = loadFixture('huggingface/daily-2024-09-18-p0');
    server.route(
      page0.url,
      {
        url: page0.url,
        status: 200,
        body: '[{"paper": {"id": "2409.1',
        headers: { 'content-type': 'application/json' },
      },
      { times: 1 },
    );
    for (const name of DAILY) server.serve(loadFixture(name));
    const error = await sources.huggingface.daily('2024-09-18').catch((e: unknown) => e);
    expect((error as UpstreamError).code).toBe('upstream_bad_response');
    expect(await sources.huggingface.daily('2024-09-18')).toHaveLength(3);
  });

  it('reports a body that is not an array as bad_response', async () => {
    const { server, sources } = await startSourcesHarness();
    server.route(loadFixture('huggingface/daily-2024-09-18-p0').url, { url: '', status: 200, body: { papers: [] } });
    const error = await sources.huggingface.daily('2024-09-18').catch((e: unknown) => e);
    expect((error as UpstreamError).code).toBe('upstream_bad_response');
  });

  it('never writes half a day when a later page fails', async () => {
    const { server, sources, cache } = await startSourcesHarness();
    server.serve(loadFixture('huggingface/daily-2024-09-18-p0'));
    server.route(loadFixture('huggingface/daily-2024-09-18-p1').url, { url: '', status: 200, body: 'not json' });
    await sources.huggingface.daily('2024-09-18').catch(() => undefined);
    expect(await cache.namespace('sources').get('huggingface:daily:2024-09-18')).toBeUndefined();
  });
});

describe('huggingface.listings', () => {
  it("gives each paper of the day with its listing time, the item's top-level publishedAt", async () => {
    const { sources } = await withDaily();
    const listed = await sources.huggingface.listings('2024-09-18');
    expect(listed.map((entry) => [entry.paper.id, entry.listedAt])).toEqual([
      ['arxiv:2409.12186', '2024-09-19T01:45:24.361Z'],
      ['arxiv:2409.11074', '2024-09-18T00:44:51.779Z'],
      ['arxiv:2409.12183', '2024-09-19T00:31:02.112Z'],
    ]);
  });

  it('fetches again when the cached copy is older than fetchedAfter, and only then', async () => {
    const { server, sources, clock } = await withDaily();
    await sources.huggingface.listings('2024-09-18');
    const fetchedAt = clock.now();
    await clock.advance(60_000);
    await sources.huggingface.listings('2024-09-18', { fetchedAfter: fetchedAt });
    expect(server.requests).toHaveLength(3);
    await sources.huggingface.listings('2024-09-18', { fetchedAfter: clock.now() });
    expect(server.requests).toHaveLength(6);
  });
});

describe('huggingface.search', () => {
  it('maps search results and honours the limit', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture('huggingface/search-speculative-decoding'));
    const papers = await sources.huggingface.search('speculative  decoding', { limit: 1 });
    expect(papers.map((p) => [p.id, p.title, p.upvotes])).toEqual([
      ['arxiv:2211.17192', 'Fast Inference from Transformers via Speculative Decoding', 12],
    ]);
  });
});

describe('huggingface.paper', () => {
  it('maps a single paper, listed on its submittedOnDailyAt day', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture('huggingface/paper-2409.12186'));
    const paper = await sources.huggingface.paper('2409.12186');
    expect([paper?.id, paper?.upvotes, paper?.listedOn, paper?.links.code]).toEqual([
      'arxiv:2409.12186',
      138,
      '2024-09-19',
      'https://github.com/QwenLM/Qwen2.5-Coder',
    ]);
  });

  it('returns undefined for a paper HF does not know', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture('huggingface/paper-not-found'));
    expect(await sources.huggingface.paper('2401.99999')).toBeUndefined();
  });
});

describe('offline mode', () => {
  it('throws UpstreamError unavailable without a request', async () => {
    const { server, sources } = await startSourcesHarness({ OFFLINE: 'true' });
    const error = await sources.huggingface.search('anything', { limit: 5 }).catch((e: unknown) => e);
    expect([(error as UpstreamError).code, server.requests.length]).toEqual(['upstream_unavailable', 0]);
  });
});

describe('huggingface.trending', () => {
  async function withWeek() {
    const harness = await startSourcesHarness();
    harness.server.serve(loadFixture('huggingface/week-2024-W38-p0'));
    harness.server.route('/api/daily_papers?week=2024-W38&limit=100&p=1', { url: '', status: 200, body: [] });
    return harness;
  }

  it('pages a week with week= and p until an empty array, most upvoted first', async () => {
    const { server, sources } = await withWeek();
    const papers = await sources.huggingface.trending({ kind: 'week', week: '2024-W38' });
    expect(server.requests.map((r) => r.query)).toEqual([
      { week: '2024-W38', limit: '100', p: '0' },
      { week: '2024-W38', limit: '100', p: '1' },
    ]);
    expect(papers.map((p) => p.upvotes)).toEqual([138, 129, 107, 74, 71, 36, 24, 24]);
    // Equal upvotes keep Hugging Face's order.
    expect(papers.slice(-2).map((p) => p.id)).toEqual(['arxiv:2409.10594', 'arxiv:2409.12961']);
  });

  it('serves a past week again from the cache', async () => {
    const { server, sources } = await withWeek();
    await sources.huggingface.trending({ kind: 'week', week: '2024-W38' });
    await sources.huggingface.trending({ kind: 'week', week: '2024-W38' });
    expect(server.requests).toHaveLength(2);
  });

  it('asks for a month with month=', async () => {
    const { server, sources } = await startSourcesHarness();
    server.route('/api/daily_papers', { url: '', status: 200, body: [] }, { anyQuery: true });
    expect(await sources.huggingface.trending({ kind: 'month', month: '2024-09' })).toEqual([]);
    expect(server.requests.map((r) => r.query)).toEqual([{ month: '2024-09', limit: '100', p: '0' }]);
  });

  it('takes a day from the day listing', async () => {
    const { sources } = await withDaily();
    const papers = await sources.huggingface.trending({ kind: 'day', date: '2024-09-18' });
    expect(papers.map((p) => p.id)).toEqual(['arxiv:2409.12186', 'arxiv:2409.12183', 'arxiv:2409.11074']);
  });

  it('rejects a malformed week or month without a request', async () => {
    const { server, sources } = await startSourcesHarness();
    await expect(sources.huggingface.trending({ kind: 'week', week: '2024-38' })).rejects.toBeInstanceOf(
      UserInputError,
    );
    await expect(sources.huggingface.trending({ kind: 'month', month: '2024-13' })).rejects.toBeInstanceOf(
      UserInputError,
    );
    expect(server.requests).toEqual([]);
  });
});
