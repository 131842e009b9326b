import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
} from 'discord-api-types/v10';
import { SUBCOMMAND_KEY } from '../interactions/options.ts';
import type { CommandModule, RawOptions } from '../interactions/types.ts';
import { KNOWN_SPELLINGS } from './action-words.ts';

export type ChatLine =
  | { readonly kind: 'empty' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'command'; readonly module: CommandModule; readonly raw: RawOptions }
  | { readonly kind: 'unknown-command'; readonly name: string }
  /** `s 2`, `c 1 3`, `next`, `Next page`: an action's word (lower-cased) and the result numbers after it. */
  | { readonly kind: 'action'; readonly word: string; readonly numbers: readonly number[] }
  /** Numbers alone (`2`): not an action; the chat says which word to put before them. */
  | { readonly kind: 'numbers'; readonly numbers: readonly number[] };

const QUIT = new Set(['quit', 'exit', 'q']);

// A word (or a two-word label such as "next page") followed by nothing but result numbers.
const ACTION_LINE = /^([a-z]+(?:\s+[a-z]+)?)((?:[\s,]+\d+)*)[\s,]*$/i;

/**
 * Reads one line of the chat: `/name key: value key: value`, a leading value without a key for
 * the first required option (`/summarize 2401.12345`), plain text as `/papers query: <text>`,
 * an action word from `words` with result numbers (`s 2`, `c 1 3`, `n`), `/quit`. Option values
 * are raw strings; parseOptions validates them.
 */
export function parseLine(
  line: string,
  modules: readonly CommandModule[],
  words: ReadonlySet<string> = KNOWN_SPELLINGS,
): ChatLine {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  if (/^\d+(?:[\s,]+\d+)*$/.test(text)) return { kind: 'numbers', numbers: numbersIn(text) };
  const action = ACTION_LINE.exec(text);
  const word = action?.[1]?.toLowerCase().replace(/\s+/g, ' ');
  if (word && words.has(word)) return { kind: 'action', word, numbers: numbersIn(action?.[2] ?? '') };
  if (!text.startsWith('/')) {
    const papers = modules.find((module) => module.definition.name === 'papers');
    return papers ? { kind: 'command', module: papers, raw: { query: text } } : { kind: 'unknown-command', name: '' };
  }
  const [, name = '', rest = ''] = /^\/(\S*)\s*([\s\S]*)$/.exec(text) ?? [];
  const lower = name.toLowerCase();
  if (QUIT.has(lower)) return { kind: 'quit' };
  const module = modules.find((candidate) => terminalName(candidate) === lower);
  if (!module) return { kind: 'unknown-command', name };
  return { kind: 'command', module, raw: parseOptionText(module, rest.trim()) };
}

/** The name typed after `/`: the command name, or a context-menu name in kebab case ("find-related-papers"). */
export function terminalName(module: CommandModule): string {
  return module.definition.name.toLowerCase().replace(/\s+/g, '-');
}

function parseOptionText(module: CommandModule, text: string): RawOptions {
  const { definition } = module;
  if (definition.type === ApplicationCommandType.Message) {
    return { targetId: 'terminal', targetText: text };
  }
  const options = ('options' in definition ? definition.options : undefined) ?? [];
  const subcommands = options.filter((option) => option.type === ApplicationCommandOptionType.Subcommand);
  if (subcommands.length > 0) {
    // `/digest subscribe channel: 123 topics: RL`: the first word picks the subcommand (parseOptions
    // rejects an unknown one, listing the rest); its own options follow as usual. Channels are typed as ids.
    const [, word = '', rest = ''] = /^(\S*)\s*([\s\S]*)$/.exec(text) ?? [];
    const chosen = subcommands.find((sub) => sub.name === word.toLowerCase());
    const own = chosen && 'options' in chosen ? (chosen.options ?? []) : [];
    return word ? { [SUBCOMMAND_KEY]: word, ...parseKeyValues(own, chosen ? rest.trim() : '') } : {};
  }
  return parseKeyValues(options, text);
}

function parseKeyValues(options: readonly APIApplicationCommandOption[], text: string): RawOptions {
  if (!text) return {};
  const names = options.map((option) => option.name);
  const raw: Record<string, string> = {};
  // `name:` counts as a key only for this command's own option names, so colons in URLs and
  // titles ("https://…", "BERT: Pre-training …") stay part of the value.
  const keyPattern =
    names.length > 0 ? new RegExp(`(?:^|\\s)(${names.map(escapeRegExp).join('|')}):`, 'gi') : undefined;
  const matches = keyPattern ? [...text.matchAll(keyPattern)] : [];
  const leading = (matches[0] ? text.slice(0, matches[0].index) : text).trim();
  if (leading) {
    const first = options.find((option) => 'required' in option && option.required === true) ?? options[0];
    // With no option to take it, pass the text on under a name parseOptions rejects with a hint.
    raw[first?.name ?? 'text'] = leading;
  }
  matches.forEach((match, index) => {
    const key = (match[1] ?? '').toLowerCase();
    const start = (match.index ?? 0) + match[0].length;
    const end = matches[index + 1]?.index ?? text.length;
    raw[key] = text.slice(start, end).trim();
  });
  return raw;
}

function numbersIn(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter((part) => part.length > 0)
    .map(Number);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
