import { Events } from 'discord.js';
import type { Cache } from '../cache/create-cache.ts';
import type { SharedRedis } from '../cache/shared-redis.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { DigestService } from '../digest/digest-service.ts';
import type { DigestScheduler } from '../digest/scheduling/scheduler.ts';
import { ConfigError, UpstreamError } from '../errors/index.ts';
import type { CommandModule, CommandServices } from '../interactions/types.ts';
import type { Logger } from '../log.ts';
import { createEventLoopMonitor } from '../runtime/event-loop-monitor.ts';
import type { AppState } from '../storage/app-state.ts';
import { createDiscordClient } from './client.ts';
import { createComponentStateStore } from './component-state.ts';
import { registerIfChanged } from './deploy.ts';
import { createDigestChannel } from './digest-channel.ts';
import { createStartThread } from './discussion-threads.ts';
import { createRedisIdentifyThrottler } from './identify-throttler.ts';
import { createInteractionDispatcher } from './interaction-dispatcher.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { DigestControls } from './render/digest.ts';

// How long shutdown waits for in-flight interactions (a slow LLM call) before aborting them.
const DEFAULT_SHUTDOWN_GRACE_MS = 20_000;

export interface BotOptions {
  /** The commands to register and route to; their button and menu routes come with them. */
  readonly commands: readonly CommandModule[];
  /** What handlers get as `ctx.services` (createCommandServices); the bot adds `digest`. */
  readonly services: CommandServices;
  /** Subscriptions and the scheduler, which posts through this bot's client. */
  readonly digest: DigestService;
  /** Component state (the `components` namespace), so buttons survive a restart. */
  readonly cache: Pick<Cache, 'namespace'>;
  /** Where the registered commands' hash is kept. */
  readonly appState: AppState;
  readonly clock: Clock;
  readonly log: Logger;
  /**
   * Token, REST base (discord.js's `rest.api`; the gateway URL comes from its /gateway/bot), guild
   * to register in, shard count and rate limits.
   */
  readonly discord: Config['discord'];
  /** Error references; short so people can quote them. */
  readonly newId?: () => string;
  /** Component state keys (12 base64url chars). */
  readonly newStateKey?: () => string;
  readonly rateLimiter?: RateLimiter;
  /** The Redis the nodes share: processes that split the shards take turns identifying through it. */
  readonly redis?: SharedRedis;
  /** Register the command definitions when their hash changed (default true). */
  readonly registerCommands?: boolean;
  /** Gateway shards run in this process: 'auto' takes Discord's recommendation (default: `discord`). */
  readonly shardCount?: number | 'auto';
  readonly shutdownGraceMs?: number;
  /** Run the digest scheduler, posting through this client (default true). */
  readonly postDigests?: boolean;
  /** The digest scheduler's period (default src/digest/scheduling/scheduler.ts DEFAULT_TICK_MS). */
  readonly digestTickMs?: number;
  /** The buttons and menus on each digest message (feedback, Discuss); none when absent. */
  readonly digestControls?: DigestControls;
}

export interface Bot {
  /** Logs in, waits for READY, registers the commands when they changed and starts the digest scheduler. */
  start(): Promise<void>;
  /**
   * Stops taking interactions, lets in-flight ones finish (up to the grace period), stops the digest
   * scheduler (after its current tick), then disconnects.
   */
  stop(): Promise<void>;
  /** The application id of the logged-in client, once started. */
  applicationId(): string | undefined;
}

/**
 * The Discord runtime: dispatches slash commands, the context menu, autocomplete, buttons and
 * select menus to their handlers (src/discord/handlers/), and owns the client's lifecycle.
 */
export function createBot(options: BotOptions): Bot {
  const { commands, clock } = options;
  const { token, restUrl, guildId } = options.discord;
  if (!token) throw new ConfigError([{ variable: 'DISCORD_TOKEN', problem: 'the bot needs its token' }]);
  const log = options.log.child({ module: 'discord' });
  const { redis } = options;
  const client = createDiscordClient({
    // The shared REST proxy when there is one: the gateway URL comes through it too (/gateway/bot).
    apiUrl: restUrl,
    shardCount: options.shardCount ?? options.discord.shardCount,
    shardIds: options.discord.shardIds,
    ...(redis
      ? { identifyThrottler: (maxConcurrency: number) => createRedisIdentifyThrottler({ redis, maxConcurrency, log }) }
      : {}),
    log,
  });
  const digestChannel = createDigestChannel(client, options.digestControls);
  const eventLoop = createEventLoopMonitor({ log });
  const states = createComponentStateStore({
    cache: options.cache,
    ...(options.newStateKey ? { newId: options.newStateKey } : {}),
  });
  const services: CommandServices = {
    ...options.services,
    digest: { service: options.digest, checkChannel: digestChannel.checkChannel },
    startThread: createStartThread(client.rest, states),
    eventLoop: eventLoop.snapshot,
  };
  const dispatcher = createInteractionDispatcher({
    commands,
    services,
    cache: options.cache,
    clock,
    log,
    discord: options.discord,
    ...(options.newId ? { newId: options.newId } : {}),
    ...(options.newStateKey ? { newStateKey: options.newStateKey } : {}),
    ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
  });
  let started = false;
  let scheduler: DigestScheduler | undefined;
  client.on(Events.InteractionCreate, (interaction) => {
    void dispatcher.dispatch(interaction);
  });

  async function stopScheduler(): Promise<void> {
    const running = scheduler;
    scheduler = undefined;
    await running?.stop();
  }

  return {
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      try {
        await client.login(token);
      } catch (error) {
        // A wrong token is discord.js's own clear error; anything else is Discord being unreachable.
        if (error instanceof Error && 'code' in error && error.code === 'TokenInvalid') throw error;
        throw new UpstreamError('discord', 'unavailable', `login at ${restUrl} failed`, { cause: error });
      }
      await ready;
      const applicationId = client.application?.id;
      if (!applicationId) throw new Error('logged in, but Discord sent no application id');
      log.info({ applicationId, user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord bot ready');
      if (options.registerCommands ?? true) {
        await registerIfChanged({
          rest: client.rest,
          appState: options.appState,
          applicationId,
          guildId,
          definitions: commands.map((module) => module.definition),
          log,
        });
      }
      dispatcher.open();
      started = true;
      if (options.postDigests ?? true) {
        scheduler = options.digest.createScheduler(
          digestChannel,
          options.digestTickMs ? { tickMs: options.digestTickMs } : {},
        );
        scheduler.start();
      }
    },
    async stop() {
      if (started) log.info({ inFlight: dispatcher.inFlight() }, 'discord bot stopping');
      await dispatcher.drain(options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS);
      // A digest mid-post finishes its tick (each message is in the ledger once Discord took it).
      await stopScheduler();
      await client.destroy();
      eventLoop.stop();
      if (started) log.info('discord bot stopped');
      started = false;
    },
    applicationId: () => client.application?.id,
  };
}
