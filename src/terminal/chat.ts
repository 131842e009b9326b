import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Clock } from '../clock.ts';
import { collectRoutes, runCommand, runRoute } from '../interactions/run-command.ts';
import type { CommandContext, CommandModule, CommandServices, CommandUser } from '../interactions/types.ts';
import type { Logger } from '../log.ts';
import type { View } from '../views.ts';
import { KNOWN_SPELLINGS, spellings } from './action-words.ts';
import { loadSampleLibrary } from './load-sample.ts';
import { parseLine, terminalName } from './parse-line.ts';
import { actionHints, DEFAULT_WIDTH, renderView, type TerminalAction } from './render/render-view.ts';

export interface StartChatOptions {
  /**
   * What handlers get as `ctx.services` (createCommandServices in src/app.ts). Never `digest`:
   * digests post through the Discord bot, so /digest answers in the terminal that it needs the bot.
   */
  readonly services: CommandServices;
  readonly commands: readonly CommandModule[];
  readonly log: Logger;
  readonly clock: Clock;
  readonly input: Readable;
  readonly output: Writable;
  /** Fill an empty library with the bundled sample first (default true). */
  readonly loadSample?: boolean;
  readonly user?: CommandUser;
  readonly locale?: string;
  readonly newId?: () => string;
  /** The file the log goes to, named once in the greeting (the screen is for answers). */
  readonly logFile?: string;
  /**
   * Columns to wrap at, asked before each answer. Default: the terminal's width (so a resize counts
   * from the next answer; at most MAX_WIDTH), or DEFAULT_WIDTH when the output is not a terminal.
   */
  readonly width?: () => number;
}

const PROMPT = 'paperboy> ';
// Past ~120 columns prose gets hard to read; a wider window keeps a margin instead.
const MAX_WIDTH = 120;

/**
 * The local chat: reads commands line by line from `input`, runs them like the bot does and writes
 * the rendered Views to `output`. Resolves when the user types /quit, presses Ctrl-C twice at the
 * prompt, or the input ends. Ctrl-C while a command runs cancels it (its `ctx.signal` aborts, which
 * stops source requests and LLM calls) and returns to the prompt. Works the same whether or not the
 * streams are a TTY (the prompt and Ctrl-C handling need one).
 */
export async function startChat(options: StartChatOptions): Promise<void> {
  const { services, input, output, clock } = options;
  const routes = collectRoutes(options.commands);
  const modules = options.commands;
  const log = options.log.child({ module: 'terminal' });
  const interactive = isTty(input) && isTty(output);
  const width = options.width ?? (() => (interactive ? terminalWidth(output) : DEFAULT_WIDTH));
  const write = (text: string) => {
    output.write(text.endsWith('\n') ? text : `${text}\n`);
  };

  if (options.loadSample ?? true) {
    const added = loadSampleLibrary(services.library, { clock, log });
    if (added > 0) {
      write(
        chatText(
          `Loaded ${added} sample papers into the library (a Hugging Face search for "self-learning").`,
          width(),
        ),
      );
    }
  }
  write(chatText(greeting(services, modules, options.logFile), width()));

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
  const say = (text: string) => write(`${chatText(text, width())}\n\n`);
  const show = (view: View) => {
    const rendered = renderView(view, { width: width() });
    // A new list starts afresh. After anything else the list's words still work ("s 3" after the
    // summary of result 2), as its menus do in Discord; the newest View's words come first.
    const offered = new Set(rendered.actions.map((action) => action.word.word));
    actions =
      view.kind === 'paper-list'
        ? rendered.actions
        : [...rendered.actions, ...actions.filter((action) => !offered.has(action.word.word))];
    // A blank line after each answer keeps replies apart when the output is piped (no prompt).
    write(`${rendered.text}\n\n`);
  };

  const rl = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
    prompt: PROMPT,
  });
  let closed = false;
  rl.on('close', () => {
    closed = true;
  });
  // The command running now, cancelled by Ctrl-C; and whether the last key at an idle prompt was Ctrl-C.
  let running: AbortController | undefined;
  let leaving = false;
  rl.on('SIGINT', () => {
    if (running) {
      running.abort(new Error('cancelled with Ctrl-C'));
      return;
    }
    if (rl.line.length > 0) {
      // Like a shell: Ctrl-C drops what was typed and gives a fresh prompt.
      leaving = false;
      output.write('\n');
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
      rl.prompt();
      return;
    }
    if (leaving) {
      output.write('\n');
      rl.close();
      return;
    }
    leaving = true;
    output.write('\n(To leave, press Ctrl-C again or type /quit.)\n');
    rl.prompt();
  });

  /** Runs one command or route with a fresh AbortSignal; Ctrl-C settles it as 'cancelled' at once. */
  const run = async (work: (ctx: CommandContext) => Promise<View>): Promise<View | 'cancelled'> => {
    const controller = new AbortController();
    running = controller;
    const cancelled = new Promise<'cancelled'>((resolve) => {
      controller.signal.addEventListener('abort', () => resolve('cancelled'), { once: true });
    });
    try {
      // runCommand and runRoute never throw; a cancelled one settles later, into nothing.
      return await Promise.race([work({ ...ctx, signal: controller.signal }), cancelled]);
    } finally {
      running = undefined;
    }
  };
  const answer = (result: View | 'cancelled') => {
    if (result === 'cancelled') write('Cancelled.\n\n');
    else show(result);
  };

  if (interactive) rl.prompt();
  try {
    for await (const text of rl) {
      leaving = false;
      const line = parseLine(
        text,
        modules,
        new Set([...KNOWN_SPELLINGS, ...actions.flatMap((a) => spellings(a.word))]),
      );
      if (line.kind === 'quit') break;
      switch (line.kind) {
        case 'empty':
          break;
        case 'unknown-command':
          write(`Unknown command /${line.name}. Type /help for the list.\n\n`);
          break;
        case 'command':
          answer(await run((runCtx) => runCommand(line.module, line.raw, runCtx)));
          break;
        case 'action': {
          const picked = pickAction(actions, line.word, line.numbers);
          if (typeof picked === 'string') say(picked);
          else
            answer(
              await run((runCtx) => runRoute(picked.route, jsonCopy(picked.state), picked.values, runCtx, routes)),
            );
          break;
        }
        case 'numbers':
          say(
            actions.length > 0
              ? `Put an action before the numbers: ${actionHints(actions)}`
              : 'Nothing to pick from yet. Search first, e.g. speculative decoding',
          );
          break;
        default:
          line satisfies never;
      }
      if (interactive && !closed) rl.prompt();
    }
  } finally {
    rl.close();
  }
  write('Bye.');
}

