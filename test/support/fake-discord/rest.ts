import {
  type APIApplication,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
  type APIMessage,
  type APIMessageInteractionMetadata,
  ApplicationCommandType,
  ApplicationFlags,
  ApplicationIntegrationType,
  ChannelType,
  GatewayDispatchEvents,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type RESTPostAPIInteractionCallbackWithResponseResult,
} from 'discord-api-types/v10';
import { makeTextChannel, type StoredChannel } from './fixture.ts';
import { pageOf, parseMessagesQuery } from './history.ts';
import { discordError, isRecord, json, noContent, type RecordedRequest, type Reply } from './http.ts';
import { createMessage, editMessage, isEmptyMessage } from './messages.ts';
import { hasPermission } from './permissions.ts';
import type { Dispatch, FakeState, InteractionRecord } from './state.ts';
import {
  type FormError,
  toErrorTree,
  validateAutocompleteChoices,
  validateCommands,
  validateMessageBody,
} from './validate.ts';

export interface RestOptions {
  readonly recommendedShards: number;
  readonly maxConcurrency: number;
  readonly validate: boolean;
  readonly interactionDeadlineMs: number;
  readonly tokenLifetimeMs: number;
  readonly nonceWindowMs: number;
}

export interface RestDeps {
  readonly state: FakeState;
  readonly dispatch: Dispatch;
  readonly options: RestOptions;
  readonly gatewayUrl: string;
  readonly baseUrl: string;
}

interface RouteContext {
  readonly request: RecordedRequest;
  readonly params: Readonly<Record<string, string>>;
  /** The JSON body when it is an object, else `{}`; the raw body is on `request.body`. */
  readonly body: Record<string, unknown>;
}

type Handler = (context: RouteContext) => Reply;

interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly handler: Handler;
}

// Discord's JSON error codes (docs: "Opcodes and Status Codes → JSON Error Codes").
const UNKNOWN_APPLICATION = () => discordError(404, 10002, 'Unknown Application');
const UNKNOWN_CHANNEL = () => discordError(404, 10003, 'Unknown Channel');
const UNKNOWN_GUILD = () => discordError(404, 10004, 'Unknown Guild');
const UNKNOWN_MEMBER = () => discordError(404, 10007, 'Unknown Member');
const UNKNOWN_MESSAGE = () => discordError(404, 10008, 'Unknown Message');
const UNKNOWN_WEBHOOK = () => discordError(404, 10015, 'Unknown Webhook');
const UNKNOWN_INTERACTION = () => discordError(404, 10062, 'Unknown interaction');
const MISSING_ACCESS = () => discordError(403, 50001, 'Missing Access');
const NOT_AUTHOR = () => discordError(403, 50005, 'Cannot edit a message authored by another user');
const EMPTY_MESSAGE = () => discordError(400, 50006, 'Cannot send an empty message');
const MISSING_PERMISSIONS = () => discordError(403, 50013, 'Missing Permissions');
const WRONG_CHANNEL_TYPE = () => discordError(400, 50024, 'Cannot execute action on this channel type');
const INVALID_WEBHOOK_TOKEN = () => discordError(401, 50027, 'Invalid Webhook Token');
const ALREADY_ACKNOWLEDGED = () => discordError(400, 40060, 'Interaction has already been acknowledged.');
const THREAD_EXISTS = () => discordError(400, 160004, 'A thread has already been created for this message');
const invalidForm = (errors: readonly FormError[]) =>
  discordError(400, 50035, 'Invalid Form Body', toErrorTree(errors));

const CALLBACKS_ALLOWED: Readonly<Record<InteractionType, readonly InteractionResponseType[]>> = {
  [InteractionType.Ping]: [InteractionResponseType.Pong],
  [InteractionType.ApplicationCommand]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
  ],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

function isOptionList(value: unknown): value is APIApplicationCommandOption[] {
  return (
    Array.isArray(value) && value.every((o) => isRecord(o) && typeof o.name === 'string' && typeof o.type === 'number')
  );
}

function isCommandType(value: unknown): value is ApplicationCommandType {
  return (
    value === ApplicationCommandType.ChatInput ||
    value === ApplicationCommandType.User ||
    value === ApplicationCommandType.Message
  );
}

