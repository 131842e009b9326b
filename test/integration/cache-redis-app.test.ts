import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { makePaper } from '../support/builders.ts';
import { hasRedisServer, startRedisServer } from '../support/redis-server.ts';
import { timed } from '../support/timing.ts';

// Issue 11: the CLI hung until killed when Redis died under it. The app's services must answer
// within the cache's bound (2 s) and close at once.
const BOUND_MS = 2_000;

describe.runIf(hasRedisServer())('the app with CACHE_URL on a Redis that is killed mid-use', () => {
  it('answers searches within 2 s and closes at once', async () => {
    const server = await startRedisServer();
    onTestFinished(() => server.stop());
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-redis-app-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const config = parseConfig({ PAPERBOY_DATA_DIR: dir, OFFLINE: 'true', CACHE_URL: server.url });
    const app = await createApp(config, { log: silentLogger() });
    app.library.upsert([makePaper({ id: 'arxiv:2401.00001', title: 'Speculative Decoding for Fast Inference' })]);
    const search = (query: string) => app.search.search(query, { limit: 5 });
    expect((await search('speculative decoding')).hits).toHaveLength(1);

    await server.kill();

    const cached = await timed(() => search('speculative decoding'));
    const fresh = await timed(() => search('fast inference'));
    const closed = await timed(() => app.close());
    expect(cached.value.hits.map((h) => h.paper.id)).toEqual(['arxiv:2401.00001']);
    expect(fresh.value.hits.map((h) => h.paper.id)).toEqual(['arxiv:2401.00001']);
    expect(cached.ms + fresh.ms).toBeLessThan(BOUND_MS);
    expect(closed.ms).toBeLessThan(BOUND_MS);
  });
});
