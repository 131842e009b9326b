import type { Interaction } from 'discord.js';
import type { Clock } from '../../clock.ts';
import type { CommandContext, CommandModule, RouteTable } from '../../interactions/types.ts';
import type { Logger } from '../../log.ts';
import type { ComponentStateStore } from '../component-state.ts';
import type { RateLimiter } from '../rate-limit.ts';

/** What the per-kind interaction handlers share; the bot builds it once. */
export interface HandlerDeps {
  readonly commands: ReadonlyMap<string, CommandModule>;
  readonly routes: RouteTable;
  readonly states: ComponentStateStore;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly context: (interaction: Interaction, log: Logger) => CommandContext;
}
