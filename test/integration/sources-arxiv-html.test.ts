import { describe, expect, it } from 'vitest';
import { loadFixture, startSourcesHarness } from '../support/recorded-server.ts';

const PAGE = loadFixture('arxiv-html/1406.1001');
const MISSING = loadFixture('arxiv-html/1406.1002-missing');

describe('arxivHtml.fullText', () => {
  it("reads a rendered paper's sections and paragraphs, without the abstract the metadata has", async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(PAGE);
    const result = await sources.arxivHtml.fullText({ id: 'arxiv:1406.1001', version: 1 });
    expect(result.kind === 'found' && result.sections.map((s) => [s.title, s.paragraphs.length])).toEqual([
      ['1 Introduction', 2],
      ['2 Related Work', 1],
      ['3 Problem Definition & Approach', 1],
      ['4 Convolutional Neural Network based Semantic Model', 2],
    ]);
    expect(result.kind === 'found' && result.sections[0]?.paragraphs[1]?.text).toContain(
      'The highest achievable F 1 score of our system is 0.61, versus 0.54 of Paralex.',
    );
  });

  it('asks politely: a User-Agent naming the bot, through the arXiv queue, once per version (cached)', async () => {
    const { server, sources } = await startSourcesHarness({ ARXIV_MIN_INTERVAL_MS: '3000' });
    server.serve(PAGE);
    server.serve(loadFixture('arxiv/id-2409.12186'), { anyQuery: true });
    await Promise.all([
      sources.arxivHtml.fullText({ id: 'arxiv:1406.1001', version: 1 }),
      sources.arxiv.byIds(['arxiv:2409.12186']),
    ]);
    await sources.arxivHtml.fullText({ id: 'arxiv:1406.1001', version: 1 });
    const html = server.requests.filter((r) => r.path.startsWith('/html/'));
    expect(html.map((r) => r.path)).toEqual(['/html/1406.1001v1']);
    expect(html[0]?.headers['user-agent']).toMatch(/^Paperboy\/0\.1\.0 /);
    // The API request and the HTML request share arXiv's one-every-3-s queue.
    const [first, second] = server.requests.map((r) => r.at);
    expect(Math.abs((second ?? 0) - (first ?? 0))).toBeGreaterThanOrEqual(3000);
  });

  it('asks for the version the paper has, or the latest when it is not known', async () => {
    const { server, sources } = await startSourcesHarness();
    server.route('/html/1406.1001v2', { ...PAGE, url: 'https://arxiv.org/html/1406.1001v2' });
    server.route('/html/1406.1001', { ...PAGE, url: 'https://arxiv.org/html/1406.1001' });
    const versioned = await sources.arxivHtml.fullText({ id: 'arxiv:1406.1001', version: 2 });
    expect(versioned).toMatchObject({ kind: 'found', url: `${server.url}/html/1406.1001v2` });
    const latest = await sources.arxivHtml.fullText({ id: 'arxiv:1406.1001' });
    expect(latest).toMatchObject({ kind: 'found', url: `${server.url}/html/1406.1001` });
  });

  it('reads a 404 as "no HTML version" and does not ask again', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve(MISSING);
    expect(await sources.arxivHtml.fullText({ id: 'arxiv:1406.1002', version: 1 })).toEqual({
      kind: 'none',
      reason: 'no-html',
    });
    expect(await sources.arxivHtml.fullText({ id: 'arxiv:1406.1002', version: 1 })).toEqual({
      kind: 'none',
      reason: 'no-html',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('reads a page that is not a rendered paper as "no HTML version"', async () => {
    const { server, sources } = await startSourcesHarness();
    server.serve({ ...MISSING, status: 200 });
    expect(await sources.arxivHtml.fullText({ id: 'arxiv:1406.1002', version: 1 })).toEqual({
      kind: 'none',
      reason: 'no-html',
    });
  });

  it('says "unavailable" when arXiv fails, and asks again next time', async () => {
    const { server, sources } = await startSourcesHarness();
    server.route('/html/1406.1001v1', { url: '/html/1406.1001v1', status: 503, body: 'busy' }, { times: 4 });
    expect(await sources.arxivHtml.fullText({ id: 'arxiv:1406.1001', version: 1 })).toEqual({
      kind: 'none',
      reason: 'unavailable',
    });
    server.serve(PAGE);
    expect((await sources.arxivHtml.fullText({ id: 'arxiv:1406.1001', version: 1 })).kind).toBe('found');
  });

  it('does not ask for papers that are not on arXiv', async () => {
    const { server, sources } = await startSourcesHarness();
    expect(await sources.arxivHtml.fullText({ id: 'doi:10.1000/xyz' })).toEqual({ kind: 'none', reason: 'not-arxiv' });
    expect(server.requests).toHaveLength(0);
  });

  it('never asks when offline', async () => {
    const { server, sources } = await startSourcesHarness({ OFFLINE: 'true' });
    expect(await sources.arxivHtml.fullText({ id: 'arxiv:1406.1001', version: 1 })).toEqual({
      kind: 'none',
      reason: 'unavailable',
    });
    expect(server.requests).toHaveLength(0);
  });
});
