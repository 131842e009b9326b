import { withTimeout } from '../../cache/redis-backend.ts';
import type { SharedRedis } from '../../cache/shared-redis.ts';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../log.ts';

/**
 * Refuses a signed request seen before. A signature is only worth replaying while its timestamp is
 * fresh, so each is remembered for the freshness window and no longer.
 */
export interface ReplayGuard {
  /** True the first time `signature` is offered within `windowMs`, false for a replay. */
  firstSeen(signature: string): Promise<boolean>;
  close(): Promise<void>;
}

/** In this process only: enough for one node; several nodes share the Redis guard. */
export function createMemoryReplayGuard({ clock, windowMs }: { clock: Clock; windowMs: number }): ReplayGuard {
  const seen = new Map<string, number>();
  return {
    async firstSeen(signature) {
      const now = clock.now();
      // Insertion order is expiry order (one window for all), so the stale ones are at the front.
      for (const [old, expires] of seen) {
        if (expires > now) break;
        seen.delete(old);
      }
      if (seen.has(signature)) return false;
      seen.set(signature, now + windowMs);
      return true;
    },
    async close() {
      seen.clear();
    },
  };
}

const KEY_PREFIX = 'paperboy:interaction-signature:';
const REDIS_TIMEOUT_MS = 500;

/**
 * Shared by every node on the app's shared Redis (REDIS_URL, else a redis CACHE_URL): SET NX with
 * the window as expiry, so exactly one node takes a signature. When Redis does not answer the
 * request is let through (logged): the timestamp window still bounds a replay, and refusing every
 * interaction would take the bot down.
 */
export function createRedisReplayGuard({
  redis,
  windowMs,
  log,
}: {
  redis: SharedRedis;
  windowMs: number;
  log: Logger;
}): ReplayGuard {
  return {
    async firstSeen(signature) {
      try {
        const taken = await withTimeout(
          redis.set(`${KEY_PREFIX}${signature}`, '1', { condition: 'NX', expiration: { type: 'PX', value: windowMs } }),
          REDIS_TIMEOUT_MS,
          'SET',
        );
        return taken === 'OK';
      } catch (err) {
        log.warn({ err }, 'replay guard: redis unavailable; checked the timestamp only');
        return true;
      }
    },
    // The connection is the app's; it closes it.
    async close() {},
  };
}
