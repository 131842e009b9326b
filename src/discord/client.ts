import { Client, Events, GatewayIntentBits, type IIdentifyThrottler, type WebSocketOptions } from 'discord.js';
import type { Logger } from '../log.ts';
import { NO_MENTIONS } from './render/index.ts';

export interface DiscordClientOptions {
  /** discord.js's `rest.api` (e.g. `https://discord.com/api`); the gateway URL comes from its /gateway/bot. */
  readonly apiUrl: string;
  /** Gateway shards run in this process: 'auto' takes Discord's recommendation. */
  readonly shardCount: number | 'auto';
  /** Run only these of `shardCount` (another process runs the rest); needs an explicit count. */
  readonly shardIds?: readonly number[] | undefined;
  /**
   * Decides when each shard may identify, given Discord's `max_concurrency`; default @discordjs/ws's
   * in-process throttler, which is right only while one process runs every shard.
   */
  readonly identifyThrottler?: (maxConcurrency: number) => IIdentifyThrottler;
  readonly log: Logger;
}

/** The discord.js client the bot runs on, with its connection problems logged. */
export function createDiscordClient({
  apiUrl,
  shardCount,
  shardIds,
  identifyThrottler,
  log,
}: DiscordClientOptions): Client {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // Internal sharding by default: one process runs every shard. Discord requires shards from 2,500
    // guilds on; DISCORD_SHARD_IDS splits them across processes, each running its own ids.
    ...(shardCount === 'auto'
      ? { shards: 'auto' as const }
      : shardIds
        ? { shards: [...shardIds], shardCount }
        : { shardCount }),
    ...(identifyThrottler
      ? {
          ws: {
            buildIdentifyThrottler: async (manager) =>
              identifyThrottler((await manager.fetchGatewayInformation()).session_start_limit.max_concurrency),
          } satisfies WebSocketOptions,
        }
      : {}),
    // Discord exempts interaction responses from its global rate limit, but @discordjs/rest exempts
    // only the callbacks (their own burst handler) and still counts webhook edits and follow-ups against
    // its one `globalRequestsPerSecond` bucket, with no per-route option, so raising it would also
    // lift the guard from bot-token requests (digests, registration); it stays at the default.
    rest: { api: apiUrl },
    allowedMentions: NO_MENTIONS,
  });
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ detail: message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    log.warn({ code: event.code, shardId }, 'gateway disconnected'),
  );
  return client;
}
