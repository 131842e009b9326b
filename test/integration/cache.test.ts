import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { type Cache, createCache } from '../../src/cache/create-cache.ts';
import { silentLogger } from '../../src/log.ts';

const redisUrl = inject('redisUrl');

const backends: Array<[string, () => Promise<Cache>]> = [
  ['the SQLite file', () => createCache({ url: undefined, dataDir: tempDir(), log: silentLogger() })],
  ...(redisUrl
    ? [
        ['a real Redis', () => createCache({ url: redisUrl, dataDir: tempDir(), log: silentLogger() })] as [
          string,
          () => Promise<Cache>,
        ],
      ]
    : []),
];

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'paperboy-cache-'));
}

async function open(make: () => Promise<Cache>): Promise<Cache> {
  const cache = await make();
  onTestFinished(() => cache.close());
  return cache;
}

describe.each(backends)('createCache with %s', (_name, make) => {
  it('stores and reads values per namespace', async () => {
    const cache = await open(make);
    const key = `k-${Math.random()}`;
    await cache.namespace('llm').set(key, { summary: 'x' });
    expect(await cache.namespace('llm').get(key)).toEqual({ summary: 'x' });
    expect(await cache.namespace('search').get(key)).toBeUndefined();
  });

  it('computes once for ten concurrent identical requests, then serves hits', async () => {
    const cache = await open(make);
    const key = `k-${Math.random()}`;
    let upstreamCalls = 0;
    const compute = async () => {
      upstreamCalls++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return 'answer';
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => cache.getOrSet('llm', key, compute)));
    expect(results).toEqual(Array(10).fill('answer'));
    expect(upstreamCalls).toBe(1);
    expect(await cache.getOrSet('llm', key, compute)).toBe('answer');
    expect(upstreamCalls).toBe(1);
    expect(cache.stats().llm).toEqual({ hits: 1, misses: 1 });
  });

  it('recomputes and replaces the entry on refresh', async () => {
    const cache = await open(make);
    const key = `k-${Math.random()}`;
    await cache.getOrSet('llm', key, async () => 'first');
    expect(await cache.getOrSet('llm', key, async () => 'second', { refresh: true })).toBe('second');
    expect(await cache.getOrSet('llm', key, async () => 'third')).toBe('second');
  });

  it('does not cache a failure', async () => {
    const cache = await open(make);
    const key = `k-${Math.random()}`;
    await expect(cache.getOrSet('sources', key, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.getOrSet('sources', key, async () => 'recovered')).toBe('recovered');
  });

  it('expires entries after their TTL', async () => {
    const cache = await open(make);
    const key = `k-${Math.random()}`;
    await cache.getOrSet('search', key, async () => 'short-lived', { ttlMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await cache.namespace('search').get(key)).toBeUndefined();
  });
});

describe('createCache', () => {
  it('puts the SQLite cache in the data directory, readable by its owner only', async () => {
    const dir = tempDir();
    await open(() => createCache({ url: undefined, dataDir: dir, log: silentLogger() }));
    expect(statSync(join(dir, 'cache.sqlite')).mode & 0o777).toBe(0o600);
  });

  it.runIf(Boolean(redisUrl))('shares values between two processes through Redis', async () => {
    const a = await open(() => createCache({ url: redisUrl, dataDir: tempDir(), log: silentLogger() }));
    const b = await open(() => createCache({ url: redisUrl, dataDir: tempDir(), log: silentLogger() }));
    const key = `shared-${Math.random()}`;
    await a.namespace('components').set(key, { page: 2 });
    expect(await b.namespace('components').get(key)).toEqual({ page: 2 });
  });

  it('fails loudly when Redis cannot be reached', async () => {
    await expect(
      createCache({ url: 'redis://127.0.0.1:1', dataDir: tempDir(), log: silentLogger() }),
    ).rejects.toThrow();
  });
});
