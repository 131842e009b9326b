import {
  type APIActionRowComponent,
  type APIApplicationCommand,
  type APIApplicationCommandAutocompleteGuildInteraction,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandInteractionDataSubcommandOption,
  type APIApplicationCommandOption,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIComponentInMessageActionRow,
  type APIGuildInteractionWrapper,
  type APIInteractionDataResolved,
  type APIMessage,
  type APIMessageApplicationCommandGuildInteraction,
  type APIMessageComponentButtonInteraction,
  type APIMessageComponentSelectMenuInteraction,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageType,
} from 'discord-api-types/v10';
import { FAKE_PAPERS_CHANNEL_ID, FAKE_USER_ID } from './fixture.ts';
import type { FakeState } from './state.ts';

export type OptionValue = string | number | boolean;
export type NamedOptions = Readonly<Record<string, OptionValue>>;
/** Option values by name (types come from the registered definition, else from the JS type), or raw options. */
export type OptionsInput<T extends InteractionType = InteractionType.ApplicationCommand> =
  | NamedOptions
  | readonly APIApplicationCommandInteractionDataOption<T>[];

// Array.isArray does not narrow readonly array unions.
function isRawOptions<T extends InteractionType>(
  options: OptionsInput<T>,
): options is readonly APIApplicationCommandInteractionDataOption<T>[] {
  return Array.isArray(options);
}

/** Who and where; defaults to the fixture user in `#papers`. */
export interface InteractionOverrides {
  readonly userId?: string;
  readonly channelId?: string;
  readonly locale?: Locale;
}

export type FakeButtonInteraction = APIGuildInteractionWrapper<APIMessageComponentButtonInteraction>;
export type FakeSelectInteraction = APIGuildInteractionWrapper<APIMessageComponentSelectMenuInteraction>;

// Discord: attachment limit of a guild without boosts (10 MiB).
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

function envelope(state: FakeState, overrides: InteractionOverrides = {}) {
  const channelId = overrides.channelId ?? FAKE_PAPERS_CHANNEL_ID;
  const channel = state.channels.get(channelId);
  if (!channel) throw new Error(`fake discord: no channel ${channelId} to send an interaction from`);
  const guild = state.guildOf(channel);
  const userId = overrides.userId ?? FAKE_USER_ID;
  state.ensureUser(userId, guild.id);
  const member = guild.members.get(userId);
  if (!member) throw new Error(`fake discord: user ${userId} is not a member of guild ${guild.id}`);
  const id = state.newId();
  return {
    id,
    application_id: state.applicationId,
    token: `fake-interaction-token-${id}`,
    version: 1 as const,
    guild_id: guild.id,
    guild: { id: guild.id, locale: Locale.EnglishUS, features: [] },
    channel: state.channelPayload(channel),
    channel_id: channel.id,
    member: { ...member, permissions: state.permissions(channel, userId).toString() },
    app_permissions: state.permissions(channel, state.botUser.id).toString(),
    locale: overrides.locale ?? Locale.EnglishUS,
    guild_locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guild.id },
    context: InteractionContextType.Guild,
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
  };
}

function findCommand(
  state: FakeState,
  name: string,
  type: ApplicationCommandType,
  guildId: string,
): APIApplicationCommand | undefined {
  const candidates = [...(state.commands.get(guildId) ?? []), ...(state.commands.get('') ?? [])];
  return candidates.find((c) => c.name === name && (c.type ?? ApplicationCommandType.ChatInput) === type);
}

type Leaf<T extends InteractionType> = (
  type: ApplicationCommandOptionType,
  name: string,
  value: OptionValue,
) => APIApplicationCommandInteractionDataBasicOption<T>;

function inferType(value: OptionValue): ApplicationCommandOptionType {
  if (typeof value === 'string') return ApplicationCommandOptionType.String;
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
}

function leafOptions<T extends InteractionType>(
  commandName: string,
  definitions: readonly APIApplicationCommandOption[] | undefined,
  values: NamedOptions,
  leaf: Leaf<T>,
): APIApplicationCommandInteractionDataBasicOption<T>[] {
  return Object.entries(values).map(([name, value]) => {
    const definition = definitions?.find((d) => d.name === name);
    if (definitions && !definition) throw new Error(`fake discord: /${commandName} has no option "${name}"`);
    return leaf(definition?.type ?? inferType(value), name, value);
  });
}

