import { randomUUID } from 'node:crypto';
import KeyvRedis, { createClient, type RedisClientType } from '@keyv/redis';
import type { Clock } from '../clock.ts';
import { UpstreamError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import { maskSecrets } from '../mask-secrets.ts';
import type { CacheBackend, FlightLocks, StoreGuard } from './fail-soft-store.ts';
import { byNamespace } from './namespaces.ts';

// Issue 11: with Redis down or silent, a cache call answers (as a miss) within 2 s. Only the calls
// that meet the start of an outage wait this long; later ones see it and answer at once.
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;
// Start-up, TCP connect and handshake together: a wrong or silent address fails start in seconds.
export const REDIS_CONNECT_TIMEOUT_MS = 5_000;
// Reconnect backoff cap, so the cache is back at most this long after Redis is.
const MAX_RECONNECT_DELAY_MS = 2_000;
// At start-up a refused connection is retried this often before start fails.
const START_RETRIES = 2;
// While down, how often to ask a connection that looks open whether it answers again.
const PROBE_INTERVAL_MS = 1_000;
// Errors Redis answers while reachable (OOM, READONLY after a failover) can repeat on every call.
const COMMAND_ERROR_LOG_INTERVAL_MS = 60_000;

export interface ConnectRedisOptions {
  readonly url: string;
  /** The cache module's logger. */
  readonly log: Logger;
  readonly clock: Clock;
}

/**
 * Connects to Redis and keeps the cache usable through outages. node-redis queues commands while
 * it reconnects and gives a written command no deadline, so, left alone, a dead or frozen Redis
 * stalls every caller until it returns. Here the offline queue is off, every command has a deadline
 * (REDIS_COMMAND_TIMEOUT_MS), and an outage is one state: logged when it starts and when it ends,
 * calls meanwhile answered as misses without touching Redis, and left by itself on reconnect (or,
 * for a connection that stayed open but went silent, when a probe is answered again).
 * @throws UpstreamError('redis', 'unavailable') when Redis does not answer at start-up.
 */
export async function connectRedis({ url, log, clock }: ConnectRedisOptions): Promise<CacheBackend> {
  const where = maskSecrets(url);
  let started = false;
  let closed = false;
  let outage: { readonly since: number; readonly probe: NodeJS.Timeout } | undefined;
  let probing = false;
  let commandErrorLoggedAt = Number.NEGATIVE_INFINITY;

  const client = createClient({
    url,
    // Reject at once while disconnected instead of holding the call until Redis returns.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries: number) =>
        !started && retries >= START_RETRIES
          ? new Error('gave up connecting at start-up')
          : Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
    },
  }) as RedisClientType;

  const markDown = (err: unknown): void => {
    if (outage || closed || !started) return;
    log.warn({ err, url: where }, 'redis unavailable; the cache reads as empty until it is back');
    const probe = setInterval(() => void probeOnce(), PROBE_INTERVAL_MS);
    probe.unref();
    outage = { since: clock.now(), probe };
  };

  const markUp = (): void => {
    if (!outage) return;
    clearInterval(outage.probe);
    log.info({ url: where, downMs: clock.now() - outage.since }, 'redis is back; caching again');
    outage = undefined;
  };

  // A reconnect ends an outage through 'ready'; this covers a connection that never dropped but
  // stopped answering (a frozen server, a peer gone behind a NAT).
  async function probeOnce(): Promise<void> {
    if (probing || closed || !client.isReady) return;
    probing = true;
    try {
      await withTimeout(client.ping(), REDIS_COMMAND_TIMEOUT_MS, 'PING');
      markUp();
    } catch (error) {
      log.debug({ err: error }, 'redis probe failed');
      // Still "ready" but silent: drop the socket and connect anew. Only when ready, because then
      // node-redis runs no reconnect loop of its own that a second connect() would race.
      if (client.isReady && !closed) {
        client.destroy();
        client.connect().catch((err: unknown) => log.debug({ err }, 'redis reconnect failed'));
      }
    } finally {
      probing = false;
    }
  }

  client.on('error', (err: unknown) => {
    log.debug({ err }, 'redis connection error');
    markDown(err);
  });
  client.on('ready', markUp);

  try {
    await withTimeout(client.connect(), REDIS_CONNECT_TIMEOUT_MS, 'connect');
  } catch (error) {
    closed = true;
    if (client.isOpen) client.destroy();
    throw new UpstreamError('redis', 'unavailable', `cannot reach ${where}: ${messageOf(error)}`, { cause: error });
  }
  started = true;

  const guard: StoreGuard = {
    async run(operation, fallback) {
      if (closed || outage) return fallback;
      try {
        return await withTimeout(operation(), REDIS_COMMAND_TIMEOUT_MS, 'command');
      } catch (error) {
        if (error instanceof DeadlineError || !client.isReady) {
          markDown(error);
        } else if (clock.now() - commandErrorLoggedAt >= COMMAND_ERROR_LOG_INTERVAL_MS) {
          commandErrorLoggedAt = clock.now();
          log.warn({ err: error, url: where }, 'redis command failed; treated as a miss');
        }
        return fallback;
      }
    },
  };

  // throwOnErrors: failures reach the guard, which decides about outages, instead of vanishing
  // into KeyvRedis's per-call error events. KeyvRedis prefixes keys itself (`namespace::key`).
  const stores = byNamespace((namespace) => new KeyvRedis(client, { namespace, throwOnErrors: true }));

  // Under their own prefix, apart from every namespace's keys. Each holder sets a token of its own,
  // so a holder whose lock expired mid-work cannot delete the next holder's.
  const lockKey = (key: string) => `paperboy:flight:${key}`;
  const locks: FlightLocks = {
    async acquire(key, ttlMs) {
      const token = randomUUID();
      const taken = await guard.run<string | null | undefined>(
        () => client.set(lockKey(key), token, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } }),
        undefined,
      );
      if (taken === undefined) return 'unavailable';
      if (taken === null) return 'held';
      return {
        release: () =>
          guard.run(async () => {
            await client.eval(RELEASE_IF_OURS, { keys: [lockKey(key)], arguments: [token] });
          }, undefined),
      };
    },
    held: (key) => guard.run(async () => (await client.exists(lockKey(key))) === 1, false),
  };

  return {
    kind: 'redis',
    store: (namespace) => stores[namespace],
    guard,
    locks,
    async close() {
      if (closed) return;
      closed = true;
      if (outage) clearInterval(outage.probe);
      // destroy, not close: close waits for every written command, and a silent Redis answers none.
      // Every cache write is awaited by its caller, so nothing worth keeping is in flight here.
      if (client.isOpen) client.destroy();
    },
  };
}

const RELEASE_IF_OURS = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

/** `work`, or a DeadlineError after `ms`: Redis clients give a written command no deadline of their own. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`redis ${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // node-redis wraps the last socket error in ReconnectStrategyError; that one says what happened.
  const socketError = (error as { socketError?: unknown }).socketError;
  return socketError instanceof Error ? socketError.message : error.message;
}
