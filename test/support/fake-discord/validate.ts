import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  MessageFlags,
} from 'discord-api-types/v10';
import { isRecord } from './http.ts';

/**
 * Discord's documented limits, checked the way Discord checks them: the fake answers
 * 400 `{ code: 50035, message: 'Invalid Form Body', errors }` so a renderer bug fails the test
 * instead of passing silently. Only what Paperboy can get wrong is covered.
 */
export interface FormError {
  readonly path: readonly (string | number)[];
  readonly code: string;
  readonly message: string;
}

const maxLength = (path: (string | number)[], value: unknown, max: number, errors: FormError[]): void => {
  if ((typeof value === 'string' || Array.isArray(value)) && value.length > max) {
    errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  }
};

const required = (path: (string | number)[], value: unknown, errors: FormError[]): void => {
  if (value === undefined || value === null || value === '') {
    errors.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  }
};

const textLength = (value: unknown): number => (typeof value === 'string' ? value.length : 0);

// Discord: message 2000 chars; 10 embeds; embed title 256, description 4096, 25 fields (name 256,
// value 1024), footer 2048, author 256, all embeds together 6000.
export function validateMessageBody(body: Record<string, unknown>): FormError[] {
  const errors: FormError[] = [];
  maxLength(['content'], body.content, 2000, errors);
  // Discord: a nonce is an integer or a string of at most 25 characters.
  maxLength(['nonce'], body.nonce, 25, errors);
  if (
    body.nonce !== undefined &&
    body.nonce !== null &&
    typeof body.nonce !== 'string' &&
    !Number.isInteger(body.nonce)
  ) {
    errors.push({ path: ['nonce'], code: 'BASE_TYPE_STRING_OR_INTEGER', message: 'Must be a string or an integer.' });
  }
  if (Array.isArray(body.embeds)) {
    maxLength(['embeds'], body.embeds, 10, errors);
    let total = 0;
    body.embeds.forEach((embed: unknown, i) => {
      if (!isRecord(embed)) return;
      maxLength(['embeds', i, 'title'], embed.title, 256, errors);
      maxLength(['embeds', i, 'description'], embed.description, 4096, errors);
      total += textLength(embed.title) + textLength(embed.description);
      if (Array.isArray(embed.fields)) {
        maxLength(['embeds', i, 'fields'], embed.fields, 25, errors);
        embed.fields.forEach((field: unknown, j) => {
          if (!isRecord(field)) return;
          required(['embeds', i, 'fields', j, 'name'], field.name, errors);
          required(['embeds', i, 'fields', j, 'value'], field.value, errors);
          maxLength(['embeds', i, 'fields', j, 'name'], field.name, 256, errors);
          maxLength(['embeds', i, 'fields', j, 'value'], field.value, 1024, errors);
          total += textLength(field.name) + textLength(field.value);
        });
      }
      if (isRecord(embed.footer)) {
        maxLength(['embeds', i, 'footer', 'text'], embed.footer.text, 2048, errors);
        total += textLength(embed.footer.text);
      }
      if (isRecord(embed.author)) {
        maxLength(['embeds', i, 'author', 'name'], embed.author.name, 256, errors);
        total += textLength(embed.author.name);
      }
    });
    if (total > 6000) {
      errors.push({
        path: ['embeds'],
        code: 'MAX_EMBED_SIZE_EXCEEDED',
        message: 'Embed size exceeds maximum size of 6000',
      });
    }
  }
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  if (Array.isArray(body.components) && (flags & MessageFlags.IsComponentsV2) === 0) {
    validateActionRows(body.components, errors);
  }
  return errors;
}

// Discord: 5 action rows, 5 buttons per row or one select, custom_id 100, button label 80,
// select 25 options (label/value/description 100), placeholder 150, custom_ids unique per message.
function validateActionRows(rows: unknown[], errors: FormError[]): void {
  maxLength(['components'], rows, 5, errors);
  const customIds = new Set<string>();
  rows.forEach((row: unknown, i) => {
    if (!isRecord(row) || row.type !== ComponentType.ActionRow || !Array.isArray(row.components)) {
      errors.push({ path: ['components', i], code: 'UNION_TYPE_CHOICES', message: 'Value of field "type" must be 1.' });
      return;
    }
    const children: unknown[] = row.components;
    const selects = children.filter((c) => isRecord(c) && c.type !== ComponentType.Button).length;
    if (selects > 0 && children.length > 1) {
      errors.push({
        path: ['components', i, 'components'],
        code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        message: 'The specified component exceeds the maximum width',
      });
    }
    maxLength(['components', i, 'components'], children, 5, errors);
    children.forEach((child: unknown, j) => {
      if (!isRecord(child)) return;
      const path = ['components', i, 'components', j];
      if (typeof child.custom_id === 'string') {
        maxLength([...path, 'custom_id'], child.custom_id, 100, errors);
        if (customIds.has(child.custom_id)) {
          errors.push({
            path: [...path, 'custom_id'],
            code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
            message: 'Component custom id cannot be duplicated',
          });
        }
        customIds.add(child.custom_id);
      }
      if (child.type === ComponentType.Button) {
        maxLength([...path, 'label'], child.label, 80, errors);
        if (child.url === undefined && child.sku_id === undefined)
          required([...path, 'custom_id'], child.custom_id, errors);
        return;
      }
      required([...path, 'custom_id'], child.custom_id, errors);
      maxLength([...path, 'placeholder'], child.placeholder, 150, errors);
      if (child.type === ComponentType.StringSelect) {
        const options: unknown = child.options;
        if (!Array.isArray(options) || options.length === 0) {
          required([...path, 'options'], undefined, errors);
          return;
        }
        maxLength([...path, 'options'], options, 25, errors);
        options.forEach((option: unknown, k) => {
          if (!isRecord(option)) return;
          for (const key of ['label', 'value', 'description'] as const) {
            maxLength([...path, 'options', k, key], option[key], 100, errors);
          }
        });
      }
    });
  });
}