/** `path` holds subcommand group and/or subcommand names taken from `'digest subscribe'`. */
function buildOptions<T extends InteractionType>(
  commandName: string,
  definitions: readonly APIApplicationCommandOption[] | undefined,
  path: readonly string[],
  values: OptionsInput<T>,
  leaf: Leaf<T>,
): APIApplicationCommandInteractionDataOption<T>[] {
  if (isRawOptions(values)) return [...values];
  const named: NamedOptions = values;
  const [head, ...rest] = path;
  if (head === undefined) return leafOptions(commandName, definitions, named, leaf);
  const definition = definitions?.find((d) => d.name === head);
  const nested = definition && 'options' in definition ? definition.options : undefined;
  const isGroup = definition ? definition.type === ApplicationCommandOptionType.SubcommandGroup : rest.length > 0;
  if (isGroup) {
    const subcommands = buildOptions(commandName, nested, rest, values, leaf).filter(
      (o): o is APIApplicationCommandInteractionDataSubcommandOption<T> =>
        o.type === ApplicationCommandOptionType.Subcommand,
    );
    return [{ type: ApplicationCommandOptionType.SubcommandGroup, name: head, options: subcommands }];
  }
  return [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: head,
      options: leafOptions(commandName, nested, named, leaf),
    },
  ];
}

type NonNumericOption = Exclude<
  APIApplicationCommandInteractionDataBasicOption,
  { type: ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number }
>;

function nonNumericOption(type: ApplicationCommandOptionType, name: string, value: OptionValue): NonNumericOption {
  switch (type) {
    case ApplicationCommandOptionType.Boolean:
      return { type, name, value: value === true || value === 'true' };
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Channel:
    case ApplicationCommandOptionType.Role:
    case ApplicationCommandOptionType.Mentionable:
    case ApplicationCommandOptionType.Attachment:
      return { type, name, value: String(value) };
    default:
      return { type: ApplicationCommandOptionType.String, name, value: String(value) };
  }
}

const commandLeaf: Leaf<InteractionType.ApplicationCommand> = (type, name, value) =>
  type === ApplicationCommandOptionType.Integer || type === ApplicationCommandOptionType.Number
    ? { type, name, value: Number(value) }
    : nonNumericOption(type, name, value);

// Discord sends what the user has typed so far, so numeric options arrive as strings here.
function autocompleteLeaf(focusedName: string): Leaf<InteractionType.ApplicationCommandAutocomplete> {
  return (type, name, value) => {
    const focused = name === focusedName ? { focused: true } : {};
    switch (type) {
      case ApplicationCommandOptionType.Integer:
      case ApplicationCommandOptionType.Number:
      case ApplicationCommandOptionType.String:
        return { type, name, value: String(value), ...focused };
      default:
        return nonNumericOption(type, name, value);
    }
  };
}

/** Fills `resolved` for user, channel and role options the fake knows, as Discord does. */
function resolvedFor(
  state: FakeState,
  guildId: string,
  options: readonly APIApplicationCommandInteractionDataOption[],
): APIInteractionDataResolved | undefined {
  const resolved: APIInteractionDataResolved = {};
  const guild = state.guilds.get(guildId);
  const visit = (option: APIApplicationCommandInteractionDataOption): void => {
    if (
      option.type === ApplicationCommandOptionType.Subcommand ||
      option.type === ApplicationCommandOptionType.SubcommandGroup
    ) {
      for (const child of option.options ?? []) visit(child);
      return;
    }
    const value = String(option.value);
    const user = state.users.get(value);
    const member = guild?.members.get(value);
    if (
      user &&
      (option.type === ApplicationCommandOptionType.User || option.type === ApplicationCommandOptionType.Mentionable)
    ) {
      resolved.users = { ...resolved.users, [value]: user };
      if (member) {
        const { user: _user, ...partial } = member;
        resolved.members = { ...resolved.members, [value]: { ...partial, permissions: '0' } };
      }
    }
    const channel = state.channels.get(value);
    if (channel && option.type === ApplicationCommandOptionType.Channel) {
      const permissions = state.permissions(channel, state.botUser.id).toString();
      const payload = state.channelPayload(channel);
      resolved.channels = {
        ...resolved.channels,
        [value]:
          payload.type === ChannelType.GuildText
            ? { id: payload.id, name: payload.name, type: payload.type, permissions }
            : {
                id: payload.id,
                name: payload.name,
                type: payload.type,
                permissions,
                parent_id: payload.parent_id,
                thread_metadata: payload.thread_metadata,
              },
      };
    }
    const role = guild?.roles.find((r) => r.id === value);
    if (
      role &&
      (option.type === ApplicationCommandOptionType.Role || option.type === ApplicationCommandOptionType.Mentionable)
    ) {
      resolved.roles = { ...resolved.roles, [value]: role };
    }
  };
  for (const option of options) visit(option);
  return Object.keys(resolved).length > 0 ? resolved : undefined;
}

