import { SUBCOMMAND_KEY } from '../../interactions/options.ts';
import { errorView } from '../../interactions/run-command.ts';
import type { CommandContext, CommandModule, RawOptions } from '../../interactions/types.ts';
import type { View } from '../../views.ts';
import type { RateLimiter } from '../rate-limit.ts';

/**
 * Whether running `module` with these options may call the LLM, and so counts against the LLM
 * rate limits: `llm: true`, or the chosen subcommand is one of those `llm` names.
 */
export function usesLlm(module: CommandModule, raw: RawOptions): boolean {
  if (Array.isArray(module.llm)) {
    const subcommand = raw[SUBCOMMAND_KEY];
    return typeof subcommand === 'string' && module.llm.includes(subcommand);
  }
  return module.llm === true;
}

/** A RateLimitedError as an error View, or undefined when the user and guild may go ahead. */
export async function rateLimitRefusal(
  limiter: RateLimiter,
  ctx: CommandContext,
  context: Record<string, string>,
): Promise<View | undefined> {
  try {
    await limiter.take(ctx.user.id, ctx.guildId ?? null);
    return undefined;
  } catch (error) {
    return errorView(error, ctx, context);
  }
}
