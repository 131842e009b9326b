import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCache } from '../../../src/cache/create-cache.ts';
import { SourceUnreachableError } from '../../../src/errors/index.ts';
import { openDatabase } from '../../../src/library/database.ts';
import { createLibrary } from '../../../src/library/library.ts';
import { silentLogger } from '../../../src/log.ts';
import type { Paper } from '../../../src/papers/paper.ts';
import { type CreateSearchOptions, createSearch } from '../../../src/search/search-service.ts';
import type { LiveSearch } from '../../../src/sources/live-search.ts';
import { makePaper } from '../../support/builders.ts';
import { createFakeClock } from '../../support/fake-clock.ts';

interface FakeLive extends LiveSearch {
  readonly calls: string[];
}

function fakeLive(
  name: LiveSearch['name'],
  answer: (query: string, signal?: AbortSignal) => Promise<readonly Paper[]>,
): FakeLive {
  const calls: string[] = [];
  return {
    name,
    calls,
    search(query, { signal }) {
      calls.push(query);
      return answer(query, signal);
    },
  };
}

async function setup(live: readonly LiveSearch[] = [], extra: Partial<CreateSearchOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-search-'));
  const log = silentLogger();
  const db = openDatabase(join(dir, 'paperboy.sqlite'), { log });
  const cache = await createCache({ url: undefined, dataDir: dir, log });
  onTestFinished(async () => {
    await cache.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const clock = createFakeClock({ start: Date.UTC(2024, 8, 18, 12) });
  const library = createLibrary({ db, clock, log });
  const search = createSearch({ library, live, cache, clock, log, ...extra });
  return { library, search, clock };
}

const OLD = makePaper({
  id: 'arxiv:2001.00001',
  title: 'Speculative decoding, the classic',
  published: '2020-01-01T00:00:00Z',
  upvotes: 1,
});
const NEW = makePaper({
  id: 'arxiv:2409.00002',
  title: 'Decoding faster with drafts',
  abstract: 'Speculative drafts.',
  published: '2024-09-17T00:00:00Z',
  upvotes: 90,
});

describe('createSearch', () => {
  it('returns library hits with snippets when offline', async () => {
    const { library, search } = await setup();
    library.upsert([OLD, NEW]);
    const result = await search.search('speculative decoding classic', { limit: 10, offline: true });
    expect(result.hits.map((h) => h.paper.id)).toEqual(['arxiv:2001.00001', 'arxiv:2409.00002']);
    expect(result.hits[1]?.snippet).toBe('Speculative drafts.');
    expect(result.notices).toEqual([]);
  });

  it('merges live results with library results and ingests them', async () => {
    const fromHf = makePaper({ ...OLD, sources: ['huggingface'], upvotes: 50, abstract: 'HF text.' });
    const brandNew = makePaper({ id: 'arxiv:2409.99999', title: 'Speculative decoding at scale', abstract: 'New.' });
    const hf = fakeLive('huggingface', async () => [fromHf, brandNew]);
    const { library, search } = await setup([hf]);
    library.upsert([OLD]);
    const result = await search.search('speculative decoding', { limit: 10 });
    expect(result.hits.map((h) => h.paper.id)).toEqual(['arxiv:2001.00001', 'arxiv:2409.99999']);
    expect(result.hits[0]?.paper).toMatchObject({ upvotes: 50, sources: ['arxiv', 'huggingface'] });
    expect(library.get('arxiv:2409.99999')?.title).toBe('Speculative decoding at scale');
  });

  it('answers with library results and a notice when a live source fails', async () => {
    const arxiv = fakeLive('arxiv', async () => {
      throw new Error('connect ECONNREFUSED');
    });
    const { library, search } = await setup([arxiv]);
    library.upsert([OLD]);
    const result = await search.search('speculative', { limit: 10 });
    expect(result.hits.map((h) => h.paper.id)).toEqual(['arxiv:2001.00001']);
    expect(result.notices).toEqual(['arXiv is not answering; showing library results']);
  });

  it('gives one notice, suggesting OFFLINE=true, when no live source can be reached', async () => {
    const unreachable = (name: LiveSearch['name']) =>
      fakeLive(name, async () => {
        throw new SourceUnreachableError(name, 'ENOTFOUND (https://example.invalid/)');
      });
    const { library, search } = await setup([unreachable('huggingface'), unreachable('arxiv')]);
    library.upsert([OLD]);
    const result = await search.search('speculative', { limit: 10 });
    expect([result.hits.length, result.notices]).toEqual([
      1,
      [
        'Hugging Face and arXiv cannot be reached (offline? set OFFLINE=true to skip live sources); showing library results',
      ],
    ]);
  });

  it('says why a live source shows only library papers when live sources are off', async () => {
    const { library, search } = await setup([], { offline: true });
    library.upsert([makePaper({ ...OLD, sources: ['huggingface'] })]);
    const result = await search.search('speculative', { limit: 10, source: 'huggingface' });
    expect([result.hits.length, result.notices]).toEqual([
      1,
      ['Live sources are off (OFFLINE=true): only Hugging Face papers already in the library are shown'],
    ]);
  });

  it('says live sources are off when an offline search finds nothing', async () => {
    const { search } = await setup([], { offline: true });
    const result = await search.search('speculative', { limit: 10 });
    expect(result.notices).toEqual(['Live sources are off (OFFLINE=true): only the library was searched']);
  });

  it('adds no notice to an offline search of all sources that found papers', async () => {
    const { library, search } = await setup([], { offline: true });
    library.upsert([OLD]);
    expect((await search.search('speculative', { limit: 10 })).notices).toEqual([]);
  });

  it('stops waiting for a live source after the time budget', async () => {
    const slow = fakeLive('huggingface', () => new Promise<never>(() => {}));
    const { library, search } = await setup([slow], { liveBudgetMs: 50 });
    library.upsert([OLD]);
    const result = await search.search('speculative', { limit: 10 });
    expect(result.notices).toEqual(['Hugging Face is not answering; showing library results']);
    expect(result.hits).toHaveLength(1);
  });

  it('asks no live source when the source filter is library', async () => {
    const hf = fakeLive('huggingface', async () => []);
    const { search } = await setup([hf]);
    await search.search('speculative', { limit: 10, source: 'library' });
    expect(hf.calls).toEqual([]);
  });

  it('asks only the chosen live source', async () => {
    const hf = fakeLive('huggingface', async () => []);
    const arxiv = fakeLive('arxiv', async () => []);
    const { search } = await setup([hf, arxiv]);
    await search.search('speculative', { limit: 10, source: 'arxiv' });
    expect([hf.calls, arxiv.calls]).toEqual([[], ['speculative']]);
  });

  it('serves a repeated query from the cache without a second live call', async () => {
    const hf = fakeLive('huggingface', async () => [NEW]);
    const { search } = await setup([hf]);
    const first = await search.search('speculative', { limit: 10 });
    const second = await search.search('speculative', { limit: 10 });
    expect(hf.calls).toEqual(['speculative']);
    expect(second).toEqual(JSON.parse(JSON.stringify(first)));
  });

  it('does not cache a degraded answer', async () => {
    let fail = true;
    const hf = fakeLive('huggingface', async () => {
      if (fail) throw new Error('503');
      return [NEW];
    });
    const { search } = await setup([hf]);
    await search.search('speculative', { limit: 10 });
    fail = false;
    const result = await search.search('speculative', { limit: 10 });
    expect(result.notices).toEqual([]);
    expect(hf.calls).toHaveLength(2);
  });

  it('ranks recent papers first and strips the intent word when the query asks for the latest', async () => {
    const hf = fakeLive('huggingface', async () => []);
    const { library, search } = await setup([hf]);
    library.upsert([OLD, NEW]);
    const result = await search.search('latest speculative decoding', { limit: 10 });
    expect(result.hits.map((h) => h.paper.id)).toEqual(['arxiv:2409.00002', 'arxiv:2001.00001']);
    expect(hf.calls).toEqual(['speculative decoding']);
  });

  it('ranks upvoted papers first when the query asks for popular ones', async () => {
    const { library, search } = await setup();
    library.upsert([OLD, NEW]);
    const result = await search.search('popular speculative decoding', { limit: 10, offline: true });
    expect(result.hits.map((h) => h.paper.id)).toEqual(['arxiv:2409.00002', 'arxiv:2001.00001']);
  });

  it('keeps only papers from the last week with since: week', async () => {
    const older = makePaper({ ...NEW, id: 'arxiv:2409.00003', published: '2024-09-01T00:00:00Z', listedOn: undefined });
    const hf = fakeLive('huggingface', async () => [older]);
    const { library, search } = await setup([hf]);
    library.upsert([OLD, NEW]);
    const result = await search.search('speculative decoding', { limit: 10, since: 'week' });
    expect(result.hits.map((h) => h.paper.id)).toEqual(['arxiv:2409.00002']);
  });

  it('filters by category', async () => {
    const { library, search } = await setup();
    library.upsert([OLD, { ...NEW, categories: ['cs.AI'] }]);
    const result = await search.search('speculative', { limit: 10, categories: ['cs.AI'], offline: true });
    expect(result.hits.map((h) => h.paper.id)).toEqual(['arxiv:2409.00002']);
  });

  it('pages with offset and reports how many remain', async () => {
    const { library, search } = await setup();
    library.upsert(
      Array.from({ length: 5 }, (_, i) => makePaper({ id: `arxiv:2409.0000${i}`, title: `Decoding part ${i}` })),
    );
    const page = await search.search('decoding', { limit: 2, offset: 2, offline: true });
    expect(page.hits).toHaveLength(2);
    expect(page.total).toBe(1);
  });

  it('finds similar papers and never the paper itself', async () => {
    const { library, search } = await setup();
    library.upsert([OLD, NEW, makePaper({ id: 'arxiv:1', title: 'Cooking pasta', abstract: 'Water and salt.' })]);
    const result = await search.similar(OLD, { limit: 10, offline: true });
    expect(result.hits.map((h) => h.paper.id)).toEqual(['arxiv:2409.00002']);
  });
});