export function buildChatInput(
  state: FakeState,
  name: string,
  options: OptionsInput = {},
  overrides?: InteractionOverrides,
): APIChatInputApplicationCommandGuildInteraction {
  const base = envelope(state, overrides);
  const [commandName = name, ...path] = name.split(' ');
  const command = findCommand(state, commandName, ApplicationCommandType.ChatInput, base.guild_id);
  const dataOptions = buildOptions(commandName, command?.options, path, options, commandLeaf);
  const resolved = resolvedFor(state, base.guild_id, dataOptions);
  return {
    ...base,
    type: InteractionType.ApplicationCommand,
    data: {
      id: command?.id ?? state.newId(),
      name: commandName,
      type: ApplicationCommandType.ChatInput,
      options: dataOptions,
      ...(resolved ? { resolved } : {}),
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    },
  };
}

export function buildAutocomplete(
  state: FakeState,
  name: string,
  options: OptionsInput<InteractionType.ApplicationCommandAutocomplete>,
  focusedName: string,
  overrides?: InteractionOverrides,
): APIApplicationCommandAutocompleteGuildInteraction {
  const base = envelope(state, overrides);
  const [commandName = name, ...path] = name.split(' ');
  const command = findCommand(state, commandName, ApplicationCommandType.ChatInput, base.guild_id);
  return {
    ...base,
    type: InteractionType.ApplicationCommandAutocomplete,
    data: {
      id: command?.id ?? state.newId(),
      name: commandName,
      type: ApplicationCommandType.ChatInput,
      options: buildOptions(commandName, command?.options, path, options, autocompleteLeaf(focusedName)),
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    },
  };
}

/** A bot message carrying `component`, stored so `update()` has something to edit. */
function messageWith(state: FakeState, channelId: string, component: APIComponentInMessageActionRow): APIMessage {
  const row: APIActionRowComponent<APIComponentInMessageActionRow> = {
    type: ComponentType.ActionRow,
    components: [component],
  };
  const id = state.newId();
  const message: APIMessage = {
    id,
    channel_id: channelId,
    author: state.botUser,
    content: '',
    timestamp: new Date(state.now()).toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: MessageType.Default,
    components: [row],
  };
  state.messages.set(id, message);
  return message;
}

/**
 * The message a component interaction carries: Discord sends the message as it is now (after any
 * edit), not as the test last saw it, so a stored message's current version wins.
 */
function adopt(state: FakeState, message: APIMessage): APIMessage {
  const current = state.messages.get(message.id);
  if (current) return current;
  state.messages.set(message.id, message);
  return message;
}

/** Discord's client sends no interaction for a disabled button; a test that clicks one has a bug. */
function refuseDisabled(message: APIMessage, customId: string): void {
  const clicked = (message.components ?? [])
    .flatMap((row) => (row.type === ComponentType.ActionRow ? row.components : []))
    .find((c) => c.type === ComponentType.Button && 'custom_id' in c && c.custom_id === customId);
  if (clicked && 'disabled' in clicked && clicked.disabled) {
    throw new Error(`fake discord: button ${customId} is disabled; Discord's client cannot click it`);
  }
}

export function buildButton(
  state: FakeState,
  customId: string,
  message?: APIMessage,
  overrides?: InteractionOverrides,
): FakeButtonInteraction {
  const base = envelope(state, { ...overrides, channelId: message?.channel_id ?? overrides?.channelId });
  const source =
    message === undefined
      ? messageWith(state, base.channel_id, {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          custom_id: customId,
          label: 'Button',
        })
      : adopt(state, message);
  refuseDisabled(source, customId);
  return {
    ...base,
    type: InteractionType.MessageComponent,
    message: source,
    data: { custom_id: customId, component_type: ComponentType.Button },
  };
}

export function buildSelect(
  state: FakeState,
  customId: string,
  values: readonly string[],
  message?: APIMessage,
  overrides?: InteractionOverrides,
): FakeSelectInteraction {
  const base = envelope(state, { ...overrides, channelId: message?.channel_id ?? overrides?.channelId });
  const source =
    message === undefined
      ? messageWith(state, base.channel_id, {
          type: ComponentType.StringSelect,
          custom_id: customId,
          options: values.map((value) => ({ label: value, value })),
          max_values: Math.max(1, values.length),
        })
      : adopt(state, message);
  return {
    ...base,
    type: InteractionType.MessageComponent,
    message: source,
    data: { custom_id: customId, component_type: ComponentType.StringSelect, values: [...values] },
  };
}

export function buildMessageContextMenu(
  state: FakeState,
  name: string,
  target: APIMessage,
  overrides?: InteractionOverrides,
): APIMessageApplicationCommandGuildInteraction {
  const base = envelope(state, { ...overrides, channelId: target.channel_id });
  adopt(state, target);
  const command = findCommand(state, name, ApplicationCommandType.Message, base.guild_id);
  return {
    ...base,
    type: InteractionType.ApplicationCommand,
    data: {
      id: command?.id ?? state.newId(),
      name,
      type: ApplicationCommandType.Message,
      target_id: target.id,
      resolved: { messages: { [target.id]: target } },
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    },
  };
}
