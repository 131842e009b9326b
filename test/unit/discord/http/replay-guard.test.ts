import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
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
  const open = (): ReplayGuard => {
    const guard = createRedisReplayGuard({ url: redisUrl, windowMs: 2_000, log: silentLogger() });
    onTestFinished(() => guard.close());
    return guard;
  };

  it('lets exactly one of two nodes take a signature', async () => {
    const [a, b] = [open(), open()];
    const signature = randomBytes(64).toString('hex');
    const taken = await Promise.all([a.firstSeen(signature), b.firstSeen(signature), a.firstSeen(signature)]);
    expect(taken.filter(Boolean)).toHaveLength(1);
  });

  it('lets requests through, checked by timestamp only, when Redis does not answer', async () => {
    const guard = createRedisReplayGuard({ url: 'redis://127.0.0.1:1', windowMs: 2_000, log: silentLogger() });
    onTestFinished(() => guard.close());
    expect(await guard.firstSeen('x')).toBe(true);
  });
});
