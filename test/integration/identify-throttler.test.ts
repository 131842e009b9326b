import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { closeSharedRedis, connectSharedRedis } from '../../src/cache/shared-redis.ts';
import { createRedisIdentifyThrottler, IDENTIFY_WINDOW_MS } from '../../src/discord/identify-throttler.ts';
import { silentLogger } from '../../src/log.ts';
import { timed } from '../support/timing.ts';

const redisUrl = inject('redisUrl');

/** One process's throttler: its own connection, all on one Redis under this test's prefix. */
async function processThrottlers(count: number, maxConcurrency: number) {
  const keyPrefix = `test:identify:${randomUUID()}`;
  return Promise.all(
    Array.from({ length: count }, async () => {
      const redis = await connectSharedRedis({ url: redisUrl, log: silentLogger() });
      onTestFinished(() => closeSharedRedis(redis));
      return createRedisIdentifyThrottler({ redis, maxConcurrency, log: silentLogger(), keyPrefix });
    }),
  );
}

describe.runIf(redisUrl !== '')('the identify throttler shared through Redis', () => {
  it('lets shards of one bucket identify 5 s apart, whichever process runs them', async () => {
    const [a, b] = await processThrottlers(2, 1);
    const signal = new AbortController().signal;
    const first = await timed(() => a?.waitForIdentify(0, signal) ?? Promise.resolve());
    const second = await timed(() => b?.waitForIdentify(1, signal) ?? Promise.resolve());
    expect(first.ms).toBeLessThan(1_000);
    expect(second.ms).toBeGreaterThanOrEqual(IDENTIFY_WINDOW_MS - 1_000);
  });

  it('lets shards of different buckets identify together', async () => {
    const [a, b] = await processThrottlers(2, 2);
    const signal = new AbortController().signal;
    const both = await timed(() =>
      Promise.all([a?.waitForIdentify(0, signal), b?.waitForIdentify(1, signal)]).then(() => undefined),
    );
    expect(both.ms).toBeLessThan(1_000);
  });

  it('gives up waiting when the shard is destroyed (aborted)', async () => {
    const [a, b] = await processThrottlers(2, 1);
    await a?.waitForIdentify(0, new AbortController().signal);
    const abort = new AbortController();
    const waiting = b?.waitForIdentify(1, abort.signal);
    abort.abort();
    await expect(waiting).rejects.toThrow();
  });
});
