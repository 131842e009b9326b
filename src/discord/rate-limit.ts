import type { Clock } from '../clock.ts';
import { RateLimitedError } from '../errors/index.ts';

// Token buckets for commands that call the LLM: each user and each guild gets `perMinute` tokens
// that refill continuously. The global concurrency cap lives in the LLM layer (config.llm.concurrency).

const MINUTE_MS = 60_000;
// Buckets that have refilled completely carry no information; forget them so memory stays bounded.
const SWEEP_EVERY = 1000;

export interface RateLimiterOptions {
  readonly clock: Pick<Clock, 'now'>;
  readonly userPerMinute: number;
  readonly guildPerMinute: number;
}

export interface RateLimiter {
  /**
   * Takes one token from the user's bucket and, in a guild, the guild's.
   * @throws RateLimitedError (service `discord-user` or `discord-guild`) with the wait until a
   * token is back; nothing is taken from either bucket then.
   */
  take(userId: string, guildId: string | null): Promise<void>;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export function createRateLimiter({ clock, userPerMinute, guildPerMinute }: RateLimiterOptions): RateLimiter {
  const users = createBuckets(userPerMinute);
  const guilds = createBuckets(guildPerMinute);
  return {
    async take(userId, guildId) {
      const now = clock.now();
      const userWait = users.waitFor(userId, now);
      const guildWait = guildId === null ? 0 : guilds.waitFor(guildId, now);
      if (userWait > 0 || guildWait > 0) {
        throw userWait >= guildWait
          ? new RateLimitedError('discord-user', userWait)
          : new RateLimitedError('discord-guild', guildWait);
      }
      users.take(userId);
      if (guildId !== null) guilds.take(guildId);
    },
  };
}

function createBuckets(perMinute: number) {
  const capacity = perMinute;
  const refillPerMs = perMinute / MINUTE_MS;
  const buckets = new Map<string, Bucket>();
  let calls = 0;

  function refill(id: string, now: number): Bucket {
    const bucket = buckets.get(id) ?? { tokens: capacity, updatedAt: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.updatedAt) * refillPerMs);
    bucket.updatedAt = now;
    buckets.set(id, bucket);
    return bucket;
  }

  function sweep(now: number): void {
    for (const [id, bucket] of buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * refillPerMs >= capacity) buckets.delete(id);
    }
  }

  return {
    /** 0 when a token is available now, else ms until one is. */
    waitFor(id: string, now: number): number {
      if (++calls % SWEEP_EVERY === 0) sweep(now);
      const bucket = refill(id, now);
      return bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) / refillPerMs);
    },
    /** Call only right after `waitFor` returned 0 for the same id and time. */
    take(id: string): void {
      const bucket = buckets.get(id);
      if (bucket) bucket.tokens -= 1;
    },
  };
}
