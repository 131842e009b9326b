import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { REDIS_COMMAND_TIMEOUT_MS, withTimeout } from '../cache/redis-backend.ts';
import type { SharedRedis } from '../cache/shared-redis.ts';
import { RateLimitedError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import type { RateLimiter } from './rate-limit.ts';

// The LLM budgets kept in Redis, so a user's or guild's budget is the same whichever node serves
// them. rate-limiter-flexible counts in fixed one-minute windows (one atomic Lua INCR per key), not
// the in-memory limiter's continuous refill: a refusal waits for the window's end.

const MINUTE_S = 60;

export interface RedisRateLimiterOptions {
  readonly redis: SharedRedis;
  readonly log: Logger;
  readonly userPerMinute: number;
  readonly guildPerMinute: number;
  /** Keys are `<prefix>:user:<id>` and `<prefix>:guild:<id>`; tests pass their own. */
  readonly keyPrefix?: string;
}

/**
 * The LLM limiter every node shares. With Redis down or silent a command is let through (fail
 * open) after at most REDIS_COMMAND_TIMEOUT_MS: a limiter outage must not stop the bot. The outage
 * is logged when it starts and when it ends, not per command.
 */
export function createRedisRateLimiter({
  redis,
  log,
  userPerMinute,
  guildPerMinute,
  keyPrefix = 'paperboy:llm',
}: RedisRateLimiterOptions): RateLimiter {
  let down = false;
  const limiter = (name: string, points: number) =>
    new RateLimiterRedis({
      storeClient: redis,
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      keyPrefix: `${keyPrefix}:${name}`,
      points,
      duration: MINUTE_S,
    });
  const users = limiter('user', userPerMinute);
  const guilds = limiter('guild', guildPerMinute);

  /** Takes a point; the refusal (with `msBeforeNext`) when the key is over its budget, else null. */
  async function consume(bucket: RateLimiterRedis, key: string): Promise<RateLimiterRes | null> {
    try {
      await withTimeout(bucket.consume(key), REDIS_COMMAND_TIMEOUT_MS, 'rate limit');
      return null;
    } catch (error) {
      if (error instanceof RateLimiterRes) return error;
      throw error;
    }
  }

  return {
    async take(userId, guildId) {
      let refused: RateLimitedError | undefined;
      try {
        const user = await consume(users, userId);
        if (user) {
          refused = new RateLimitedError('discord-user', user.msBeforeNext);
        } else if (guildId !== null) {
          const guild = await consume(guilds, guildId);
          if (guild) {
            // The command does not run, so the user keeps the point the guild's refusal cost them.
            await withTimeout(users.reward(userId, 1), REDIS_COMMAND_TIMEOUT_MS, 'rate limit');
            refused = new RateLimitedError('discord-guild', guild.msBeforeNext);
          }
        }
        if (down) {
          down = false;
          log.info('redis is back; shared rate limits apply again');
        }
      } catch (err) {
        if (!down) {
          down = true;
          log.warn({ err }, 'redis unavailable; LLM commands are not rate limited until it is back');
        }
        return;
      }
      if (refused) throw refused;
    },
  };
}