/**
 * Resolves an action word and its result numbers to a route call, or a message saying what to
 * type instead. Numbers are the ones shown in the list (6–10 on a second page of 5).
 */
function pickAction(
  actions: readonly TerminalAction[],
  word: string,
  numbers: readonly number[],
): { route: string; state: unknown; values: string[] } | string {
  const action = actions.find((candidate) => spellings(candidate.word).includes(word));
  if (!action) {
    return actions.length === 0
      ? 'Nothing to act on yet. Search first, e.g. speculative decoding'
      : `“${word}” is not offered here. Type ${actionHints(actions)}`;
  }
  const key = action.word.short ?? action.word.word;
  if (action.kind === 'button') {
    if (numbers.length > 0) return `${key} takes no number; type just ${key}.`;
    return { route: action.action.route, state: action.action.state, values: [] };
  }
  const { select, firstNumber } = action;
  const last = firstNumber + select.options.length - 1;
  const most = Math.min(select.maxValues, select.options.length);
  const count = new Set(numbers).size;
  if (count < select.minValues || count > most || count !== numbers.length) {
    const range = select.minValues === most ? `${most}` : `${select.minValues} to ${most}`;
    const example = Array.from({ length: Math.max(1, select.minValues) }, (_, i) => firstNumber + i).join(' ');
    return `${key} takes ${range} different result number${most === 1 ? '' : 's'}, e.g. ${key} ${example}.`;
  }
  const values: string[] = [];
  for (const number of numbers) {
    const option = select.options[number - firstNumber];
    if (!option) return `Result numbers here go from ${firstNumber} to ${last}.`;
    values.push(option.value);
  }
  return { route: select.route, state: select.state, values };
}

/** State goes through JSON like the bot's Keyv store, so the terminal exercises the same round trip. */
function jsonCopy(state: unknown): unknown {
  return JSON.parse(JSON.stringify(state ?? null));
}

function greeting(app: CommandServices, modules: readonly CommandModule[], logFile: string | undefined): string {
  const names = modules.map((module) => `/${terminalName(module)}`).join(' ');
  return [
    `Paperboy local chat — ${app.library.count()} papers in the library; ${app.llm.configured ? 'LLM configured' : 'no LLM configured: summaries are extractive'}.`,
    `Type a search, or a command: ${names}. /help for examples, /quit to leave.`,
    ...(logFile ? [`Logs go to ${logFile}.`] : []),
  ].join('\n');
}

/** The chat's own lines (greeting, hints) as text, wrapped like answers. */
function chatText(text: string, columns: number): string {
  return renderView({ kind: 'message', tone: 'info', text }, { width: columns }).text;
}

function terminalWidth(output: Writable): number {
  const columns = 'columns' in output && typeof output.columns === 'number' ? output.columns : DEFAULT_WIDTH;
  return Math.min(MAX_WIDTH, columns > 0 ? columns : DEFAULT_WIDTH);
}

function isTty(stream: Readable | Writable): boolean {
  return 'isTTY' in stream && stream.isTTY === true;
}
