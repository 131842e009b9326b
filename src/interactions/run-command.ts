import { ExpiredStateError, isPaperboyError } from '../errors/index.ts';
import { clip, sanitiseLine } from '../text/index.ts';
import type { View } from '../views.ts';
import { parseOptions } from './options.ts';
import type {
  AutocompleteChoice,
  CommandContext,
  CommandModule,
  FocusedOption,
  RawOptions,
  RouteTable,
} from './types.ts';

// Discord: at most 25 autocomplete choices, names and values 1–100 characters.
const MAX_CHOICES = 25;
const MAX_CHOICE_LENGTH = 100;

/** A command's options, parsed and checked, or the error View to answer with instead. */
export type PreparedCommand =
  | { readonly ok: true; readonly input: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly view: View };

/**
 * Parses `raw` against the command's definition and runs its `validate`: everything that needs no
 * I/O, so the bot can answer a mistake before it acknowledges. Never throws.
 */
export function prepareCommand(module: CommandModule, raw: RawOptions, ctx: CommandContext): PreparedCommand {
  try {
    const input = parseOptions(module.definition, raw);
    // `validate` and `handle` are typed per command (OptionsOf<typeof definition>); parseOptions produced that shape.
    (module.validate as ((input: Record<string, unknown>) => void) | undefined)?.(input);
    return { ok: true, input };
  } catch (error) {
    return { ok: false, view: errorView(error, ctx, { command: module.definition.name }) };
  }
}

/**
 * Runs a prepared command's handler and turns any error into an `error` View. One of the three
 * catch sites (STYLE.md "Errors"): a PaperboyError shows its userMessage; anything else is logged
 * with its stack under a fresh errorId and shown as a generic apology with that id. Never throws.
 */
export async function runPrepared(
  module: CommandModule,
  input: Readonly<Record<string, unknown>>,
  ctx: CommandContext,
): Promise<View> {
  try {
    const handle = module.handle as (input: Readonly<Record<string, unknown>>, ctx: CommandContext) => Promise<View>;
    return await handle(input, ctx);
  } catch (error) {
    return errorView(error, ctx, { command: module.definition.name });
  }
}

/** prepareCommand then runPrepared, for callers with nothing to do in between (the terminal). Never throws. */
export async function runCommand(module: CommandModule, raw: RawOptions, ctx: CommandContext): Promise<View> {
  const prepared = prepareCommand(module, raw, ctx);
  return prepared.ok ? runPrepared(module, prepared.input, ctx) : prepared.view;
}

/**
 * A route's check of the chosen select values, before the bot acknowledges: undefined when they
 * pass (or the route is unknown, which runRoute answers), else the error View. Never throws.
 */
export function checkRouteValues(
  routeName: string,
  values: readonly string[],
  ctx: CommandContext,
  routes: RouteTable,
): View | undefined {
  const route = Object.hasOwn(routes, routeName) ? routes[routeName] : undefined;
  try {
    route?.validate?.(values);
    return undefined;
  } catch (error) {
    return errorView(error, ctx, { command: routeName.split('.')[0] ?? routeName, route: routeName });
  }
}

/**
 * Runs a component route by name (`papers.next`) with the state stored when the View was shown and
 * the chosen select values. An unknown route or state that fails the route's schema is an
 * ExpiredStateError ("run the command again"). `routes` is usually `collectRoutes(commands)`. Never throws.
 */
export async function runRoute(
  routeName: string,
  state: unknown,
  values: readonly string[],
  ctx: CommandContext,
  routes: RouteTable,
): Promise<View> {
  const command = routeName.split('.')[0] ?? routeName;
  try {
    const route = Object.hasOwn(routes, routeName) ? routes[routeName] : undefined;
    if (!route) throw new ExpiredStateError(routeName);
    const parsed = route.schema.safeParse(state);
    if (!parsed.success) throw new ExpiredStateError(routeName, { cause: parsed.error });
    // Discord checks the values before acknowledging (checkRouteValues); the terminal has no
    // acknowledgement, so the check lives here too and every caller gets it.
    route.validate?.(values);
    return await route.handle(parsed.data, ctx, values);
  } catch (error) {
    return errorView(error, ctx, { command, route: routeName });
  }
}

/**
 * Runs a command's autocomplete and clamps the answer to Discord's limits. Autocomplete has no
 * way to show an error, so a failure is logged and answered with no choices.
 */
export async function runAutocomplete(
  module: CommandModule,
  focused: FocusedOption,
  raw: RawOptions,
  ctx: CommandContext,
): Promise<AutocompleteChoice[]> {
  if (!module.autocomplete) return [];
  try {
    const choices = await module.autocomplete(focused, raw, ctx);
    return (
      choices
        // Names are often paper titles: through the one sanitiser (issue 12); values are ids, kept.
        .map((choice) => ({ name: sanitiseLine(choice.name) || choice.value, value: choice.value }))
        .filter(
          (choice) => choice.name.length > 0 && choice.value.length > 0 && choice.value.length <= MAX_CHOICE_LENGTH,
        )
        .slice(0, MAX_CHOICES)
        .map((choice) => ({ name: clip(choice.name, MAX_CHOICE_LENGTH), value: choice.value }))
    );
  } catch (error) {
    ctx.log.warn(
      { err: error, command: module.definition.name, option: focused.name, userId: ctx.user.id },
      'autocomplete failed',
    );
    return [];
  }
}

/**
 * Every route of every command in one table, for the Discord router and the terminal.
 * @throws Error when two routes share a name (our bug: one would shadow the other).
 */
export function collectRoutes(modules: readonly CommandModule[]): RouteTable {
  const table: Record<string, RouteTable[string]> = {};
  for (const module of modules) {
    for (const [name, declared] of Object.entries(module.routes ?? {})) {
      if (Object.hasOwn(table, name)) throw new Error(`route ${name} is declared twice`);
      table[name] = declared;
    }
  }
  return table;
}

/**
 * Turns a thrown value into the `error` View; unexpected errors are logged at `error` with their
 * stack. An expected one (a PaperboyError) is logged by code and message only: its stack says
 * nothing the code does not, and buried the log (issue 15). A command its caller cancelled (the
 * chat's Ctrl-C aborts `ctx.signal`) is not a failure at all.
 */
export function errorView(error: unknown, ctx: CommandContext, context: Record<string, string>): View {
  const errorId = ctx.newId();
  if (ctx.signal?.aborted) {
    ctx.log.info({ errorId, ...context, userId: ctx.user.id }, 'command cancelled');
    return { kind: 'error', userMessage: 'Cancelled.', errorId };
  }
  if (isPaperboyError(error)) {
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    ctx.log.info(
      {
        errorId,
        code: error.code,
        detail: error.message,
        ...(cause ? { cause } : {}),
        ...context,
        userId: ctx.user.id,
      },
      'command failed (expected)',
    );
    return { kind: 'error', userMessage: error.userMessage, errorId };
  }
  ctx.log.error({ err: error, errorId, ...context, userId: ctx.user.id }, 'command failed');
  // Renderers append "(ref <errorId>)" to every error, so the message itself carries no id.
  return { kind: 'error', userMessage: 'Something went wrong.', errorId };
}
