import { randomBytes } from 'node:crypto';
import { createClient, type RedisClientType } from '@keyv/redis';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { closeSharedRedis, connectSharedRedis } from '../../../../src/cache/shared-redis.ts';
import {
  createMemoryReplayGuard,
  createRedisReplayGuard,
  type ReplayGuard,
} from '../../../../src/discord/http/replay-guard.ts';
import { silentLogger } from '../../../../src/log.ts';
import { createFakeClock } from '../../../support/fake-clock.ts';

const redisUrl = inject('redisUrl');

describe('createMemoryReplayGuard', () => {
  it('takes a signature once within the window and again after it', async () => {
    const clock = createFakeClock();
    const guard = createMemoryReplayGuard({ clock, windowMs: 1_000 });
    expect(await guard.firstSeen('a')).toBe(true);
    expect(await guard.firstSeen('a')).toBe(false);
    expect(await guard.firstSeen('b')).toBe(true);
    await clock.advance(1_001);
    expect(await guard.firstSeen('a')).toBe(true);
  });
});

describe.skipIf(!redisUrl)('createRedisReplayGuard', () => {
  // One shared connection per node, as each app opens its own.
  const open = async (): Promise<ReplayGuard> => {
    const redis = await connectSharedRedis({ url: redisUrl, log: silentLogger() });
    onTestFinished(() => closeSharedRedis(redis));
    return createRedisReplayGuard({ redis, windowMs: 2_000, log: silentLogger() });
  };

  it('lets exactly one of two nodes take a signature', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const signature = randomBytes(64).toString('hex');
    const taken = await Promise.all([a.firstSeen(signature), b.firstSeen(signature), a.firstSeen(signature)]);
    expect(taken.filter(Boolean)).toHaveLength(1);
  });

  it('lets requests through, checked by timestamp only, when Redis does not answer', async () => {
    // A client whose connection is gone refuses every command at once, as the app's does in an outage.
    const gone = createClient({ url: 'redis://127.0.0.1:1', disableOfflineQueue: true }) as RedisClientType;
    const guard = createRedisReplayGuard({ redis: gone, windowMs: 2_000, log: silentLogger() });
    expect(await guard.firstSeen('x')).toBe(true);
  });
});
