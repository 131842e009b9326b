import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { closeSharedRedis, connectSharedRedis } from '../../src/cache/shared-redis.ts';
import type { RateLimiter } from '../../src/discord/rate-limit.ts';
import { createRedisRateLimiter } from '../../src/discord/shared-rate-limit.ts';
import { RateLimitedError } from '../../src/errors/index.ts';
import { silentLogger } from '../../src/log.ts';
import { hasRedisServer, startRedisServer } from '../support/redis-server.ts';
import { timed, until } from '../support/timing.ts';
import { recordingLogger } from '../unit/commands/command-context.ts';

const redisUrl = inject('redisUrl');

async function refusal(limiter: RateLimiter, userId: string, guildId: string | null): Promise<unknown> {
  try {
    await limiter.take(userId, guildId);
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Two nodes' limiters: separate connections to one Redis, under a key prefix of this test's own. */
async function twoNodes(url: string, limits = { userPerMinute: 6, guildPerMinute: 30 }) {
  const keyPrefix = `test:${randomUUID()}`;
  const nodes = await Promise.all(
    [0, 1].map(async () => {
      const redis = await connectSharedRedis({ url, log: silentLogger() });
      onTestFinished(() => closeSharedRedis(redis));
      return createRedisRateLimiter({ redis, log: silentLogger(), keyPrefix, ...limits });
    }),
  );
  return nodes as [RateLimiter, RateLimiter];
}

describe.runIf(redisUrl !== '')('LLM rate limits shared through Redis', () => {
  it("refuses a user's 7th LLM command in a minute on either node", async () => {
    const [a, b] = await twoNodes(redisUrl);
    for (let i = 0; i < 3; i++) {
      await a.take('u1', 'g1');
      await b.take('u1', 'g2');
    }
    for (const node of [a, b]) {
      const error = await refusal(node, 'u1', 'g1');
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).service).toBe('discord-user');
      expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
      expect((error as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(60_000);
    }
    expect(await refusal(b, 'u2', 'g1')).toBeUndefined();
  });

  it("limits a guild across users and nodes, and the guild's refusal costs the user nothing", async () => {
    const [a, b] = await twoNodes(redisUrl, { userPerMinute: 2, guildPerMinute: 2 });
    await a.take('u1', 'g1');
    await b.take('u2', 'g1');
    const error = await refusal(a, 'u1', 'g1');
    expect((error as RateLimitedError).service).toBe('discord-guild');
    // u1 spent one point; the refused command gave its point back, so one is left elsewhere.
    expect(await refusal(b, 'u1', 'g2')).toBeUndefined();
    expect((await refusal(b, 'u1', 'g3')) as RateLimitedError).toMatchObject({ service: 'discord-user' });
  });
});

describe.runIf(hasRedisServer())('LLM rate limits on a Redis that dies', () => {
  it('lets commands through within the bound, logs the outage once, and limits again when Redis is back', async () => {
    const server = await startRedisServer();
    onTestFinished(() => server.stop());
    const { log, records } = recordingLogger();
    const redis = await connectSharedRedis({ url: server.url, log });
    onTestFinished(() => closeSharedRedis(redis));
    const limiter = createRedisRateLimiter({ redis, log, userPerMinute: 1, guildPerMinute: 10 });
    await limiter.take('u1', null);
    expect(await refusal(limiter, 'u1', null)).toBeInstanceOf(RateLimitedError);

    await server.kill();
    for (let i = 0; i < 3; i++) {
      const attempt = await timed(() => refusal(limiter, 'u1', null));
      expect(attempt.value).toBeUndefined();
      expect(attempt.ms).toBeLessThan(1_500);
    }
    expect(records.filter((r) => r.msg.startsWith('redis unavailable'))).toHaveLength(1);

    // A restarted Redis has forgotten the window: the budget starts afresh, and is enforced again.
    await server.restart();
    const back = async () =>
      (await refusal(limiter, 'u2', null)) === undefined && records.some((r) => r.msg.startsWith('redis is back'));
    expect(await until(back, 5_000)).toBe(true);
    expect(await refusal(limiter, 'u2', null)).toBeInstanceOf(RateLimitedError);
  });
});