/** The REST half of the fake: returns undefined for routes it does not know. */
export function createRestRouter(deps: RestDeps): (request: RecordedRequest) => Reply | undefined {
  const { state, dispatch, options } = deps;
  const routes: Route[] = [];
  const on = (method: string, pattern: string, handler: Handler): void => {
    routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
  };

  const formErrors = (errors: FormError[]): Reply | undefined =>
    options.validate && errors.length > 0 ? invalidForm(errors) : undefined;

  const application = (): APIApplication => ({
    id: state.applicationId,
    name: state.botUser.username,
    icon: null,
    description: 'Research papers in chat',
    bot_public: true,
    bot_require_code_grant: false,
    bot: state.botUser,
    summary: '',
    verify_key: '0'.repeat(64),
    team: null,
    flags: ApplicationFlags.GatewayGuildMembersLimited,
    flags_new: String(ApplicationFlags.GatewayGuildMembersLimited),
    approximate_guild_count: state.guilds.size,
    integration_types_config: { [ApplicationIntegrationType.GuildInstall]: {} },
  });

  on('GET', '/gateway', () => json(200, { url: deps.gatewayUrl }));
  on('GET', '/gateway/bot', () =>
    json(200, {
      url: deps.gatewayUrl,
      shards: options.recommendedShards,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: options.maxConcurrency },
    }),
  );
  on('GET', '/users/@me', () => json(200, state.botUser));
  on('GET', '/applications/@me', () => json(200, application()));
  on('GET', '/oauth2/applications/@me', () => json(200, application()));

  const commandScope = (params: Readonly<Record<string, string>>): string | Reply => {
    if (params.app !== state.applicationId) return UNKNOWN_APPLICATION();
    const guildId = params.guild ?? '';
    if (guildId !== '' && !state.guilds.has(guildId)) return UNKNOWN_GUILD();
    return guildId;
  };
  const storeCommand = (guildId: string, definition: Record<string, unknown>): APIApplicationCommand => {
    const type = isCommandType(definition.type) ? definition.type : ApplicationCommandType.ChatInput;
    const name = String(definition.name);
    const existing = (state.commands.get(guildId) ?? []).find((c) => c.name === name && c.type === type);
    return {
      id: existing?.id ?? state.newId(),
      application_id: state.applicationId,
      version: state.newId(),
      type,
      name,
      name_localizations: null,
      description: typeof definition.description === 'string' ? definition.description : '',
      description_localizations: null,
      ...(isOptionList(definition.options) ? { options: definition.options } : {}),
      default_member_permissions:
        typeof definition.default_member_permissions === 'string' ? definition.default_member_permissions : null,
      nsfw: definition.nsfw === true,
      integration_types: Array.isArray(definition.integration_types)
        ? definition.integration_types.filter((t): t is ApplicationIntegrationType => t === 0 || t === 1)
        : [ApplicationIntegrationType.GuildInstall],
      contexts: null,
      ...(guildId === '' ? {} : { guild_id: guildId }),
    };
  };
  const listCommands: Handler = ({ params }) => {
    const scope = commandScope(params);
    return typeof scope === 'string' ? json(200, state.commands.get(scope) ?? []) : scope;
  };
  const putCommands: Handler = ({ params, request }) => {
    const scope = commandScope(params);
    if (typeof scope !== 'string') return scope;
    const invalid = formErrors(validateCommands(request.body));
    if (invalid) return invalid;
    const definitions = Array.isArray(request.body) ? request.body.filter(isRecord) : [];
    const stored = definitions.map((d) => storeCommand(scope, d));
    state.commands.set(scope, stored);
    return json(200, stored);
  };
  const postCommand: Handler = ({ params, body }) => {
    const scope = commandScope(params);
    if (typeof scope !== 'string') return scope;
    const invalid = formErrors(validateCommands([body]));
    if (invalid) return invalid;
    const command = storeCommand(scope, body);
    const others = (state.commands.get(scope) ?? []).filter((c) => c.id !== command.id);
    state.commands.set(scope, [...others, command]);
    return json(201, command);
  };
  on('GET', '/applications/:app/commands', listCommands);
  on('PUT', '/applications/:app/commands', putCommands);
  on('POST', '/applications/:app/commands', postCommand);
  on('GET', '/applications/:app/guilds/:guild/commands', listCommands);
  on('PUT', '/applications/:app/guilds/:guild/commands', putCommands);
  on('POST', '/applications/:app/guilds/:guild/commands', postCommand);

  const interactionMessageType = (record: InteractionRecord): MessageType => {
    if (record.commandType === ApplicationCommandType.ChatInput) return MessageType.ChatInputCommand;
    if (record.commandType !== null) return MessageType.ContextMenuCommand;
    return MessageType.Default;
  };
  const metadata = (record: InteractionRecord): APIMessageInteractionMetadata =>
    record.type === InteractionType.MessageComponent
      ? {
          id: record.id,
          type: InteractionType.MessageComponent,
          user: state.ensureUser(record.userId, record.guildId),
          authorizing_integration_owners:
            record.guildId === null ? {} : { [ApplicationIntegrationType.GuildInstall]: record.guildId },
          interacted_message_id: record.componentMessageId ?? record.id,
        }
      : {
          id: record.id,
          type: InteractionType.ApplicationCommand,
          user: state.ensureUser(record.userId, record.guildId),
          authorizing_integration_owners:
            record.guildId === null ? {} : { [ApplicationIntegrationType.GuildInstall]: record.guildId },
        };
  const interactionMessage = (
    record: InteractionRecord,
    body: Record<string, unknown>,
    request: RecordedRequest,
    extraFlags: number,
  ): APIMessage => {
    const message = createMessage(body, {
      id: state.newId(),
      channelId: record.channelId ?? '0',
      author: state.botUser,
      type: interactionMessageType(record),
      now: state.now(),
      files: request.files,
      newId: state.newId,
      cdnBase: deps.baseUrl,
      extraFlags,
      interaction: { applicationId: state.applicationId, metadata: metadata(record) },
    });
    state.messages.set(message.id, message);
    const channel = record.channelId === null ? undefined : state.channels.get(record.channelId);
    if (channel && ((message.flags ?? 0) & MessageFlags.Ephemeral) === 0) channel.lastMessageId = message.id;
    return message;
  };

  on('POST', '/interactions/:id/:token/callback', ({ params, body, request }) => {
    const record = state.interactions.get(params.id ?? '');
    if (!record || record.token !== params.token) return UNKNOWN_INTERACTION();
    if (record.response !== null) return ALREADY_ACKNOWLEDGED();
    // Discord: the first response must arrive within 3 s, after which the interaction is gone.
    if (state.now() - record.receivedAt > options.interactionDeadlineMs) return UNKNOWN_INTERACTION();
    const type = body.type;
    const allowed = CALLBACKS_ALLOWED[record.type];
    const callbackType = allowed.find((t) => t === type);
    if (callbackType === undefined) {
      return invalidForm([
        {
          path: ['type'],
          code: 'INTERACTION_RESPONSE_TYPE_INVALID',
          message: `Response type ${String(type)} is not valid for interaction type ${record.type}`,
        },
      ]);
    }
    const data = isRecord(body.data) ? body.data : {};
    const ephemeral = typeof data.flags === 'number' ? data.flags & MessageFlags.Ephemeral : 0;
    let message: APIMessage | undefined;
    switch (callbackType) {
      case InteractionResponseType.ChannelMessageWithSource: {
        const invalid = formErrors(validateMessageBody(data));
        if (invalid) return invalid;
        if (isEmptyMessage(data, request.files)) return EMPTY_MESSAGE();
        message = interactionMessage(record, data, request, 0);
        record.originalMessageId = message.id;
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource:
        message = interactionMessage(record, {}, request, MessageFlags.Loading | ephemeral);
        record.originalMessageId = message.id;
        break;
      case InteractionResponseType.DeferredMessageUpdate:
        record.originalMessageId = record.componentMessageId;
        message = record.componentMessageId === null ? undefined : state.messages.get(record.componentMessageId);
        break;
      case InteractionResponseType.UpdateMessage: {
        const invalid = formErrors(validateMessageBody(data));
        if (invalid) return invalid;
        const current = record.componentMessageId === null ? undefined : state.messages.get(record.componentMessageId);
        if (!current) return UNKNOWN_MESSAGE();
        message = editMessage(current, data, {
          now: state.now(),
          files: request.files,
          newId: state.newId,
          cdnBase: deps.baseUrl,
        });
        state.messages.set(message.id, message);
        record.originalMessageId = message.id;
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult: {
        const invalid = formErrors(validateAutocompleteChoices(data));
        if (invalid) return invalid;
        break;
      }
      default:
        break;
    }
    record.response = callbackType;
    if (request.query.with_response !== 'true') return noContent();
    const result: RESTPostAPIInteractionCallbackWithResponseResult = {
      interaction: {
        id: record.id,
        type: record.type,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: ((message.flags ?? 0) & MessageFlags.Loading) !== 0,
              response_message_ephemeral: ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
            }
          : {}),
      },
      resource: { type: callbackType, ...(message ? { message } : {}) },
    };
    return json(200, result);
  });

  const webhookInteraction = (params: Readonly<Record<string, string>>): InteractionRecord | Reply => {
    const record = params.app === state.applicationId ? state.interactionByToken(params.token ?? '') : undefined;
    if (!record) return UNKNOWN_WEBHOOK();
    // Discord: interaction tokens stay valid for 15 minutes.
    if (state.now() - record.receivedAt > options.tokenLifetimeMs) return INVALID_WEBHOOK_TOKEN();
    return record;
  };
  const webhookMessage = (record: InteractionRecord, messageId: string): APIMessage | undefined => {
    const id = messageId === '@original' ? record.originalMessageId : messageId;
    const message = id === null ? undefined : state.messages.get(id);
    if (!message) return undefined;
    const ours = id === record.originalMessageId || message.interaction_metadata?.id === record.id;
    return ours ? message : undefined;
  };

  on('POST', '/webhooks/:app/:token', ({ params, body, request }) => {
    const record = webhookInteraction(params);
    if (!('token' in record)) return record;
    // Follow-ups need an acknowledged interaction; before that the webhook does not exist.
    if (record.response === null) return UNKNOWN_WEBHOOK();
    const invalid = formErrors(validateMessageBody(body));
    if (invalid) return invalid;
    if (isEmptyMessage(body, request.files)) return EMPTY_MESSAGE();
    // Discord (Create Followup Message): the first follow-up after a type-5 deferral edits the
    // deferred response, which is still loading, and ignores the ephemeral flag: a public deferral
    // stays public, a private one private.
    const original = record.originalMessageId === null ? undefined : state.messages.get(record.originalMessageId);
    if (
      record.response === InteractionResponseType.DeferredChannelMessageWithSource &&
      original &&
      ((original.flags ?? 0) & MessageFlags.Loading) !== 0
    ) {
      const edited = editMessage(original, body, {
        now: state.now(),
        files: request.files,
        newId: state.newId,
        cdnBase: deps.baseUrl,
      });
      state.messages.set(edited.id, edited);
      return json(200, edited);
    }
    return json(200, interactionMessage(record, body, request, 0));
  });
  on('GET', '/webhooks/:app/:token/messages/:message', ({ params }) => {
    const record = webhookInteraction(params);
    if (!('token' in record)) return record;
    const message = webhookMessage(record, params.message ?? '');
    return message ? json(200, message) : UNKNOWN_MESSAGE();
  });
  on('PATCH', '/webhooks/:app/:token/messages/:message', ({ params, body, request }) => {
    const record = webhookInteraction(params);
    if (!('token' in record)) return record;
    const message = webhookMessage(record, params.message ?? '');
    if (!message) return UNKNOWN_MESSAGE();
    const invalid = formErrors(validateMessageBody(body));
    if (invalid) return invalid;
    const edited = editMessage(message, body, {
      now: state.now(),
      files: request.files,
      newId: state.newId,
      cdnBase: deps.baseUrl,
    });
    state.messages.set(edited.id, edited);
    return json(200, edited);
  });
  on('DELETE', '/webhooks/:app/:token/messages/:message', ({ params }) => {
    const record = webhookInteraction(params);
    if (!('token' in record)) return record;
    const message = webhookMessage(record, params.message ?? '');
    if (!message) return UNKNOWN_MESSAGE();
    state.messages.delete(message.id);
    return noContent();
  });

  const isThread = (channel: StoredChannel): boolean => channel.type !== ChannelType.GuildText;
  const botPermissions = (channel: StoredChannel): bigint => state.permissions(channel, state.botUser.id);
  const channelMessage = (channel: StoredChannel, messageId: string | undefined): APIMessage | undefined => {
    const message = messageId === undefined ? undefined : state.messages.get(messageId);
    return message?.channel_id === channel.id ? message : undefined;
  };
  // Discord checks that the channel exists, then that the bot can see it, before anything else.
  const withChannel =
    (handler: (channel: StoredChannel, context: RouteContext) => Reply): Handler =>
    (context) => {
      const channel = state.liveChannel(context.params.channel ?? '');
      if (!channel) return UNKNOWN_CHANNEL();
      if (!hasPermission(botPermissions(channel), PermissionFlagsBits.ViewChannel)) return MISSING_ACCESS();
      return handler(channel, context);
    };

  on(
    'GET',
    '/channels/:channel',
    withChannel((channel) => json(200, state.channelPayload(channel))),
  );
  on(
    'POST',
    '/channels/:channel/typing',
    withChannel(() => noContent()),
  );
  on(
    'GET',
    '/channels/:channel/messages',
    withChannel((channel, { request }) => {
      const query = parseMessagesQuery(request.query);
      if ('errors' in query) return invalidForm(query.errors);
      // Discord: without Read Message History the list is empty, not an error.
      if (!hasPermission(botPermissions(channel), PermissionFlagsBits.ReadMessageHistory)) return json(200, []);
      const oldestFirst = [...state.messages.values()]
        .filter((m) => m.channel_id === channel.id && ((m.flags ?? 0) & MessageFlags.Ephemeral) === 0)
        .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      // Discord answers newest first whichever anchor is given.
      return json(200, pageOf(oldestFirst, query).reverse());
    }),
  );
  on(
    'POST',
    '/channels/:channel/messages',
    withChannel((channel, { body, request }) => {
      const permissions = botPermissions(channel);
      const send = isThread(channel) ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
      if (!hasPermission(permissions, send)) return MISSING_PERMISSIONS();
      if (request.files.length > 0 && !hasPermission(permissions, PermissionFlagsBits.AttachFiles))
        return MISSING_PERMISSIONS();
      const invalid = formErrors(validateMessageBody(body));
      if (invalid) return invalid;
      if (isEmptyMessage(body, request.files)) return EMPTY_MESSAGE();
      // Discord: with enforce_nonce, a nonce this author used in the past few minutes returns
      // that message instead of creating another.
      const nonce = typeof body.nonce === 'string' || typeof body.nonce === 'number' ? body.nonce : undefined;
      if (nonce !== undefined && body.enforce_nonce === true) {
        const earlier = state.messageByNonce(state.botUser.id, String(nonce), options.nonceWindowMs);
        if (earlier) return json(200, { ...earlier, nonce });
      }
      const reference = isRecord(body.message_reference) ? body.message_reference : undefined;
      const message = createMessage(body, {
        id: state.newId(),
        channelId: channel.id,
        author: state.botUser,
        type: reference ? MessageType.Reply : MessageType.Default,
        now: state.now(),
        files: request.files,
        newId: state.newId,
        cdnBase: deps.baseUrl,
        embedsAllowed: hasPermission(permissions, PermissionFlagsBits.EmbedLinks),
      });
      if (reference && typeof reference.message_id === 'string') {
        message.message_reference = {
          message_id: reference.message_id,
          channel_id: channel.id,
          guild_id: channel.guildId,
        };
      }
      state.messages.set(message.id, message);
      channel.lastMessageId = message.id;
      channel.messageCount += 1;
      // Discord keeps the nonce out of the stored message: it is only in this answer (and the
      // gateway's MESSAGE_CREATE), never in a later GET.
      if (nonce === undefined) return json(200, message);
      state.rememberNonce(state.botUser.id, String(nonce), message.id);
      return json(200, { ...message, nonce });
    }),
  );
  on(
    'GET',
    '/channels/:channel/messages/:message',
    withChannel((channel, { params }) => {
      const message = channelMessage(channel, params.message);
      return message ? json(200, message) : UNKNOWN_MESSAGE();
    }),
  );
  on(
    'PATCH',
    '/channels/:channel/messages/:message',
    withChannel((channel, { params, body, request }) => {
      const message = channelMessage(channel, params.message);
      if (!message) return UNKNOWN_MESSAGE();
      if (message.author.id !== state.botUser.id) return NOT_AUTHOR();
      const invalid = formErrors(validateMessageBody(body));
      if (invalid) return invalid;
      const edited = editMessage(message, body, {
        now: state.now(),
        files: request.files,
        newId: state.newId,
        cdnBase: deps.baseUrl,
        embedsAllowed: hasPermission(botPermissions(channel), PermissionFlagsBits.EmbedLinks),
      });
      state.messages.set(edited.id, edited);
      return json(200, edited);
    }),
  );
  on(
    'DELETE',
    '/channels/:channel/messages/:message',
    withChannel((channel, { params }) => {
      const message = channelMessage(channel, params.message);
      if (!message) return UNKNOWN_MESSAGE();
      const own = message.author.id === state.botUser.id;
      if (!own && !hasPermission(botPermissions(channel), PermissionFlagsBits.ManageMessages))
        return MISSING_PERMISSIONS();
      state.messages.delete(message.id);
      return noContent();
    }),
  );

  const createThread = (
    parent: StoredChannel,
    body: Record<string, unknown>,
    id: string,
    type: ChannelType.PublicThread | ChannelType.PrivateThread,
  ): Reply => {
    if (isThread(parent)) return WRONG_CHANNEL_TYPE();
    const needed =
      type === ChannelType.PublicThread
        ? PermissionFlagsBits.CreatePublicThreads
        : PermissionFlagsBits.CreatePrivateThreads;
    if (!hasPermission(botPermissions(parent), needed)) return MISSING_PERMISSIONS();
    const name = typeof body.name === 'string' ? body.name : '';
    // Discord: thread names are 1–100 characters.
    if (name.length === 0 || name.length > 100) {
      return invalidForm([
        { path: ['name'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' },
      ]);
    }
    const duration = body.auto_archive_duration;
    const thread: StoredChannel = {
      ...makeTextChannel({ id, guildId: parent.guildId, name, createdAt: state.now() }),
      type,
      parentId: parent.id,
      ownerId: state.botUser.id,
      autoArchiveDuration:
        duration === 60 || duration === 1440 || duration === 4320 || duration === 10080
          ? duration
          : parent.autoArchiveDuration,
    };
    state.channels.set(thread.id, thread);
    const payload = state.channelPayload(thread);
    dispatch(GatewayDispatchEvents.ThreadCreate, { ...payload, newly_created: true }, parent.guildId);
    return json(201, payload);
  };
  on(
    'POST',
    '/channels/:channel/messages/:message/threads',
    withChannel((channel, { params, body }) => {
      const message = channelMessage(channel, params.message);
      if (!message) return UNKNOWN_MESSAGE();
      if (message.thread) return THREAD_EXISTS();
      // Discord: a thread started from a message takes the message's id.
      const reply = createThread(channel, body, message.id, ChannelType.PublicThread);
      if (reply.status === 201) {
        const thread = state.channels.get(message.id);
        if (thread) {
          state.messages.set(message.id, {
            ...message,
            flags: (message.flags ?? 0) | MessageFlags.HasThread,
            thread: state.channelPayload(thread),
          });
        }
      }
      return reply;
    }),
  );
  on(
    'POST',
    '/channels/:channel/threads',
    withChannel((channel, { body }) =>
      createThread(
        channel,
        body,
        state.newId(),
        // Discord (Start Thread without Message): `type` defaults to a private thread in API v9 and v10.
        body.type === ChannelType.PublicThread ? ChannelType.PublicThread : ChannelType.PrivateThread,
      ),
    ),
  );

  const withGuild =
    (handler: (guildId: string, context: RouteContext) => Reply): Handler =>
    (context) => {
      const guildId = context.params.guild ?? '';
      return state.guilds.has(guildId) ? handler(guildId, context) : UNKNOWN_GUILD();
    };
  on(
    'GET',
    '/guilds/:guild',
    withGuild((guildId) => {
      const guild = state.guilds.get(guildId);
      if (!guild) return UNKNOWN_GUILD();
      const { members: _members, channels: _channels, threads: _threads, ...rest } = state.guildCreatePayload(guild);
      return json(200, rest);
    }),
  );
  on(
    'GET',
    '/guilds/:guild/channels',
    withGuild((guildId) =>
      json(
        200,
        [...state.channels.values()]
          .filter((c) => c.guildId === guildId && !isThread(c) && !state.deletedChannels.has(c.id))
          .map((c) => state.channelPayload(c)),
      ),
    ),
  );
  on(
    'GET',
    '/guilds/:guild/roles',
    withGuild((guildId) => json(200, state.guilds.get(guildId)?.roles ?? [])),
  );
  on(
    'GET',
    '/guilds/:guild/members/:user',
    withGuild((guildId, { params }) => {
      const member = state.guilds.get(guildId)?.members.get(params.user ?? '');
      return member ? json(200, member) : UNKNOWN_MEMBER();
    }),
  );

  return (request) => {
    const segments = request.path.split('/').filter(Boolean);
    for (const route of routes) {
      if (route.method !== request.method || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const matches = route.segments.every((part, i) => {
        const actual = segments[i] ?? '';
        if (part.startsWith(':')) {
          params[part.slice(1)] = actual;
          return true;
        }
        return part === actual;
      });
      if (matches) return route.handler({ request, params, body: isRecord(request.body) ? request.body : {} });
    }
    return undefined;
  };
}
