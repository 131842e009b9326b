import {
  type APIApplicationCommandOption,
  type APIApplicationCommandSubcommandGroupOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
} from 'discord-api-types/v10';
import { UserInputError } from '../errors/index.ts';
import type { CommandDefinition, RawOptions } from './types.ts';

type ParsedValue = string | number | boolean;

/** The key under which the chosen subcommand's name travels in raw options and in the parsed input. */
export const SUBCOMMAND_KEY = 'subcommand';

/**
 * Validates raw option values (typed values from Discord, or strings typed in the terminal)
 * against a command definition and returns the handler's input object. Enforces `required`,
 * `choices`, `min_value`/`max_value` and `min_length`/`max_length`, because the terminal has no
 * Discord client doing it first. For a command with subcommands, `raw.subcommand` names the chosen
 * one and the rest of `raw` is validated against that subcommand's own options; the result keeps
 * `subcommand` beside them (`{ subcommand: 'subscribe', channel, topics }`).
 * @throws UserInputError naming the option and what it accepts.
 */
export function parseOptions(definition: CommandDefinition, raw: RawOptions): Record<string, ParsedValue> {
  if (definition.type === ApplicationCommandType.Message || definition.type === ApplicationCommandType.User) {
    return parseTarget(definition, raw);
  }
  const options = ('options' in definition ? definition.options : undefined) ?? [];
  const subcommands = options.filter(isSubcommand);
  if (subcommands.length === 0) return parseOptionList(`/${definition.name}`, options, raw);
  const names = subcommands.map((sub) => sub.name);
  const { [SUBCOMMAND_KEY]: chosen, ...rest } = raw;
  if (isBlank(chosen)) {
    throw new UserInputError(`/${definition.name} needs a subcommand: ${names.join(', ')}.`);
  }
  const wanted = String(chosen).trim().toLowerCase();
  const subcommand = subcommands.find((sub) => sub.name === wanted);
  if (!subcommand) {
    throw new UserInputError(
      `/${definition.name} has no subcommand "${String(chosen)}". It takes: ${names.join(', ')}.`,
    );
  }
  const parsed = parseOptionList(`/${definition.name} ${subcommand.name}`, subcommand.options ?? [], rest);
  return { [SUBCOMMAND_KEY]: subcommand.name, ...parsed };
}

type LeafOption = Exclude<
  APIApplicationCommandOption,
  APIApplicationCommandSubcommandOption | APIApplicationCommandSubcommandGroupOption
>;

function isSubcommand(option: APIApplicationCommandOption): option is APIApplicationCommandSubcommandOption {
  return option.type === ApplicationCommandOptionType.Subcommand;
}

/** Validates `raw` against one list of options; `label` is how messages name the command (`/digest subscribe`). */
function parseOptionList(
  label: string,
  options: readonly APIApplicationCommandOption[],
  raw: RawOptions,
): Record<string, ParsedValue> {
  const known = new Set(options.map((option) => option.name));
  const unknown = Object.keys(raw).filter((key) => !known.has(key) && raw[key] !== undefined);
  if (unknown.length > 0) {
    const accepted =
      options.length > 0 ? ` It takes: ${options.map((o) => o.name).join(', ')}.` : ' It takes no options.';
    throw new UserInputError(`${label} has no option "${unknown[0]}".${accepted}`);
  }
  const parsed: Record<string, ParsedValue> = {};
  for (const option of options) {
    if (!isLeaf(option)) {
      // Subcommand groups (and subcommands mixed with plain options) are not used by any command.
      throw new Error(`${label}: option "${option.name}" nests options, which parseOptions does not support`);
    }
    const value = raw[option.name];
    if (isBlank(value)) {
      if (option.required) {
        throw new UserInputError(`${label} needs ${option.name}: ${option.description}`);
      }
      continue;
    }
    parsed[option.name] = parseValue(label, option, value);
  }
  return parsed;
}

function isLeaf(option: APIApplicationCommandOption): option is LeafOption {
  return (
    option.type !== ApplicationCommandOptionType.Subcommand &&
    option.type !== ApplicationCommandOptionType.SubcommandGroup
  );
}

function parseTarget(definition: CommandDefinition, raw: RawOptions): Record<string, ParsedValue> {
  const targetId = raw.targetId;
  const targetText = raw.targetText ?? '';
  if (typeof targetId !== 'string' || typeof targetText !== 'string') {
    throw new UserInputError(`"${definition.name}" needs a message to work on.`);
  }
  return { targetId, targetText };
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function parseValue(command: string, option: LeafOption, value: unknown): ParsedValue {
  const label = `${command} ${option.name}`;
  switch (option.type) {
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
      const integer = option.type === ApplicationCommandOptionType.Integer;
      if (!Number.isFinite(number) || (integer && !Number.isInteger(number))) {
        throw new UserInputError(`${label} must be ${integer ? 'a whole number' : 'a number'}.`);
      }
      if (option.choices && option.choices.length > 0) return matchChoice(label, option.choices, number);
      const min = option.min_value;
      const max = option.max_value;
      if ((min !== undefined && number < min) || (max !== undefined && number > max)) {
        throw new UserInputError(`${label} must be between ${min ?? '-∞'} and ${max ?? '∞'}.`);
      }
      return number;
    }
    case ApplicationCommandOptionType.Boolean: {
      if (typeof value === 'boolean') return value;
      const text = String(value).trim().toLowerCase();
      if (['true', 'yes', 'y', '1', 'on'].includes(text)) return true;
      if (['false', 'no', 'n', '0', 'off'].includes(text)) return false;
      throw new UserInputError(`${label} must be true or false.`);
    }
    case ApplicationCommandOptionType.String: {
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new UserInputError(`${label} must be text.`);
      }
      const text = String(value).trim();
      if (option.choices && option.choices.length > 0) return matchChoice(label, option.choices, text);
      const min = option.min_length;
      const max = option.max_length;
      if (min !== undefined && text.length < min) {
        throw new UserInputError(`${label} must be at least ${min} characters.`);
      }
      if (max !== undefined && text.length > max) {
        throw new UserInputError(`${label} must be at most ${max} characters.`);
      }
      return text;
    }
    default:
      // Users, channels, roles, mentionables and attachments arrive as snowflake ids.
      return String(value);
  }
}

/** Accepts a choice's value, or (typed in the terminal) its display name, case-insensitively. */
function matchChoice(
  label: string,
  choices: ReadonlyArray<{ readonly name: string; readonly value: string | number }>,
  value: string | number,
): string | number {
  const wanted = String(value).toLowerCase();
  const found = choices.find(
    (choice) => String(choice.value).toLowerCase() === wanted || choice.name.toLowerCase() === wanted,
  );
  if (!found) {
    throw new UserInputError(`${label} must be one of: ${choices.map((choice) => choice.value).join(', ')}.`);
  }
  return found.value;
}
