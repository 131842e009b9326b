import { describe, expect, it } from 'vitest';
import { NotInLibraryError, SourceUnreachableError, UpstreamError } from '../../src/errors/index.ts';
import { parsePaperId } from '../../src/papers/parse-paper-id.ts';
import { closedPortUrl, loadFixture, startSourcesHarness, UNRESOLVABLE_URL } from '../support/recorded-server.ts';

const PAPER = loadFixture('huggingface/paper-2409.12186');

describe('a source that cannot be reached', () => {
  it('is not retried when the connection is refused', async () => {
    const { sources, clock } = await startSourcesHarness({ HF_BASE_URL: await closedPortUrl() });
    const error = await sources.huggingface.paper('2409.12186').catch((e: unknown) => e);
    expect([error instanceof SourceUnreachableError, (error as UpstreamError).code, clock.sleeps]).toEqual([
      true,
      'upstream_unavailable',
      [],
    ]);
  });

  it('is not retried when its host does not resolve', async () => {
    const { sources, clock } = await startSourcesHarness({ HF_BASE_URL: UNRESOLVABLE_URL });
    const error = await sources.huggingface.paper('2409.12186').catch((e: unknown) => e);
    expect([error instanceof SourceUnreachableError, clock.sleeps]).toEqual([true, []]);
  });

  it('is skipped for the cool-down after it could not be reached', async () => {
    const { sources } = await startSourcesHarness({ HF_BASE_URL: await closedPortUrl() });
    const first = await sources.huggingface.paper('2409.12186').catch((e: unknown) => e);
    const second = await sources.huggingface.search('speculative decoding', { limit: 5 }).catch((e: unknown) => e);
    expect([(first as Error).message, (second as Error).message]).toEqual([
      expect.stringMatching(/^huggingface unavailable: ECONNREFUSED/),
      expect.stringMatching(/^huggingface unavailable: skipped until \S+ after it could not be reached$/),
    ]);
  });

  it('is skipped per source: arXiv is still asked while Hugging Face is skipped', async () => {
    const { server, sources } = await startSourcesHarness({ HF_BASE_URL: await closedPortUrl() });
    server.serve(loadFixture('arxiv/id-2409.12186'));
    await sources.huggingface.paper('2409.12186').catch(() => undefined);
    const paper = await sources.lookup(parsePaperId('2409.12186'));
    expect([paper?.sources, server.requests.length]).toEqual([['arxiv'], 1]);
  });
});

describe('sources.lookup', () => {
  it('says the paper is not in the library and live sources are off, asking nobody, when OFFLINE=true', async () => {
    const { server, sources } = await startSourcesHarness({ OFFLINE: 'true' });
    const error = await sources.lookup(parsePaperId('2401.12345')).catch((e: unknown) => e);
    expect([(error as NotInLibraryError).reason, server.requests.length]).toEqual(['offline', 0]);
    expect((error as NotInLibraryError).userMessage).toBe(
      'That paper is not in the library, and live sources are off (OFFLINE=true). Try /papers to search the library.',
    );
  });

  it('says Semantic Scholar is off for a DOI when it is disabled', async () => {
    const { sources } = await startSourcesHarness();
    const error = await sources.lookup(parsePaperId('10.1145/3366423.3380130')).catch((e: unknown) => e);
    expect([error instanceof NotInLibraryError, (error as NotInLibraryError).reason]).toEqual([true, 'disabled']);
  });

  it('says the sources cannot be reached when none can', async () => {
    const { sources } = await startSourcesHarness({
      HF_BASE_URL: UNRESOLVABLE_URL,
      ARXIV_API_URL: await closedPortUrl(),
    });
    const error = await sources.lookup(parsePaperId('2401.12345')).catch((e: unknown) => e);
    expect([error instanceof NotInLibraryError, (error as NotInLibraryError).reason]).toEqual([true, 'unreachable']);
    expect((error as NotInLibraryError).userMessage).not.toContain('Hugging Face is not answering');
  });

  it('gives up after its budget when the sources are slow', async () => {
    const { server, sources } = await startSourcesHarness({}, { lookupBudgetMs: 100 });
    server.route(PAPER.url, { delayMs: 1000, reply: PAPER });
    server.route('/api/query', { delayMs: 1000, reply: loadFixture('arxiv/id-2409.12186') }, { anyQuery: true });
    const started = performance.now();
    const error = await sources.lookup(parsePaperId('2409.12186')).catch((e: unknown) => e);
    expect([(error as NotInLibraryError).reason, performance.now() - started < 900]).toEqual(['unreachable', true]);
  });

  it('still reports a source that answers with errors as unavailable', async () => {
    const { server, sources } = await startSourcesHarness();
    server.route('/api/papers/2409.12186', { url: '', status: 503, body: 'down' });
    server.route('/api/query', { url: '', status: 503, body: 'down' }, { anyQuery: true });
    const error = await sources.lookup(parsePaperId('2409.12186')).catch((e: unknown) => e);
    expect([error instanceof UpstreamError, error instanceof SourceUnreachableError]).toEqual([true, false]);
  });
});

describe('sources.status', () => {
  it('marks every source offline when OFFLINE=true', async () => {
    const { sources } = await startSourcesHarness({ OFFLINE: 'true' });
    expect(Object.values(sources.status()).map((s) => s.mode)).toEqual(['offline', 'offline', 'offline']);
  });

  it('marks Semantic Scholar disabled unless enabled', async () => {
    const { sources } = await startSourcesHarness();
    expect([sources.status().semanticscholar.mode, sources.status().huggingface.mode]).toEqual(['disabled', undefined]);
  });

  it('says until when an unreachable source is skipped', async () => {
    const { sources, clock } = await startSourcesHarness({ HF_BASE_URL: await closedPortUrl() });
    await sources.huggingface.paper('2409.12186').catch(() => undefined);
    expect(sources.status().huggingface.skippedUntil).toBe(new Date(clock.now() + 60_000).toISOString());
  });
});
