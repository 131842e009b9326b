import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/discord/rate-limit.ts';
import { RateLimitedError } from '../../../src/errors/index.ts';

function fakeClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

async function caught(fn: () => Promise<void>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('createRateLimiter', async () => {
  it('allows up to the per-user budget within a minute', async () => {
    const limiter = createRateLimiter({ clock: fakeClock(), userPerMinute: 3, guildPerMinute: 100 });
    for (let i = 0; i < 3; i++) await limiter.take('u1', 'g1');
    expect(await caught(() => limiter.take('u1', 'g1'))).toBeInstanceOf(RateLimitedError);
  });

  it('says when the next token is back', async () => {
    const limiter = createRateLimiter({ clock: fakeClock(), userPerMinute: 2, guildPerMinute: 100 });
    await limiter.take('u1', 'g1');
    await limiter.take('u1', 'g1');
    const error = (await caught(() => limiter.take('u1', 'g1'))) as RateLimitedError;
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.userMessage).toBe('Slow down a little: try again in 30 s.');
  });

  it('refills with time', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ clock, userPerMinute: 1, guildPerMinute: 100 });
    await limiter.take('u1', null);
    clock.advance(60_000);
    expect(await caught(() => limiter.take('u1', null))).toBeUndefined();
  });

  it('keeps users apart', async () => {
    const limiter = createRateLimiter({ clock: fakeClock(), userPerMinute: 1, guildPerMinute: 100 });
    await limiter.take('u1', 'g1');
    expect(await caught(() => limiter.take('u2', 'g1'))).toBeUndefined();
  });

  it('limits a guild across its users', async () => {
    const limiter = createRateLimiter({ clock: fakeClock(), userPerMinute: 10, guildPerMinute: 2 });
    await limiter.take('u1', 'g1');
    await limiter.take('u2', 'g1');
    const error = (await caught(() => limiter.take('u3', 'g1'))) as RateLimitedError;
    expect(error.service).toBe('discord-guild');
  });

  it('takes nothing from the user when the guild refuses', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ clock, userPerMinute: 1, guildPerMinute: 1 });
    await limiter.take('u1', 'g1');
    await caught(() => limiter.take('u2', 'g1'));
    expect(await caught(() => limiter.take('u2', 'g2'))).toBeUndefined();
  });
});
