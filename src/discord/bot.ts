import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  type RepliableInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { App } from '../app.ts';
import { SUBCOMMAND_KEY } from '../interactions/options.ts';
import { collectRoutes, errorView, runAutocomplete, runCommand, runRoute } from '../interactions/run-command.ts';
import type { CommandContext, CommandModule, CommandServices, RawOptions } from '../interactions/types.ts';
import type { DigestScheduler } from '../digest/scheduler.ts';
import { UpstreamError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import type { View } from '../views.ts';
import { createComponentStateStore, decodeCustomId } from './custom-id.ts';
import { registerIfChanged } from './deploy.ts';
import { createDigestChannel } from './digest-channel.ts';
import { isGoneError } from './discord-errors.ts';
import { createRateLimiter, type RateLimiter } from './rate-limit.ts';
import { type DiscordReply, NO_MENTIONS, toDiscord } from './render/index.ts';
import { limitViolations } from './render/limit-violations.ts';

// Discord answers an autocomplete only within 3 s and it cannot be deferred; past this we answer
// with no choices rather than not at all.
const AUTOCOMPLETE_BUDGET_MS = 2500;
// How long shutdown waits for in-flight interactions (a slow LLM call) before aborting them.
const DEFAULT_SHUTDOWN_GRACE_MS = 20_000;
const SHUTTING_DOWN_MESSAGE = 'Paperboy is restarting; try again in a minute.';

export interface BotOptions {
  readonly app: App;
  readonly commands: readonly CommandModule[];
  /** What handlers get as `ctx.services`; defaults to the app's library, search, LLM, sources and cache. */
  readonly services?: CommandServices;
  readonly token: string;
  /** discord.js's `rest.api` (e.g. `https://discord.com/api`); the gateway URL comes from its /gateway/bot. */
  readonly apiUrl: string;
  readonly log: Logger;
  /** Error references; short so people can quote them. */
  readonly newId?: () => string;
  /** Component state keys (12 base64url chars). */
  readonly newStateKey?: () => string;
  readonly rateLimiter?: RateLimiter;
  /** Register the command definitions when their hash changed (default true). */
  readonly registerCommands?: boolean;
  readonly guildId?: string;
  /** Gateway shards run in this process: 'auto' takes Discord's recommendation (default: config). */
  readonly shardCount?: number | 'auto';
  readonly shutdownGraceMs?: number;
  /** Run the digest scheduler, posting through this client (default true). */
  readonly postDigests?: boolean;
  /** The digest scheduler's period (default src/digest/scheduler.ts DEFAULT_TICK_MS). */
  readonly digestTickMs?: number;
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

type CommandInteraction = ChatInputCommandInteraction | MessageContextMenuCommandInteraction;
type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction;
/** How the interaction was acknowledged, which decides how the final View is sent. */
type Ack = 'none' | 'public' | 'ephemeral' | 'update';

/**
 * The Discord runtime: routes slash commands, the context menu, autocomplete, buttons and select
 * menus to the commands, acknowledges within Discord's 3 s, and sends rendered Views.
 */
export function createBot(options: BotOptions): Bot {
  const { app, commands, token, apiUrl } = options;
  const shardCount = options.shardCount ?? app.config.discord.shardCount;
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
  const digestChannel = createDigestChannel(client);
  const services: CommandServices = options.services ?? {
    library: app.library,
    search: app.search,
    llm: app.llm,
    sources: app.sources,
    cache: app.cache,
    digest: { service: app.digest, checkChannel: digestChannel.checkChannel },
  };
  const log = options.log.child({ module: 'discord' });
  const newId = options.newId ?? (() => randomBytes(4).toString('hex'));
  const byName = new Map(commands.map((module) => [module.definition.name, module]));
  const routes = collectRoutes(commands);
  const states = createComponentStateStore({
    cache: app.cache,
    ...(options.newStateKey ? { newId: options.newStateKey } : {}),
  });
  const limiter =
    options.rateLimiter ??
    createRateLimiter({
      clock: app.clock,
      userPerMinute: app.config.discord.userLlmPerMinute,
      guildPerMinute: app.config.discord.guildLlmPerMinute,
    });
  const inFlight = new Set<Promise<void>>();
  // Aborted only when shutdown gives up waiting; handlers pass it to the LLM and sources.
  const abort = new AbortController();
  let accepting = false;
  let scheduler: DigestScheduler | undefined;
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ detail: message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    log.warn({ code: event.code, shardId }, 'gateway disconnected'),
  );
  client.on(Events.InteractionCreate, (interaction) => {
    const work = handleInteraction(interaction).finally(() => inFlight.delete(work));
    inFlight.add(work);
  });

  /** Never rejects: one failing interaction must not take the process down. */
  async function handleInteraction(interaction: Interaction): Promise<void> {
    const command = commandNameOf(interaction);
    const ilog = log.child({
      interactionId: interaction.id,
      command,
      userId: interaction.user.id,
      guildId: interaction.guildId,
    });
    try {
      if (!accepting) return await refuseWhileStopping(interaction);
      if (interaction.isAutocomplete()) return await onAutocomplete(interaction, ilog);
      if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
        return await onCommand(interaction, ilog);
      }
      if (interaction.isButton() || interaction.isStringSelectMenu()) return await onComponent(interaction, ilog);
      ilog.debug({ type: interaction.type }, 'interaction type not handled');
    } catch (err) {
      if (isGoneError(err)) ilog.warn({ err }, 'interaction or message gone; dropped');
      else ilog.error({ err }, 'interaction handling failed');
    }
  }

  async function onCommand(interaction: CommandInteraction, ilog: Logger): Promise<void> {
    const ctx = commandContext(interaction, ilog);
    const module = byName.get(interaction.commandName);
    if (!module) {
      ilog.warn('unknown command (stale registration?)');
      const view: View = {
        kind: 'message',
        text: 'That command is not available any more.',
        tone: 'warning',
        private: true,
      };
      return deliver(interaction, view, 'none', ilog);
    }
    if (module.llm) {
      const refused = checkRateLimit(interaction, ctx, { command: interaction.commandName });
      if (refused) return deliver(interaction, refused, 'none', ilog);
    }
    // Acknowledge before any slow work: Discord drops an interaction not answered within 3 s.
    if (module.defer !== 'none') {
      await interaction.deferReply(module.defer === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {});
    }
    const view = await runCommand(module, rawOptions(interaction), ctx);
    await deliver(interaction, view, module.defer, ilog);
  }

  async function onComponent(interaction: ComponentInteraction, ilog: Logger): Promise<void> {
    const ctx = commandContext(interaction, ilog);
    let route: string;
    try {
      route = decodeCustomId(interaction.customId).route;
    } catch (error) {
      return deliver(interaction, errorView(error, ctx, { customId: interaction.customId }), 'none', ilog);
    }
    // An unknown route gets the defaults and then runRoute's "expired" message.
    const declared = Object.hasOwn(routes, route) ? routes[route] : undefined;
    if (declared?.llm) {
      const refused = checkRateLimit(interaction, ctx, { route });
      if (refused) return deliver(interaction, refused, 'none', ilog);
    }
    const fromEphemeral = interaction.message.flags.has(MessageFlags.Ephemeral);
    let ack: Ack;
    if (declared?.ack === 'update') {
      await interaction.deferUpdate();
      ack = 'update';
    } else {
      await interaction.deferReply(fromEphemeral ? { flags: MessageFlags.Ephemeral } : {});
      ack = fromEphemeral ? 'ephemeral' : 'public';
    }
    let view: View;
    try {
      const { state } = await states.load(interaction.customId);
      const values = interaction.isStringSelectMenu() ? interaction.values : [];
      view = await runRoute(route, state, values, ctx, routes);
    } catch (error) {
      view = errorView(error, ctx, { route });
    }
    await deliver(interaction, view, ack, ilog);
  }

  async function onAutocomplete(interaction: AutocompleteInteraction, ilog: Logger): Promise<void> {
    const module = byName.get(interaction.commandName);
    const focused = interaction.options.getFocused(true);
    const ctx = commandContext(interaction, ilog);
    if (!module) {
      ilog.warn('autocomplete for an unknown command');
      await interaction.respond([]);
      return;
    }
    const timer = new AbortController();
    const tooSlow = app.clock.sleep(AUTOCOMPLETE_BUDGET_MS, timer.signal).then(
      () => {
        ilog.warn({ budgetMs: AUTOCOMPLETE_BUDGET_MS }, 'autocomplete too slow; answering with no choices');
        return [];
      },
      () => [],
    );
    const focusedValue = { name: focused.name, value: String(focused.value) };
    const choices = await Promise.race([
      runAutocomplete(module, focusedValue, rawOptions(interaction), ctx),
      tooSlow,
    ]).finally(() => timer.abort());
    await interaction.respond(choices);
  }

  /** A RateLimitedError as an error View, or undefined when the user and guild may go ahead. */
  function checkRateLimit(
    interaction: RepliableInteraction,
    ctx: CommandContext,
    context: Record<string, string>,
  ): View | undefined {
    try {
      limiter.take(interaction.user.id, interaction.guildId);
      return undefined;
    } catch (error) {
      return errorView(error, ctx, context);
    }
  }

  /**
   * Renders `view`, saves its component state, then sends it the way the acknowledgement allows.
   * An edit cannot make a public reply ephemeral, so a private View (an error) after a public
   * deferral goes out as an ephemeral follow-up and the placeholder is deleted.
   */
  async function deliver(interaction: RepliableInteraction, view: View, ack: Ack, ilog: Logger): Promise<void> {
    const recorder = states.recorder();
    const reply = toDiscord(view, { storeState: recorder.storeState });
    const problems = limitViolations(reply);
    if (problems.length > 0) ilog.error({ problems, kind: view.kind }, 'rendered message breaks Discord limits');
    await recorder.flush();
    const isPrivate = reply.flags === MessageFlags.Ephemeral;
    const { flags: _flags, ...edit } = reply;
    switch (ack) {
      case 'none':
        await interaction.reply(reply);
        return;
      case 'ephemeral':
        await interaction.editReply(edit);
        return;
      case 'public':
        if (!isPrivate) {
          await interaction.editReply(edit);
          return;
        }
        await interaction.followUp(reply);
        await interaction.deleteReply();
        return;
      case 'update':
        if (isPrivate) await interaction.followUp(reply);
        else await interaction.editReply(edit);
        return;
      default:
        ack satisfies never;
    }
  }

  async function refuseWhileStopping(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) return interaction.respond([]);
    if (!interaction.isRepliable()) return;
    const reply: DiscordReply = {
      content: SHUTTING_DOWN_MESSAGE,
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    };
    await interaction.reply(reply);
  }

  function commandContext(interaction: Interaction, ilog: Logger): CommandContext {
    return {
      user: { id: interaction.user.id, name: interaction.user.username },
      ...(interaction.guildId ? { guildId: interaction.guildId } : {}),
      ...(interaction.channelId ? { channelId: interaction.channelId } : {}),
      locale: interaction.locale,
      log: ilog,
      clock: app.clock,
      services,
      newId,
      signal: abort.signal,
    };
  }

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
        throw new UpstreamError('discord', 'unavailable', `login at ${apiUrl} failed`, { cause: error });
      }
      await ready;
      const applicationId = client.application?.id;
      if (!applicationId) throw new Error('logged in, but Discord sent no application id');
      log.info({ applicationId, user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord bot ready');
      if (options.registerCommands ?? true) {
        await registerIfChanged({
          rest: client.rest,
          db: app.db,
          applicationId,
          guildId: options.guildId,
          definitions: commands.map((module) => module.definition),
          clock: app.clock,
          log,
        });
      }
      accepting = true;
      if (options.postDigests ?? true) {
        scheduler = app.digest.createScheduler(
          digestChannel.post,
          options.digestTickMs ? { tickMs: options.digestTickMs } : {},
        );
        scheduler.start();
      }
    },
    async stop() {
      if (!accepting && inFlight.size === 0) {
        await stopScheduler();
        await client.destroy();
        return;
      }
      accepting = false;
      log.info({ inFlight: inFlight.size }, 'discord bot stopping');
      const graceOver = new AbortController();
      await Promise.race([
        Promise.allSettled([...inFlight]),
        app.clock.sleep(options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS, graceOver.signal).then(
          () => log.warn({ inFlight: inFlight.size }, 'shutdown grace period over; aborting in-flight work'),
          () => undefined,
        ),
      ]);
      graceOver.abort();
      abort.abort(new Error('bot stopped'));
      await Promise.allSettled([...inFlight]);
      // A digest mid-post finishes its tick (each message is in the ledger once Discord took it).
      await stopScheduler();
      await client.destroy();
      log.info('discord bot stopped');
    },
    applicationId: () => client.application?.id,
  };
}

function commandNameOf(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return interaction.commandName;
  if (interaction.isMessageComponent()) return interaction.customId.split(':')[0] ?? '';
  return '';
}

/**
 * Option values by name, as runCommand's parser takes them; a message command gets its target.
 * Discord nests a subcommand's options under it (`[{ name: 'subscribe', type: 1, options: […] }]`);
 * they are flattened beside `subcommand: 'subscribe'`.
 */
function rawOptions(
  interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction | AutocompleteInteraction,
): RawOptions {
  if (interaction.isMessageContextMenuCommand()) {
    return { targetId: interaction.targetId, targetText: interaction.targetMessage.content };
  }
  const raw: Record<string, unknown> = {};
  for (const option of interaction.options.data) {
    if (option.type === ApplicationCommandOptionType.Subcommand) {
      raw[SUBCOMMAND_KEY] = option.name;
      for (const nested of option.options ?? []) raw[nested.name] = nested.value;
    } else {
      raw[option.name] = option.value;
    }
  }
  return raw;
}
