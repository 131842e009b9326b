import type { z } from 'zod';
import type { View } from '../views.ts';
import type { CommandContext, Route, RouteOptions } from './types.ts';

/**
 * Declares a component route; the state type is inferred from the zod schema, which also checks
 * the stored state before the handler sees it (stale or foreign state → ExpiredStateError).
 * `options` say how src/discord/ acknowledges it (`ack`, default a new message) and whether it
 * counts against the LLM rate limits (`llm`, default false).
 */
export function route<State>(
  schema: z.ZodType<State>,
  handle: (state: State, ctx: CommandContext, values: readonly string[]) => Promise<View>,
  options: RouteOptions = {},
): Route<State> {
  return { schema, handle, ...options };
}
