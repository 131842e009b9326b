import { createClient, type RedisClientType } from '@keyv/redis';
import { UpstreamError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import { maskSecrets } from '../mask-secrets.ts';
import { REDIS_CONNECT_TIMEOUT_MS, withTimeout } from './redis-backend.ts';

// Reconnect backoff cap, so shared state is back at most this long after Redis is.
const MAX_RECONNECT_DELAY_MS = 2_000;

export type SharedRedis = RedisClientType;

/**
 * The one connection to the Redis the nodes share (REDIS_URL) for what is not cache: LLM rate
 * limits and the gateway's identify slots. Commands are refused at once while disconnected (no
 * offline queue), so callers bound their waits with `withTimeout` and decide what an outage means.
 * @throws UpstreamError('redis', 'unavailable') when Redis does not answer at start-up.
 */
export async function connectSharedRedis({ url, log }: { url: string; log: Logger }): Promise<SharedRedis> {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
    },
  }) as RedisClientType;
  client.on('error', (err: unknown) => log.debug({ err }, 'shared redis connection error'));
  try {
    await withTimeout(client.connect(), REDIS_CONNECT_TIMEOUT_MS, 'connect');
  } catch (error) {
    if (client.isOpen) client.destroy();
    throw new UpstreamError('redis', 'unavailable', `cannot reach ${maskSecrets(url)}`, { cause: error });
  }
  return client;
}

/** destroy, not close: close waits for written commands, and a silent Redis answers none. */
export function closeSharedRedis(client: SharedRedis): void {
  if (client.isOpen) client.destroy();
}