// Discord: 25 autocomplete choices, name 1–100, string value 100.
export function validateAutocompleteChoices(data: unknown): FormError[] {
  const errors: FormError[] = [];
  const choices = isRecord(data) ? data.choices : undefined;
  if (!Array.isArray(choices)) {
    required(['data', 'choices'], undefined, errors);
    return errors;
  }
  maxLength(['data', 'choices'], choices, 25, errors);
  choices.forEach((choice: unknown, i) => {
    if (!isRecord(choice)) return;
    required(['data', 'choices', i, 'name'], choice.name, errors);
    maxLength(['data', 'choices', i, 'name'], choice.name, 100, errors);
    maxLength(['data', 'choices', i, 'value'], choice.value, 100, errors);
  });
  return errors;
}

// Discord: names match this pattern (lowercase for chat input), 32 chars; description 1–100;
// 25 options and 25 choices; required options first; unique names per command type.
const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

export function validateCommands(commands: unknown): FormError[] {
  const errors: FormError[] = [];
  if (!Array.isArray(commands)) {
    errors.push({ path: [], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' });
    return errors;
  }
  const seen = new Set<string>();
  commands.forEach((command: unknown, i) => {
    if (!isRecord(command)) return;
    const type = typeof command.type === 'number' ? command.type : ApplicationCommandType.ChatInput;
    const key = `${type}:${String(command.name)}`;
    if (seen.has(key)) {
      errors.push({
        path: [i, 'name'],
        code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
        message: 'Application command names must be unique',
      });
    }
    seen.add(key);
    validateCommandLike([i], command, type === ApplicationCommandType.ChatInput, errors);
  });
  return errors;
}

function validateCommandLike(
  path: (string | number)[],
  command: Record<string, unknown>,
  chatInput: boolean,
  errors: FormError[],
): void {
  const name = typeof command.name === 'string' ? command.name : '';
  const nameOk = chatInput
    ? COMMAND_NAME.test(name) && name === name.toLowerCase()
    : name.length >= 1 && name.length <= 32;
  if (!nameOk)
    errors.push({
      path: [...path, 'name'],
      code: 'APPLICATION_COMMAND_INVALID_NAME',
      message: 'Command name is invalid',
    });
  if (!chatInput) return;
  required([...path, 'description'], command.description, errors);
  maxLength([...path, 'description'], command.description, 100, errors);
  const options: unknown = command.options;
  if (!Array.isArray(options)) return;
  maxLength([...path, 'options'], options, 25, errors);
  let optionalSeen = false;
  options.forEach((option: unknown, i) => {
    if (!isRecord(option)) return;
    const optionPath = [...path, 'options', i];
    validateCommandLike(optionPath, option, true, errors);
    const nested =
      option.type === ApplicationCommandOptionType.Subcommand ||
      option.type === ApplicationCommandOptionType.SubcommandGroup;
    if (!nested && option.required === true && optionalSeen) {
      errors.push({
        path: [...optionPath, 'required'],
        code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        message: 'Required options must be placed before non-required options',
      });
    }
    if (!nested && option.required !== true) optionalSeen = true;
    if (Array.isArray(option.choices)) {
      maxLength([...optionPath, 'choices'], option.choices, 25, errors);
      option.choices.forEach((choice: unknown, j) => {
        if (!isRecord(choice)) return;
        maxLength([...optionPath, 'choices', j, 'name'], choice.name, 100, errors);
        maxLength([...optionPath, 'choices', j, 'value'], choice.value, 100, errors);
      });
    }
  });
}

/** Nests errors the way Discord does: `{ embeds: { 0: { title: { _errors: [...] } } } }`. */
export function toErrorTree(errors: readonly FormError[]): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  for (const error of errors) {
    let node = tree;
    for (const key of error.path) {
      const next = node[String(key)];
      const child: Record<string, unknown> = isRecord(next) ? next : {};
      node[String(key)] = child;
      node = child;
    }
    const list = Array.isArray(node._errors) ? node._errors : [];
    node._errors = [...list, { code: error.code, message: error.message }];
  }
  return tree;
}
