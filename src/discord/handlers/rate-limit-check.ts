import type { RepliableInteraction } from 'discord.js';
import { errorView } from '../../interactions/run-command.ts';
import type { CommandContext } from '../../interactions/types.ts';
import type { View } from '../../views.ts';
import type { RateLimiter } from '../rate-limit.ts';

/** A RateLimitedError as an error View, or undefined when the user and guild may go ahead. */
export function rateLimitRefusal(
  limiter: RateLimiter,
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
