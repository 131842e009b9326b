import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Clock } from '../clock.ts';
import { runCommand, runRoute } from '../interactions/run-command.ts';
import type { CommandContext, CommandModule, CommandServices, CommandUser, RouteTable } from '../interactions/types.ts';
import type { Logger } from '../log.ts';
import type { View } from '../views.ts';
import { loadSampleLibrary } from './load-sample.ts';
import { parseLine, terminalName } from './parse-line.ts';
import { renderView, type TerminalAction } from './render/render-view.ts';

export interface StartChatOptions {
  /**
   * What handlers get as `ctx.services` (createCommandServices in src/app.ts). Never `digest`:
   * digests post through the Discord bot, so /digest answers in the terminal that it needs the bot.
   */
  readonly services: CommandServices;
  readonly commands: readonly CommandModule[];
  readonly routes: RouteTable;
  readonly log: Logger;
  readonly clock: Clock;
  readonly input: Readable;
  readonly output: Writable;
  /** Fill an empty library with the bundled sample first (default true). */
  readonly loadSample?: boolean;
  readonly user?: CommandUser;
  readonly locale?: string;
  readonly newId?: () => string;
}

const PROMPT = 'paperboy> ';

/**
 * The local chat: reads commands line by line from `input`, runs them like the bot does and writes
 * the rendered Views to `output`. Resolves when the user types /quit or the input ends. Works the
 * same whether or not the streams are a TTY (the prompt is only shown on a TTY).
 */
export async function startChat(options: StartChatOptions): Promise<void> {
  const { services, input, output, clock, routes } = options;
  const modules = options.commands;
  const log = options.log.child({ module: 'terminal' });
  const interactive = isTty(input) && isTty(output);
  const write = (text: string) => {
    output.write(text.endsWith('\n') ? text : `${text}\n`);
  };

  if (options.loadSample ?? true) {
    const added = loadSampleLibrary(services.library, { clock, log });
    if (added > 0) write(`Loaded ${added} sample papers into the library (a Hugging Face search for "self-learning").`);
  }
  write(greeting(services, modules));

  const ctx: CommandContext = {
    user: options.user ?? { id: 'local', name: 'you' },
    locale: options.locale ?? 'en-US',
    log,
    clock,
    services,
    newId: options.newId ?? (() => randomBytes(9).toString('base64url')),
  };

  // State of the last View's actions lives here, in memory; the bot keeps it in Keyv instead.
  let actions: readonly TerminalAction[] = [];
  const show = (view: View) => {
    const rendered = renderView(view);
    if (rendered.actions.length > 0 || view.kind !== 'error') actions = rendered.actions;
    // A blank line after each answer keeps replies apart when the output is piped (no prompt).
    write(`${rendered.text}\n\n`);
  };

  const rl = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
    prompt: PROMPT,
  });
  // Ctrl+C leaves the chat like /quit (readline would otherwise only pause the input).
  rl.on('SIGINT', () => rl.close());
  if (interactive) rl.prompt();
  try {
    for await (const text of rl) {
      const line = parseLine(text, modules);
      if (line.kind === 'quit') break;
      switch (line.kind) {
        case 'empty':
          break;
        case 'unknown-command':
          write(`Unknown command /${line.name}. Type /help for the list.\n\n`);
          break;
        case 'command':
          show(await runCommand(line.module, line.raw, ctx));
          break;
        case 'action': {
          const picked = pickAction(actions, line.number, line.picks);
          if (typeof picked === 'string') write(`${picked}\n\n`);
          else show(await runRoute(picked.route, jsonCopy(picked.state), picked.values, ctx, routes));
          break;
        }
        default:
          line satisfies never;
      }
      if (interactive) rl.prompt();
    }
  } finally {
    rl.close();
  }
  write('Bye.');
}

/** Resolves a typed number (and option numbers) to a route call, or a message saying what to type. */
function pickAction(
  actions: readonly TerminalAction[],
  number: number,
  picks: readonly number[],
): { route: string; state: unknown; values: string[] } | string {
  const action = actions[number - 1];
  if (!action) {
    return actions.length === 0
      ? 'Nothing to pick here. Run a command first, e.g. a search: speculative decoding'
      : `Pick an action from 1 to ${actions.length}.`;
  }
  if (action.kind === 'button') {
    return { route: action.action.route, state: action.action.state, values: [] };
  }
  const { select } = action;
  const count = new Set(picks).size;
  if (count < select.minValues || count > select.maxValues || count !== picks.length) {
    const range =
      select.minValues === select.maxValues ? `${select.minValues}` : `${select.minValues} to ${select.maxValues}`;
    return `${select.placeholder} needs ${range} different result number${select.maxValues === 1 ? '' : 's'}, e.g. ${number} ${Array.from({ length: select.minValues }, (_, i) => i + 1).join(' ')}.`;
  }
  const values: string[] = [];
  for (const pick of picks) {
    const option = select.options[pick - 1];
    if (!option) return `Result numbers go from 1 to ${select.options.length}.`;
    values.push(option.value);
  }
  return { route: select.route, state: select.state, values };
}

/** State goes through JSON like the bot's Keyv store, so the terminal exercises the same round trip. */
function jsonCopy(state: unknown): unknown {
  return JSON.parse(JSON.stringify(state ?? null));
}

function greeting(app: CommandServices, modules: readonly CommandModule[]): string {
  const names = modules.map((module) => `/${terminalName(module)}`).join(' ');
  return [
    `Paperboy local chat — ${app.library.count()} papers in the library; ${app.llm.configured ? 'LLM configured' : 'no LLM configured: summaries are extractive'}.`,
    `Type a search, or a command: ${names}. /help for examples, /quit to leave.`,
  ].join('\n');
}

function isTty(stream: Readable | Writable): boolean {
  return 'isTTY' in stream && stream.isTTY === true;
}
