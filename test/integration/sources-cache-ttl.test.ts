import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { loadFixture, startSourcesHarness } from '../support/recorded-server.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;
const DAILY = ['huggingface/daily-2024-09-18-p0', 'huggingface/daily-2024-09-18-p1', 'huggingface/daily-2024-09-18-p2'];

/**
 * How long the source responses just stored in the cache file will live, in ms from now. The
 * SQLite store stamps `expires` with the wall clock (as Keyv does), so this reads it the same way.
 */
function storedLifetimes(dataDir: string): number[] {
  const db = new DatabaseSync(join(dataDir, 'cache.sqlite'), { readOnly: true });
  try {
    const rows = db.prepare("SELECT expires FROM keyv WHERE key LIKE 'sources:%'").all() as Array<{
      expires: number | null;
    }>;
    return rows.map((row) => (row.expires ?? Number.POSITIVE_INFINITY) - Date.now());
  } finally {
    db.close();
  }
}

function expectAbout(lifetimes: number[], ms: number): void {
  expect(lifetimes.length).toBeGreaterThan(0);
  for (const lifetime of lifetimes) {
    expect(lifetime).toBeLessThanOrEqual(ms);
    // A few seconds for the test itself to run.
    expect(lifetime).toBeGreaterThan(ms - 10_000);
  }
}

describe('source response caching', () => {
  it("keeps today's Hugging Face daily list for 15 minutes, since papers are still being added", async () => {
    const { server, sources, config } = await startSourcesHarness();
    for (const name of DAILY) server.serve(loadFixture(name));
    await sources.huggingface.daily('2024-09-18');
    expectAbout(storedLifetimes(config.dataDir), 15 * MINUTE);
  });

  it("keeps a past day's Hugging Face daily list for 7 days", async () => {
    const { server, sources, config, clock } = await startSourcesHarness();
    for (const name of DAILY) server.serve(loadFixture(name));
    await clock.advance(2 * DAY);
    await sources.huggingface.daily('2024-09-18');
    expectAbout(storedLifetimes(config.dataDir), 7 * DAY);
  });

  it('keeps a search for an hour', async () => {
    const { server, sources, config } = await startSourcesHarness();
    server.serve(loadFixture('huggingface/search-speculative-decoding'));
    await sources.huggingface.search('speculative decoding', { limit: 5 });
    expectAbout(storedLifetimes(config.dataDir), 60 * MINUTE);
  });

  it('keeps a single paper for a day', async () => {
    const { server, sources, config } = await startSourcesHarness();
    server.serve(loadFixture('huggingface/paper-2409.12186'));
    await sources.huggingface.paper('2409.12186');
    expectAbout(storedLifetimes(config.dataDir), DAY);
  });
});
