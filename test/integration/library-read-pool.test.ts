import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { createSyncReads } from '../../src/library/library.ts';
import { silentLogger } from '../../src/log.ts';
import { makePaper } from '../support/builders.ts';

const PAPERS = Array.from({ length: 40 }, (_, i) =>
  makePaper({
    id: `arxiv:2401.${String(10000 + i)}`,
    title: i % 2 ? `Speculative decoding with draft model ${i}` : `Protein folding at scale ${i}`,
    abstract: `We study ${i % 3 ? 'speculative decoding' : 'folded proteins'} in setting ${i} with ${i} examples.`,
  }),
);

/** The real app with its library reads in two worker threads. */
async function appWithReadWorkers() {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-read-pool-'));
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = parseConfig({ PAPERBOY_DATA_DIR: dataDir, OFFLINE: 'true', LIBRARY_READ_WORKERS: '2' });
  const app = await createApp(config, { log: silentLogger(), mode: 'bot' });
  onTestFinished(() => app.close());
  app.library.upsert(PAPERS);
  return app;
}

describe('library reads in worker threads', () => {
  it('rank exactly as the same search on the main thread', async () => {
    const app = await appWithReadWorkers();
    const inline = createSyncReads(app.db);
    for (const query of ['speculative decoding', 'protein folding', 'draft model 7', '"(*)" nothing']) {
      const options = { limit: 10 };
      expect(await app.library.search(query, options)).toEqual(inline.search(query, options));
    }
    expect(await app.library.lookup('Protein fold', 5)).toEqual(inline.lookup('Protein fold', 5));
  });

  it('see papers the main thread has just written', async () => {
    const app = await appWithReadWorkers();
    expect(await app.library.search('tokamak plasma', { limit: 5 })).toEqual([]);
    app.library.upsert([makePaper({ id: 'arxiv:2402.00001', title: 'Tokamak plasma control', abstract: 'Plasma.' })]);
    const hits = await app.library.search('tokamak plasma', { limit: 5 });
    expect(hits.map((hit) => hit.paper.id)).toEqual(['arxiv:2402.00001']);
  });

  it('answer many concurrent searches, each with its own results', async () => {
    const app = await appWithReadWorkers();
    const queries = Array.from({ length: 30 }, (_, i) => (i % 2 ? `model ${i}` : `scale ${i}`));
    const results = await Promise.all(queries.map((query) => app.library.search(query, { limit: 3 })));
    const inline = createSyncReads(app.db);
    expect(results).toEqual(queries.map((query) => inline.search(query, { limit: 3 })));
  });
});
