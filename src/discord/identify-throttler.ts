import { setTimeout as sleep } from 'node:timers/promises';
import { type IIdentifyThrottler, SimpleIdentifyThrottler } from 'discord.js';
import { REDIS_COMMAND_TIMEOUT_MS, withTimeout } from '../cache/redis-backend.ts';
import type { SharedRedis } from '../cache/shared-redis.ts';
import type { Logger } from '../log.ts';

// Discord lets `max_concurrency` shards identify per 5 s, one per bucket (shard_id % max_concurrency),
// across every process of the bot; an identify too soon is answered with Invalid Session. The
// default @discordjs/ws throttler counts in one process only, so processes that split the shards
// take each bucket's 5 s slot in Redis instead.
export const IDENTIFY_WINDOW_MS = 5_000;
// Spreads processes that wake for the same slot.
const MAX_JITTER_MS = 250;

export interface RedisIdentifyThrottlerOptions {
  readonly redis: SharedRedis;
  readonly maxConcurrency: number;
  readonly log: Logger;
  readonly keyPrefix?: string;
}

/**
 * An identify throttler shared through Redis: a shard may identify once it holds its bucket's key,
 * set with NX and a 5 s expiry, so the slot frees itself whoever took it. With Redis unreachable it
 * falls back to @discordjs/ws's in-process throttler (logged): at worst Discord answers Invalid
 * Session and the shard identifies again.
 */
export function createRedisIdentifyThrottler({
  redis,
  maxConcurrency,
  log,
  keyPrefix = 'paperboy:identify',
}: RedisIdentifyThrottlerOptions): IIdentifyThrottler {
  const local = new SimpleIdentifyThrottler(maxConcurrency);
  return {
    async waitForIdentify(shardId, signal) {
      const key = `${keyPrefix}:${shardId % maxConcurrency}`;
      for (;;) {
        signal.throwIfAborted();
        let waitMs: number;
        try {
          const taken = await withTimeout(
            redis.set(key, String(shardId), { condition: 'NX', expiration: { type: 'PX', value: IDENTIFY_WINDOW_MS } }),
            REDIS_COMMAND_TIMEOUT_MS,
            'identify slot',
          );
          if (taken === 'OK') return;
          waitMs = await withTimeout(redis.pTTL(key), REDIS_COMMAND_TIMEOUT_MS, 'identify slot');
        } catch (err) {
          log.warn({ err, shardId }, 'redis unavailable; identifying with this process’s own throttle');
          return local.waitForIdentify(shardId, signal);
        }
        // -2: the key expired in between; -1 cannot happen (it is always set with an expiry).
        await sleep(Math.max(waitMs, 0) + Math.random() * MAX_JITTER_MS, undefined, { signal });
      }
    },
  };
}
