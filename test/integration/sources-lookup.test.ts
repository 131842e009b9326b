import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/errors/index.ts';
import { parsePaperId } from '../../src/papers/parse-paper-id.ts';
import { loadFixture, startSourcesHarness } from '../support/recorded-server.ts';

const ID = parsePaperId('https://arxiv.org/abs/2409.12186');

async function withAllSources() {
  const harness = await startSourcesHarness({ SEMANTIC_SCHOLAR_ENABLED: 'true' });
  harness.server.serve(loadFixture('huggingface/paper-2409.12186'));
  harness.server.serve(loadFixture('arxiv/id-2409.12186'));
  harness.server.serve(loadFixture('semanticscholar/paper-arxiv-2409.12186'));
  return harness;
}

describe('sources.lookup', () => {
  it('merges HF, arXiv and Semantic Scholar into one paper', async () => {
    const { sources } = await withAllSources();
    const paper = await sources.lookup(ID);
    expect({
      id: paper?.id,
      version: paper?.version,
      categories: paper?.categories,
      upvotes: paper?.upvotes,
      citationCount: paper?.citationCount,
      tldr: paper?.tldr,
      hf: paper?.links.hf,
      sources: [...(paper?.sources ?? [])].sort(),
    }).toEqual({
      id: 'arxiv:2409.12186',
      version: 3,
      categories: ['cs.CL'],
      upvotes: 138,
      citationCount: 402,
      tldr: 'Qwen2.5-Coder is a series of code models trained on 5.5 trillion tokens.',
      hf: 'https://huggingface.co/papers/2409.12186',
      sources: ['arxiv', 'huggingface', 'semanticscholar'],
    });
  });

  it('takes the title and abstract of the newest arXiv version', async () => {
    const { sources } = await withAllSources();
    const paper = await sources.lookup(ID);
    expect(paper?.abstract).toBe(
      'In this report, we introduce the Qwen2.5-Coder series, a significant upgrade from its predecessor, CodeQwen1.5. This series includes six models: Qwen2.5-Coder-(0.5B/1.5B/3B/7B/14B/32B).',
    );
  });

  it('still answers from arXiv while Hugging Face is down', async () => {
    const { server, sources } = await startSourcesHarness();
    server.route('/api/papers/2409.12186', { url: '', status: 503, body: 'down' });
    server.serve(loadFixture('arxiv/id-2409.12186'));
    const paper = await sources.lookup(ID);
    expect([paper?.sources, sources.status().huggingface.lastError !== undefined]).toEqual([['arxiv'], true]);
  });

  it('throws UpstreamError when every source is down', async () => {
    const { server, sources } = await startSourcesHarness();
    server.route('/api/papers/2409.12186', { url: '', status: 503, body: 'down' });
    server.route('/api/query', { url: '', status: 503, body: 'down' }, { anyQuery: true });
    await expect(sources.lookup(ID)).rejects.toBeInstanceOf(UpstreamError);
  });

  it('returns undefined when no source knows the paper', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(loadFixture('huggingface/paper-not-found'));
    server.route('/api/query', { ...loadFixture('arxiv/search-empty'), url: '' }, { anyQuery: true });
    expect(await sources.lookup(parsePaperId('2401.99999'))).toBeUndefined();
  });
});

describe('sources.lookup checks identity', () => {
  // Every source answers 2401.12345 with the recorded 2409.12186 (issue 12: a mirror or a cache
  // answering with another paper had it stored and shown under the id asked for).
  async function withWrongAnswers() {
    const harness = await startSourcesHarness({ SEMANTIC_SCHOLAR_ENABLED: 'true' });
    harness.server.route('/api/papers/2401.12345', { ...loadFixture('huggingface/paper-2409.12186'), url: '' });
    harness.server.route('/api/query', { ...loadFixture('arxiv/id-2409.12186'), url: '' }, { anyQuery: true });
    harness.server.route(
      '/graph/v1/paper/ARXIV:2401.12345',
      { ...loadFixture('semanticscholar/paper-arxiv-2409.12186'), url: '' },
      { anyQuery: true },
    );
    return harness;
  }

  it('accepts no answer whose id differs from the one asked for', async () => {
    const { sources } = await withWrongAnswers();
    expect(await sources.lookup(parsePaperId('2401.12345'))).toBeUndefined();
  });

  it('keeps the right answers when one source answers with another paper', async () => {
    const { server, sources } = await startSourcesHarness();
    const hf = loadFixture('huggingface/paper-2409.12186');
    server.route('/api/papers/2409.12186', { ...hf, url: '', body: { ...(hf.body as object), id: '2401.00001' } });
    server.serve(loadFixture('arxiv/id-2409.12186'));
    const paper = await sources.lookup(ID);
    expect([paper?.id, paper?.sources]).toEqual(['arxiv:2409.12186', ['arxiv']]);
  });

  it('never caches the wrong answer', async () => {
    const { server, sources } = await withWrongAnswers();
    await sources.lookup(parsePaperId('2401.12345'));
    await sources.lookup(parsePaperId('2401.12345'));
    expect(server.requests.filter((r) => r.path === '/api/papers/2401.12345')).toHaveLength(2);
  });
});
