import { describe, expect, it } from 'vitest';
import { createIntervalLimiter, createWindowLimiter } from '../../../src/sources/rate-limiter.ts';
import { createFakeClock } from '../../support/fake-clock.ts';

describe('createIntervalLimiter', () => {
  it('starts turns minIntervalMs apart', async () => {
    const clock = createFakeClock({ start: 0, auto: true });
    const limiter = createIntervalLimiter({ clock, minIntervalMs: 3000 });
    const starts: number[] = [];
    await Promise.all(
      [1, 2, 3].map(async () => {
        const release = await limiter.acquire();
        starts.push(clock.now());
        release();
      }),
    );
    expect(starts).toEqual([0, 3000, 6000]);
  });

  it('holds the next turn until the current one ends', async () => {
    const clock = createFakeClock({ start: 0 });
    const limiter = createIntervalLimiter({ clock, minIntervalMs: 3000 });
    const release = await limiter.acquire();
    let second = false;
    const next = limiter.acquire().then((r) => {
      second = true;
      r();
    });
    await clock.advance(10_000);
    const before = second;
    release();
    await next;
    expect([before, second]).toEqual([false, true]);
  });

  it('waits out a pause', async () => {
    const clock = createFakeClock({ start: 0, auto: true });
    const limiter = createIntervalLimiter({ clock, minIntervalMs: 0 });
    limiter.pauseUntil(42_000);
    (await limiter.acquire())();
    expect(clock.now()).toBe(42_000);
  });
});

describe('createWindowLimiter', () => {
  it('lets `limit` turns through per window, then waits for the oldest to leave it', async () => {
    const clock = createFakeClock({ start: 0, auto: true });
    const limiter = createWindowLimiter({ clock, limit: 2, windowMs: 300_000 });
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) {
      (await limiter.acquire())();
      starts.push(clock.now());
    }
    expect(starts).toEqual([0, 0, 300_000]);
  });
});
