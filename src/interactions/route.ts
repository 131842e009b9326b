import type { z } from 'zod';
import type { View } from '../views.ts';
import type { CommandContext, Route, RouteDeclaration, RouteOptions } from './types.ts';

/**
 * Declares a component route: its name, the zod schema its stored state must pass (stale or
 * foreign state → ExpiredStateError) and how src/discord/ acknowledges it (`ack`, default a new
 * message; `llm`, whether it counts against the LLM rate limits, default false). Declarations
 * carry no handler, so a View can offer a route without importing the code behind it.
 */
export function declareRoute<const Name extends `${string}.${string}`, State>(
  name: Name,
  schema: z.ZodType<State>,
  options: RouteOptions = {},
): RouteDeclaration<State, Name> {
  return { name, schema, ...options };
}

/**
 * A declared route with its handler; the state type comes from the declaration's schema.
 * `validate` checks the chosen select values before the bot acknowledges (throws UserInputError).
 */
export function route<State, Name extends string>(
  declaration: RouteDeclaration<State, Name>,
  handle: (state: State, ctx: CommandContext, values: readonly string[]) => Promise<View>,
  validate?: (values: readonly string[]) => void,
): Route<State, Name> {
  return { ...declaration, handle, ...(validate ? { validate } : {}) };
}

/** A command's `routes`: its routes keyed by their own names, so a name is written once. */
export function routeTable<const Routes extends readonly Route[]>(
  ...routes: Routes
): { readonly [R in Routes[number] as R['name']]: R } {
  return Object.fromEntries(routes.map((r) => [r.name, r])) as { readonly [R in Routes[number] as R['name']]: R };
}
