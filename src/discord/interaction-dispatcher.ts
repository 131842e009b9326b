import { randomBytes } from 'node:crypto';
import type { Interaction } from 'discord.js';
import type { Cache } from '../cache/create-cache.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { collectRoutes } from '../interactions/run-command.ts';
import type { CommandModule, CommandServices } from '../interactions/types.ts';
import type { Logger } from '../log.ts';
import { createComponentStateStore } from './component-state.ts';
import { isGoneError } from './discord-errors.ts';
import { interactionContext } from './handlers/context.ts';
import { refuseWhileStopping } from './handlers/deliver.ts';
import type { HandlerDeps } from './handlers/handler-deps.ts';
import { onAutocomplete } from './handlers/on-autocomplete.ts';
import { onCommand } from './handlers/on-command.ts';
import { onComponent } from './handlers/on-component.ts';
import { commandNameOf } from './handlers/raw-options.ts';
import { createRateLimiter, type RateLimiter } from './rate-limit.ts';

export interface DispatcherOptions {
  readonly commands: readonly CommandModule[];
  /** What handlers get as `ctx.services`, `digest` included. */
  readonly services: CommandServices;
  /** Component state (the `components` namespace), so buttons survive a restart and work on any node. */
  readonly cache: Pick<Cache, 'namespace'>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly discord: Pick<Config['discord'], 'userLlmPerMinute' | 'guildLlmPerMinute'>;
  readonly newId?: () => string;
  readonly newStateKey?: () => string;
  readonly rateLimiter?: RateLimiter;
}

export interface InteractionDispatcher {
  /** Runs the interaction's handler; never rejects (one failing interaction must not take the process down). */
  dispatch(interaction: Interaction): Promise<void>;
  /** From here on interactions go to their handlers; before, and after `drain`, they get the "restarting" note. */
  open(): void;
  /**
   * Refuses new interactions, waits up to `graceMs` for in-flight ones, then aborts what is left
   * (handlers pass the signal to the LLM and sources) and waits for it to settle.
   */
  drain(graceMs: number): Promise<void>;
  /** Interactions whose handler is still running. */
  inFlight(): number;
}

/**
 * Routes discord.js Interactions to the per-kind handlers (src/discord/handlers/), whichever way
 * they arrived: the gateway bot (bot.ts) and the HTTP endpoint (http/) share this one dispatcher.
 */
export function createInteractionDispatcher(options: DispatcherOptions): InteractionDispatcher {
  const { clock, services, log } = options;
  const newId = options.newId ?? (() => randomBytes(4).toString('hex'));
  const running = new Set<Promise<void>>();
  // Aborted only when draining gives up waiting.
  const abort = new AbortController();
  const deps: HandlerDeps = {
    commands: new Map(options.commands.map((module) => [module.definition.name, module])),
    routes: collectRoutes(options.commands),
    states: createComponentStateStore({
      cache: options.cache,
      ...(options.newStateKey ? { newId: options.newStateKey } : {}),
    }),
    limiter:
      options.rateLimiter ??
      createRateLimiter({
        clock,
        userPerMinute: options.discord.userLlmPerMinute,
        guildPerMinute: options.discord.guildLlmPerMinute,
      }),
    clock,
    context: (interaction, ilog) =>
      interactionContext(interaction, ilog, { services, clock, newId, signal: abort.signal }),
  };
  let accepting = false;

  async function run(interaction: Interaction): Promise<void> {
    const ilog = log.child({
      interactionId: interaction.id,
      command: commandNameOf(interaction),
      userId: interaction.user.id,
      guildId: interaction.guildId,
    });
    try {
      if (!accepting) return await refuseWhileStopping(interaction);
      if (interaction.isAutocomplete()) return await onAutocomplete(interaction, ilog, deps);
      if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
        return await onCommand(interaction, ilog, deps);
      }
      if (interaction.isButton() || interaction.isStringSelectMenu()) return await onComponent(interaction, ilog, deps);
      ilog.debug({ type: interaction.type }, 'interaction type not handled');
    } catch (err) {
      if (isGoneError(err)) ilog.warn({ err }, 'interaction or message gone; dropped');
      else ilog.error({ err }, 'interaction handling failed');
    }
  }

  return {
    dispatch(interaction) {
      const work = run(interaction).finally(() => running.delete(work));
      running.add(work);
      return work;
    },
    open() {
      accepting = true;
    },
    async drain(graceMs) {
      accepting = false;
      if (running.size === 0) return;
      const graceOver = new AbortController();
      await Promise.race([
        Promise.allSettled([...running]),
        clock.sleep(graceMs, graceOver.signal).then(
          () => log.warn({ inFlight: running.size }, 'shutdown grace period over; aborting in-flight work'),
          () => undefined,
        ),
      ]);
      graceOver.abort();
      abort.abort(new Error('stopped'));
      await Promise.allSettled([...running]);
    },
    inFlight: () => running.size,
  };
}
