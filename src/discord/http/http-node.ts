import { Client, DefaultRestOptions, Options } from 'discord.js';
import type { Cache } from '../../cache/create-cache.ts';
import type { SharedRedis } from '../../cache/shared-redis.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { DigestService } from '../../digest/digest-service.ts';
import type { CommandModule, CommandServices } from '../../interactions/types.ts';
import type { Database } from '../../library/database.ts';
import type { Logger } from '../../log.ts';
import { createEventLoopMonitor } from '../../runtime/event-loop-monitor.ts';
import { createComponentStateStore } from '../component-state.ts';
import { createStartThread } from '../discussion-threads.ts';
import { createInteractionDispatcher } from '../interaction-dispatcher.ts';
import type { RateLimiter } from '../rate-limit.ts';
import { NO_MENTIONS } from '../render/index.ts';
import { createInlineResponses } from './inline-responses.ts';
import { createInteractionsServer, TIMESTAMP_WINDOW_MS } from './interactions-server.ts';
import { createMemoryReplayGuard, createRedisReplayGuard, type ReplayGuard } from './replay-guard.ts';
import { createRestCheckChannel } from './rest-check-channel.ts';
import { requireServeCredentials } from './serve-credentials.ts';
import { createSignatureVerifier } from './signature.ts';

export interface DrainTimings {
  /** After readyz turns 503, interactions are still served this long, while the load balancer notices. */
  readonly noticeMs: number;
  /** Then new ones get the "restarting" note, and in-flight ones get this long to finish. */
  readonly graceMs: number;
}

export const DEFAULT_DRAIN: DrainTimings = { noticeMs: 5_000, graceMs: 20_000 };

export interface HttpNodeOptions {
  readonly commands: readonly CommandModule[];
  readonly services: CommandServices;
  readonly digest: DigestService;
  /** Component state, shared by every node through a Redis cache. */
  readonly cache: Pick<Cache, 'namespace' | 'kind'>;
  /** The Redis the nodes share (app.redis): the replay guard lives there; in memory without it. */
  readonly redis?: SharedRedis;
  /** The node is ready only while its database is open. */
  readonly db: Pick<Database, 'isOpen'>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly discord: Config['discord'];
  readonly drain?: DrainTimings;
  readonly newId?: () => string;
  readonly newStateKey?: () => string;
  readonly rateLimiter?: RateLimiter;
}

export interface HttpNode {
  /** Listens on `port` (0: any) and turns ready; resolves with the port. */
  start(port: number, host?: string): Promise<number>;
  /** Drains (see DrainTimings), closes the server and the client. */
  stop(): Promise<void>;
}

/**
 * One stateless HTTP interactions node (`paperboy serve`): no gateway connection and no digest
 * scheduler. Interactions reach the same dispatcher and handlers as the gateway bot's; their first
 * response goes back inline, later edits through the interaction webhook.
 * @throws ConfigError without DISCORD_PUBLIC_KEY or DISCORD_TOKEN.
 */
export function createHttpNode(options: HttpNodeOptions): HttpNode {
  const { clock, discord } = options;
  const { publicKey, token } = requireServeCredentials(discord);
  const verify = createSignatureVerifier(publicKey);
  const log = options.log.child({ module: 'discord-http' });
  const inline = createInlineResponses();
  const client = new Client({
    intents: [],
    // Webhook edits and follow-ups through the shared REST proxy when there is one.
    rest: { api: discord.restUrl, makeRequest: inline.transport(DefaultRestOptions.makeRequest) },
    allowedMentions: NO_MENTIONS,
    // Every payload brings the user, channel and message it needs; caching them would only grow.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0, UserManager: 0 }),
  });
  client.rest.setToken(token);
  const eventLoop = createEventLoopMonitor({ log });
  const dispatcher = createInteractionDispatcher({
    commands: options.commands,
    services: {
      ...options.services,
      digest: { service: options.digest, checkChannel: createRestCheckChannel(client) },
      // REST only, as Discuss needs nothing from a gateway cache.
      startThread: createStartThread(
        client.rest,
        createComponentStateStore({
          cache: options.cache,
          ...(options.newStateKey ? { newId: options.newStateKey } : {}),
        }),
      ),
      eventLoop: eventLoop.snapshot,
    },
    cache: options.cache,
    clock,
    log,
    discord,
    ...(options.newId ? { newId: options.newId } : {}),
    ...(options.newStateKey ? { newStateKey: options.newStateKey } : {}),
    ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
  });
  const replays: ReplayGuard = options.redis
    ? createRedisReplayGuard({ redis: options.redis, windowMs: TIMESTAMP_WINDOW_MS, log })
    : createMemoryReplayGuard({ clock, windowMs: TIMESTAMP_WINDOW_MS });
  const server = createInteractionsServer({
    client,
    inline,
    dispatcher,
    verify,
    replays,
    clock,
    log,
    healthy: () => options.db.isOpen,
  });
  const drain = options.drain ?? DEFAULT_DRAIN;
  let stopped = false;

  return {
    async start(port, host) {
      const bound = await server.listen(port, host);
      dispatcher.open();
      server.setReadiness('ready');
      log.info({ port: bound }, 'http interactions endpoint ready');
      return bound;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      server.setReadiness('draining');
      log.info({ inFlight: dispatcher.inFlight(), noticeMs: drain.noticeMs }, 'draining');
      await clock.sleep(drain.noticeMs);
      await dispatcher.drain(drain.graceMs);
      await server.close();
      await replays.close();
      await client.destroy();
      eventLoop.stop();
      log.info('http interactions endpoint stopped');
    },
  };
}
