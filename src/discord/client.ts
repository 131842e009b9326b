import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Logger } from '../log.ts';
import { NO_MENTIONS } from './render/index.ts';

export interface DiscordClientOptions {
  /** discord.js's `rest.api` (e.g. `https://discord.com/api`); the gateway URL comes from its /gateway/bot. */
  readonly apiUrl: string;
  /** Gateway shards run in this process: 'auto' takes Discord's recommendation. */
  readonly shardCount: number | 'auto';
  readonly log: Logger;
}

/** The discord.js client the bot runs on, with its connection problems logged. */
export function createDiscordClient({ apiUrl, shardCount, log }: DiscordClientOptions): Client {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // Internal sharding: one process runs every shard, so the database, cache and digest scheduler
    // stay single. Discord requires shards from 2,500 guilds on.
    ...(shardCount === 'auto' ? { shards: 'auto' as const } : { shardCount }),
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
