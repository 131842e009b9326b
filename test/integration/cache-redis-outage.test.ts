import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type Cache, createCache } from '../../src/cache/create-cache.ts';
import { REDIS_CONNECT_TIMEOUT_MS } from '../../src/cache/redis-backend.ts';
import { createComponentStateStore } from '../../src/discord/component-state.ts';
import { ExpiredStateError, UpstreamError } from '../../src/errors/index.ts';
import { hasRedisServer, type RedisServer, startRedisServer, startSilentServer } from '../support/redis-server.ts';
import { timed, until } from '../support/timing.ts';
import { recordingLogger } from '../unit/commands/command-context.ts';

// Issue 11: with Redis down or silent, a cache call answers as a miss within 2 s.
const BOUND_MS = 2_000;

interface Harness {
  readonly server: RedisServer;
  readonly cache: Cache;
  readonly records: ReturnType<typeof recordingLogger>['records'];
}

async function start(): Promise<Harness> {
  const server = await startRedisServer();
  onTestFinished(() => server.stop());
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-redis-outage-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const { log, records } = recordingLogger();
  const cache = await createCache({ url: server.url, dataDir: dir, log });
  onTestFinished(() => cache.close());
  return { server, cache, records };
}

/** Whether a fresh key can be set and read back: Redis reachable again. */
async function cachingWorks(cache: Cache): Promise<boolean> {
  const key = `probe-${Math.random()}`;
  await cache.namespace('search').set(key, 'v');
  return (await cache.namespace('search').get(key)) === 'v';
}

const messages = (records: Harness['records'], msg: string) => records.filter((r) => r.msg === msg);

describe.runIf(hasRedisServer())('createCache on a Redis that fails mid-use', () => {
  it('answers gets as misses and drops sets within 2 s after Redis is killed', async () => {
    const { server, cache } = await start();
    await cache.namespace('llm').set('kept', 'value');
    expect(await cache.namespace('llm').get('kept')).toBe('value');

    await server.kill();

    const read = await timed(() => cache.namespace('llm').get('kept'));
    expect(read.value).toBeUndefined();
    expect(read.ms).toBeLessThan(BOUND_MS);
    const write = await timed(() => cache.namespace('llm').set('other', 'value'));
    expect(write.value).toBe(false);
    expect(write.ms).toBeLessThan(BOUND_MS);
  });

  it('computes, and answers, through getOrSet while Redis is down', async () => {
    const { server, cache } = await start();
    await server.kill();

    const answer = await timed(() => cache.getOrSet('llm', 'k', async () => 'computed'));

    expect(answer.value).toBe('computed');
    expect(answer.ms).toBeLessThan(BOUND_MS);
  });

  it('says the component state expired, within 2 s, while Redis is down', async () => {
    const { server, cache } = await start();
    const components = createComponentStateStore({ cache, newId: () => 'AAAAAAAAAAAA' });
    const recorder = components.recorder();
    recorder.storeState('papers.next', { query: 'decoding', page: 0 });
    await recorder.flush();
    expect(await components.load('papers.next:AAAAAAAAAAAA')).toEqual({
      route: 'papers.next',
      state: { query: 'decoding', page: 0 },
    });

    await server.kill();

    const failed = await timed(() => components.load('papers.next:AAAAAAAAAAAA').catch((error: unknown) => error));
    expect(failed.value).toBeInstanceOf(ExpiredStateError);
    expect((failed.value as ExpiredStateError).userMessage).toBe('These results have expired; run the command again.');
    expect(failed.ms).toBeLessThan(BOUND_MS);
  });

  it('caches again by itself once Redis restarts on the same port, logging the outage once', async () => {
    const { server, cache, records } = await start();
    await server.kill();
    for (let i = 0; i < 20; i++) await cache.namespace('search').get(`k${i}`);

    await server.restart();

    expect(await until(() => cachingWorks(cache), 5_000)).toBe(true);
    expect(messages(records, 'redis unavailable; the cache reads as empty until it is back')).toHaveLength(1);
    expect(messages(records, 'redis is back; caching again')).toHaveLength(1);
  });

  it('answers within 2 s while Redis accepts connections but never answers, and recovers when it does', async () => {
    const { server, cache, records } = await start();
    await cache.namespace('llm').set('kept', 'value');

    server.freeze();
    const reads = await timed(() => Promise.all(Array.from({ length: 10 }, () => cache.namespace('llm').get('kept'))));
    expect(reads.value).toEqual(Array(10).fill(undefined));
    expect(reads.ms).toBeLessThan(BOUND_MS);
    // Calls after the first timeout do not wait for Redis at all.
    const later = await timed(() => cache.namespace('llm').get('kept'));
    expect(later.ms).toBeLessThan(50);
    await sleep(2_500);

    server.thaw();

    expect(await until(() => cachingWorks(cache), 5_000)).toBe(true);
    expect(await cache.namespace('llm').get('kept')).toBe('value');
    expect(messages(records, 'redis unavailable; the cache reads as empty until it is back')).toHaveLength(1);
    expect(messages(records, 'redis is back; caching again')).toHaveLength(1);
  });
});

describe('createCache on a Redis address that never answers', () => {
  it('fails start-up within the connect timeout, naming the address', async () => {
    const silent = await startSilentServer();
    onTestFinished(() => silent.close());
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-redis-silent-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));

    const failed = await timed(() =>
      createCache({ url: silent.url, dataDir: dir, log: recordingLogger().log }).catch((error: unknown) => error),
    );

    expect(failed.value).toBeInstanceOf(UpstreamError);
    expect((failed.value as UpstreamError).message).toContain(`cannot reach ${silent.url}`);
    expect(failed.ms).toBeLessThan(REDIS_CONNECT_TIMEOUT_MS + 1_000);
  });
});
