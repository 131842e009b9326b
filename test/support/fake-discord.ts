import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type APIApplicationCommand,
  type APIApplicationCommandAutocompleteGuildInteraction,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIEmbed,
  type APIGuildInteraction,
  type APIInteraction,
  type APIMessage,
  type APIMessageApplicationCommandGuildInteraction,
  type APIMessageTopLevelComponent,
  type APITextChannel,
  ApplicationFlags,
  ChannelType,
  GatewayDispatchEvents,
  type GatewayIdentifyData,
  InteractionType,
  MessageType,
  OverwriteType,
} from 'discord-api-types/v10';
import { createFailureInjector, type FailureInjection } from './fake-discord/failures.ts';
import {
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  FAKE_APPLICATION_ID,
  FAKE_BOT_TOKEN,
  FAKE_BOT_USER_ID,
  FAKE_GUILD_ID,
  FAKE_PAPERS_CHANNEL_ID,
  FAKE_USER_ID,
  makeDefaultGuild,
  makeTextChannel,
  makeUser,
  type StoredThread,
} from './fake-discord/fixture.ts';
import { FakeGateway, type GatewayConnection } from './fake-discord/gateway.ts';
import {
  discordError,
  InvalidJsonBodyError,
  isRecord,
  json,
  parseBody,
  type RecordedFile,
  type RecordedRequest,
  type Reply,
  readBody,
  writeReply,
} from './fake-discord/http.ts';
import {
  type HttpDelivery,
  InteractionSigner,
  postSigned,
  type SignedRequest,
  type Signing,
} from './fake-discord/http-delivery.ts';
import {
  buildAutocomplete,
  buildButton,
  buildChatInput,
  buildMessageContextMenu,
  buildSelect,
  type FakeButtonInteraction,
  type FakeSelectInteraction,
  type InteractionOverrides,
  type OptionsInput,
} from './fake-discord/interactions.ts';
import { createMessage } from './fake-discord/messages.ts';
import { mergeOverwrite } from './fake-discord/permissions.ts';
import { createRouteBuckets, type RouteBucketOptions } from './fake-discord/rate-limits.ts';
import { createRestRouter, type RestOptions } from './fake-discord/rest.ts';
import { FakeState } from './fake-discord/state.ts';

export type { FailureInjection } from './fake-discord/failures.ts';
export {
  ALL_PERMISSIONS,
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  FAKE_APPLICATION_ID,
  FAKE_BOT_ROLE_ID,
  FAKE_BOT_TOKEN,
  FAKE_BOT_USER_ID,
  FAKE_GUILD_ID,
  FAKE_OWNER_ID,
  FAKE_PAPERS_CHANNEL_ID,
  FAKE_USER_ID,
} from './fake-discord/fixture.ts';
export { type GatewayConnection, shardOf } from './fake-discord/gateway.ts';
export type { RecordedFile, RecordedRequest } from './fake-discord/http.ts';
export type { HttpDelivery, SignedRequest, Signing } from './fake-discord/http-delivery.ts';
export type {
  FakeButtonInteraction,
  FakeSelectInteraction,
  InteractionOverrides,
  NamedOptions,
  OptionsInput,
  OptionValue,
} from './fake-discord/interactions.ts';

export interface FakeDiscordOptions {
  /** Permissions of the bot's managed role. */
  readonly botPermissions?: bigint;
  readonly everyonePermissions?: bigint;
  /** Shard count `GET /gateway/bot` recommends (for `shards: 'auto'`); default 1. */
  readonly shards?: number;
  /**
   * `session_start_limit.max_concurrency`: identifies allowed per 5 s, one per bucket
   * (shard_id % max_concurrency); a faster one gets Invalid Session, as from Discord. Default
   * `shards`, so a single process never waits.
   */
  readonly maxConcurrency?: number;
  /**
   * More guilds like the default one (each with a #papers channel, the bot and the fixture users),
   * for tests spread over shards. Send into one with `chatInput(name, options, { channelId })`.
   */
  readonly extraGuilds?: readonly { readonly guildId: string; readonly channelId: string }[];
  /** Sent in Hello. Discord uses 41 250 ms; the first beat comes after a random share of it. */
  readonly heartbeatIntervalMs?: number;
  /** Time to the first interaction response; Discord allows 3 s. Lower it to test deferring. */
  readonly interactionDeadlineMs?: number;
  /** Interaction token lifetime; Discord's is 15 minutes. */
  readonly tokenLifetimeMs?: number;
  /**
   * How long `enforce_nonce` returns the earlier message for a reused nonce. Discord says "the past
   * few minutes" and no more; the fake's default, 2 minutes, is the low end, so code that must not
   * post twice after a longer outage cannot lean on it.
   */
  readonly nonceWindowMs?: number;
  /**
   * Per-channel rate limit on POST /channels/{id}/messages, with Discord's X-RateLimit-* headers on
   * each answer and a 429 beyond it (Discord: 5 per 5 s). Default none, so tests that post a lot
   * stay fast.
   */
  readonly messageBucket?: RouteBucketOptions;
  /** Answer Discord's 400 "Invalid Form Body" for bodies over Discord's limits (default true). */
  readonly validate?: boolean;
  /** Clock for timestamps, snowflakes, deadlines and `at` (a `Clock` or `FakeClock` fits). */
  readonly clock?: { now(): number };
}

export interface SeedMessage {
  readonly channelId?: string;
  readonly authorId?: string;
  readonly content?: string;
  readonly embeds?: readonly APIEmbed[];
  readonly components?: readonly APIMessageTopLevelComponent[];
}

export interface NewChannel {
  readonly name: string;
  readonly id?: string;
  readonly guildId?: string;
  readonly topic?: string;
}

export interface OverwriteChange {
  /** A role id (the guild id for @everyone) or a user id. */
  readonly id: string;
  readonly type: OverwriteType;
  readonly allow?: bigint;
  readonly deny?: bigint;
}

/** A reply kept back by `holdReply`. */
export interface HeldReply {
  /** Resolves with the request once the fake has acted on it (the message is stored) and holds its answer. */
  readonly reached: Promise<RecordedRequest>;
  /** Sends the answer (to a client that may be gone by then). */
  release(): void;
}

interface Hold {
  readonly predicate: (request: RecordedRequest) => boolean;
  readonly reach: (request: RecordedRequest) => void;
  readonly released: Promise<void>;
  readonly release: () => void;
  used: boolean;
}

interface Waiter {
  readonly predicate: (request: RecordedRequest) => boolean;
  readonly since: number;
  readonly resolve: (request: RecordedRequest) => void;
  readonly reject: (error: Error) => void;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    if (error instanceof URIError) return segment;
    throw error;
  }
}

const API_PREFIX = '/api/v10';

/**
 * A local Discord for integration tests: REST under `/api/v10` and a JSON gateway on one
 * 127.0.0.1 port. The real discord.js `Client` runs against it with `rest: { api: fake.apiUrl }`.
 * It records every REST request, enforces Discord's permissions, limits and interaction rules,
 * and can fail requests on demand. Create it with `startFakeDiscord`.
 */
const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

export class FakeDiscord {
  /** Pass as `rest.api` to discord.js, which appends `/v10`. */
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly requests: RecordedRequest[] = [];
  readonly #baseUrl: string;
  readonly #server: Server;
  readonly #state: FakeState;
  readonly #gateway: FakeGateway;
  readonly #route: (request: RecordedRequest) => Reply | undefined;
  readonly #failures: ReturnType<typeof createFailureInjector>;
  readonly #buckets: ReturnType<typeof createRouteBuckets> | undefined;
  readonly #waiters = new Set<Waiter>();
  readonly #holds: Hold[] = [];
  readonly #signer = new InteractionSigner();
  /** Interactions being delivered over HTTP, by token: their webhook exists once the answer is in. */
  readonly #delivering = new Map<string, Promise<unknown>>();
  readonly #deadlineMs: number;
  #endpoint: string | undefined;
  #closed = false;

  private constructor(
    server: Server,
    state: FakeState,
    options: RestOptions & { readonly heartbeatIntervalMs: number; readonly messageBucket?: RouteBucketOptions },
  ) {
    const { port } = server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    this.#baseUrl = baseUrl;
    this.apiUrl = `${baseUrl}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}`;
    this.#server = server;
    this.#state = state;
    this.#deadlineMs = options.interactionDeadlineMs;
    this.#failures = createFailureInjector(state.now);
    this.#buckets = options.messageBucket ? createRouteBuckets(options.messageBucket, state.now) : undefined;
    this.#gateway = new FakeGateway(server, {
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      maxConcurrency: options.maxConcurrency,
      now: state.now,
      newSessionId: () => `fake-session-${state.newId()}`,
      resumeUrl: () => this.gatewayUrl,
      ready: (identify, sessionId, inShard) => ({
        v: 10,
        user: state.botUser,
        guilds: [...state.guilds.keys()].filter(inShard).map((id) => ({ id, unavailable: true })),
        session_id: sessionId,
        resume_gateway_url: this.gatewayUrl,
        ...(identify.shard ? { shard: identify.shard } : {}),
        application: {
          id: state.applicationId,
          flags: ApplicationFlags.GatewayGuildMembersLimited,
          flags_new: String(ApplicationFlags.GatewayGuildMembersLimited),
        },
      }),
      guilds: (inShard) =>
        [...state.guilds.values()].filter((g) => inShard(g.id)).map((guild) => state.guildCreatePayload(guild)),
      members: (guildId) => [...(state.guilds.get(guildId)?.members.values() ?? [])],
    });
    this.#route = createRestRouter({
      state,
      dispatch: (event, data, guildId) => this.#gateway.dispatch(event, data, guildId),
      options,
      gatewayUrl: this.gatewayUrl,
      baseUrl,
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      this.#handle(request, response).catch((error: unknown) => {
        response.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
  }

  /** @internal Use `startFakeDiscord`. */
  static async listen(options: FakeDiscordOptions): Promise<FakeDiscord> {
    const clock = options.clock;
    const now = clock ? () => clock.now() : Date.now;
    const botUser = makeUser(FAKE_BOT_USER_ID, 'paperboy', true);
    const state = new FakeState(FAKE_APPLICATION_ID, botUser, now);
    const fixture = makeDefaultGuild({
      botPermissions: options.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
      everyonePermissions: options.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS,
      botUser,
      now: now(),
    });
    const fixtures = [
      fixture,
      ...(options.extraGuilds ?? []).map(({ guildId, channelId }) =>
        makeDefaultGuild({
          botPermissions: options.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
          everyonePermissions: options.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS,
          botUser,
          now: now(),
          // The bot's role id only has to differ from the guild's @everyone role.
          ids: { guild: guildId, channel: channelId, botRole: String(BigInt(guildId) + 1n) },
        }),
      ),
    ];
    for (const { guild, channels, users } of fixtures) {
      state.guilds.set(guild.id, guild);
      for (const channel of channels) state.channels.set(channel.id, channel);
      for (const user of users) state.users.set(user.id, user);
    }

    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new FakeDiscord(server, state, {
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      recommendedShards: options.shards ?? 1,
      maxConcurrency: options.maxConcurrency ?? options.shards ?? 1,
      interactionDeadlineMs: options.interactionDeadlineMs ?? 3_000,
      tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60_000,
      nonceWindowMs: options.nonceWindowMs ?? 2 * 60_000,
      validate: options.validate ?? true,
      ...(options.messageBucket ? { messageBucket: options.messageBucket } : {}),
    });
  }

  /** Identify payloads received, in order (intents, properties, shard). */
  get identifies(): readonly GatewayIdentifyData[] {
    return this.#gateway.identifies;
  }

  /** Identifies refused with Invalid Session for coming too soon after another in their bucket. */
  get identifiesTooSoon(): readonly GatewayIdentifyData[] {
    return this.#gateway.identifiesTooSoon;
  }

  get gatewayConnections(): readonly GatewayConnection[] {
    return this.#gateway.connections;
  }

  /**
   * Dispatches INTERACTION_CREATE to every connected client holding the guild's shard and starts the
   * 3 s response clock; `sessions` says how many gateway sessions got it.
   * @throws when no connected session holds the guild (log a client in and await clientReady first).
   */
  sendInteraction(payload: APIInteraction | APIGuildInteraction): { id: string; token: string; sessions: number } {
    this.#register(payload);
    const delivered = this.#gateway.dispatch(
      GatewayDispatchEvents.InteractionCreate,
      payload,
      payload.guild_id ?? null,
    );
    if (delivered === 0) {
      throw new Error('fake discord: no gateway session holds this guild; log a client in and await clientReady first');
    }
    return { id: payload.id, token: payload.token, sessions: delivered };
  }

  #register(payload: APIInteraction | APIGuildInteraction): void {
    const member = 'member' in payload ? payload.member : undefined;
    const userId = member?.user.id ?? ('user' in payload ? payload.user?.id : undefined) ?? FAKE_USER_ID;
    const commandType = payload.type === InteractionType.ApplicationCommand ? payload.data.type : null;
    const componentMessageId = payload.type === InteractionType.MessageComponent ? payload.message.id : null;
    this.#state.interactions.set(payload.id, {
      id: payload.id,
      token: payload.token,
      type: payload.type,
      commandType,
      guildId: payload.guild_id ?? null,
      channelId: payload.channel?.id ?? payload.channel_id ?? null,
      userId,
      receivedAt: this.#state.now(),
      componentMessageId,
      response: null,
      originalMessageId: null,
    });
  }

  /** The application's Public Key (hex), as the portal shows it: set it as DISCORD_PUBLIC_KEY. */
  get publicKey(): string {
    return this.#signer.publicKey;
  }

  /**
   * Sets the Interactions Endpoint URL the way the portal does, which first checks it: a signed
   * PING must get `{type: 1}` and a PING with a bad signature must get 401 (Discord, "Receiving
   * and Responding → Security and Authorization": it will not save a URL that does not validate
   * signatures, and later sends invalid ones on purpose).
   * @throws with the portal's message when either check fails (the URL is not saved).
   */
  async setInteractionsEndpoint(url: string): Promise<void> {
    const ping = (signing: Signing) =>
      postSigned(
        url,
        this.#signer.sign(
          JSON.stringify({
            id: this.#state.newId(),
            application_id: this.#state.applicationId,
            type: InteractionType.Ping,
            token: `ping-${this.#state.newId()}`,
            version: 1,
          }),
          signing,
          this.#state.now(),
        ),
        this.#deadlineMs,
      );
    const good = await ping('valid');
    const pong = isRecord(good.body) && good.body.type === 1 && good.status === 200;
    const bad = await ping('bad');
    if (!pong || bad.status !== 401) {
      throw new Error(
        `fake discord: The specified interactions endpoint url could not be verified (PING → ${good.status}, bad signature → ${bad.status})`,
      );
    }
    this.#endpoint = url;
  }

  /**
   * Delivers an interaction over HTTP as Discord does: signed, POSTed to the endpoint (default the
   * one set with setInteractionsEndpoint), answered within the deadline (3 s) or failed. A 200
   * answer is taken as the interaction's first response (a callback, recorded in `requests` with
   * `viaHttp`); its webhook exists only from then on.
   */
  async deliverInteraction(
    payload: APIInteraction | APIGuildInteraction,
    options: {
      readonly url?: string;
      readonly signing?: Signing;
      /** When the request claims to be signed (default now): an old one is a replay; a string goes as is. */
      readonly signedAt?: number | string;
    } = {},
  ): Promise<HttpDelivery> {
    const url = options.url ?? this.#endpoint;
    if (!url) throw new Error('fake discord: no interactions endpoint; call setInteractionsEndpoint first');
    this.#register(payload);
    const request = this.#signer.sign(
      JSON.stringify(payload),
      options.signing ?? 'valid',
      options.signedAt ?? this.#state.now(),
    );
    const delivery = this.#post(url, request, payload);
    this.#delivering.set(payload.token, delivery);
    try {
      return await delivery;
    } finally {
      this.#delivering.delete(payload.token);
    }
  }

  /** Sends a request again, byte for byte (a replay); an endpoint must refuse it with 401. */
  redeliver(request: SignedRequest, url: string): Promise<HttpDelivery> {
    const payload = JSON.parse(request.body) as APIInteraction;
    return this.#post(url, request, payload);
  }

  async #post(
    url: string,
    request: SignedRequest,
    payload: APIInteraction | APIGuildInteraction,
  ): Promise<HttpDelivery> {
    const delivery = await postSigned(url, request, this.#deadlineMs);
    if (delivery.status !== 200) return delivery;
    let parsed: { body: unknown; files: RecordedFile[] };
    try {
      parsed = parseBody(delivery.contentType ?? undefined, delivery.raw);
    } catch (error) {
      if (!(error instanceof InvalidJsonBodyError)) throw error;
      return { ...delivery, failure: 'the response is not JSON' };
    }
    const recorded: RecordedRequest = {
      method: 'POST',
      path: `/interactions/${payload.id}/${payload.token}/callback`,
      query: {},
      body: parsed.body,
      files: parsed.files,
      reason: null,
      at: this.#state.now(),
      status: 0,
      routed: true,
      injected: false,
      viaHttp: true,
    };
    this.requests.push(recorded);
    const reply = this.#routeSafely(recorded) ?? json(404, { message: 'Unknown route', code: 0 });
    recorded.status = reply.status;
    this.#notifyWaiters(recorded);
    if (reply.status >= 400) return { ...delivery, failure: `response refused: ${JSON.stringify(reply.body)}` };
    return delivery;
  }

  /**
   * A slash command. `name` may include a subcommand (`'digest subscribe'`); option types
   * come from the registered definition when the command was registered through REST.
   */
  chatInput(
    name: string,
    options?: OptionsInput,
    extra?: InteractionOverrides,
  ): APIChatInputApplicationCommandGuildInteraction {
    return buildChatInput(this.#state, name, options, extra);
  }

  autocomplete(
    name: string,
    options: OptionsInput<InteractionType.ApplicationCommandAutocomplete>,
    focusedName: string,
    extra?: InteractionOverrides,
  ): APIApplicationCommandAutocompleteGuildInteraction {
    return buildAutocomplete(this.#state, name, options, focusedName, extra);
  }

  /** Without `message`, the click lands on a new bot message in the channel that holds the button. */
  button(customId: string, message?: APIMessage, extra?: InteractionOverrides): FakeButtonInteraction {
    return buildButton(this.#state, customId, message, extra);
  }

  select(
    customId: string,
    values: readonly string[],
    message?: APIMessage,
    extra?: InteractionOverrides,
  ): FakeSelectInteraction {
    return buildSelect(this.#state, customId, values, message, extra);
  }

  messageContextMenu(
    name: string,
    targetMessage: APIMessage,
    extra?: InteractionOverrides,
  ): APIMessageApplicationCommandGuildInteraction {
    return buildMessageContextMenu(this.#state, name, targetMessage, extra);
  }

  /** Stores a message as if a user (default: the fixture user) had posted it; no gateway event. */
  seedMessage(init: SeedMessage = {}): APIMessage {
    const channelId = init.channelId ?? FAKE_PAPERS_CHANNEL_ID;
    const channel = this.#state.channels.get(channelId);
    const author = this.#state.ensureUser(init.authorId ?? FAKE_USER_ID, channel?.guildId ?? null);
    const message = createMessage(
      { content: init.content ?? '', embeds: init.embeds ?? [], components: init.components ?? [] },
      {
        id: this.#state.newId(),
        channelId,
        author,
        type: MessageType.Default,
        now: this.#state.now(),
        files: [],
        newId: this.#state.newId,
        cdnBase: this.#baseUrl,
      },
    );
    this.#state.messages.set(message.id, message);
    if (channel) channel.lastMessageId = message.id;
    return message;
  }

  message(id: string): APIMessage | undefined {
    return this.#state.messages.get(id);
  }

  /** Messages currently in a channel (ephemeral ones included), oldest first. */
  messagesIn(channelId: string): APIMessage[] {
    return [...this.#state.messages.values()]
      .filter((m) => m.channel_id === channelId)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  channel(id: string): APITextChannel | StoredThread | undefined {
    const channel = this.#state.liveChannel(id);
    return channel ? this.#state.channelPayload(channel) : undefined;
  }

  /** Registered commands: global without `guildId`. */
  commands(guildId?: string): readonly APIApplicationCommand[] {
    return this.#state.commands.get(guildId ?? '') ?? [];
  }

  /** Creates a text channel and announces it with CHANNEL_CREATE. */
  addChannel(init: NewChannel): string {
    const id = init.id ?? this.#state.newId();
    const position = [...this.#state.channels.values()].filter((c) => c.type === ChannelType.GuildText).length;
    const channel = makeTextChannel({
      id,
      guildId: init.guildId ?? FAKE_GUILD_ID,
      name: init.name,
      topic: init.topic ?? null,
      position,
      createdAt: this.#state.now(),
    });
    this.#state.channels.set(id, channel);
    this.#gateway.dispatch(GatewayDispatchEvents.ChannelCreate, this.#state.channelPayload(channel), channel.guildId);
    return id;
  }

  /**
   * Makes the channel's REST routes answer 404 Unknown Channel (10003). Clients keep it cached
   * unless `notifyGateway` sends CHANNEL_DELETE, which is how a stale channel id looks.
   */
  deleteChannel(id: string, options: { readonly notifyGateway?: boolean } = {}): void {
    const channel = this.#state.channels.get(id);
    this.#state.deletedChannels.add(id);
    if (channel && options.notifyGateway === true) {
      this.#gateway.dispatch(GatewayDispatchEvents.ChannelDelete, this.#state.channelPayload(channel), channel.guildId);
    }
  }

  /** Changes a channel overwrite and sends CHANNEL_UPDATE; await the client's `channelUpdate`. */
  setPermissionOverwrite(channelId: string, change: OverwriteChange): void {
    const channel = this.#state.channels.get(channelId);
    if (!channel) throw new Error(`fake discord: no channel ${channelId}`);
    mergeOverwrite(channel.overwrites, change);
    this.#gateway.dispatch(GatewayDispatchEvents.ChannelUpdate, this.#state.channelPayload(channel), channel.guildId);
  }

  /** Denies permission flags to the bot in a channel through a member overwrite. */
  denyBotPermissions(channelId: string, ...flags: bigint[]): void {
    const deny = flags.reduce((all, flag) => all | flag, 0n);
    this.setPermissionOverwrite(channelId, { id: this.#state.botUser.id, type: OverwriteType.Member, deny });
  }

  /** The bot's effective permissions in a channel, as the fake enforces them. */
  botPermissionsIn(channelId: string): bigint {
    const channel = this.#state.channels.get(channelId);
    if (!channel) throw new Error(`fake discord: no channel ${channelId}`);
    return this.#state.permissions(channel, this.#state.botUser.id);
  }

  /** Sends any dispatch (to the guild's shard when `guildId` is given); returns how many sessions got it. */
  dispatch(event: GatewayDispatchEvents, data: unknown, guildId?: string): number {
    return this.#gateway.dispatch(event, data, guildId ?? null);
  }

  /** Drops gateway connections (default close code 4000), so clients resume. */
  disconnectGateway(code?: number): void {
    this.#gateway.disconnect(code);
  }

  /** Callback requests for one interaction (`body.type` is the InteractionResponseType). */
  callbacks(interactionId: string): RecordedRequest[] {
    const prefix = `/interactions/${interactionId}/`;
    return this.requests.filter(
      (r) => r.method === 'POST' && r.path.startsWith(prefix) && r.path.endsWith('/callback'),
    );
  }

  /** PATCHes of messages through an interaction token (`@original` or follow-ups). */
  edits(token: string): RecordedRequest[] {
    const prefix = `/webhooks/${this.#state.applicationId}/${token}/messages/`;
    return this.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith(prefix));
  }

  followUps(token: string): RecordedRequest[] {
    const path = `/webhooks/${this.#state.applicationId}/${token}`;
    return this.requests.filter((r) => r.method === 'POST' && r.path === path);
  }

  /** POSTs to a channel's messages, failed attempts included (see `status`). */
  channelMessages(channelId: string): RecordedRequest[] {
    const path = `/channels/${channelId}/messages`;
    return this.requests.filter((r) => r.method === 'POST' && r.path === path);
  }

  /** Requests no route matched; a test that sees any is using an API the fake lacks. */
  unknownRoutes(): RecordedRequest[] {
    return this.requests.filter((r) => !r.routed);
  }

  /**
   * Resolves with the first answered request at index `since` or later that matches,
   * including ones already answered.
   * @throws after `timeoutMs`, listing the requests seen.
   */
  waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    timeoutMs = 5_000,
    since = 0,
  ): Promise<RecordedRequest> {
    const done = this.requests.slice(since).find((r) => r.status !== 0 && predicate(r));
    if (done) return Promise.resolve(done);
    return new Promise<RecordedRequest>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const seen = this.requests.slice(since).map((r) => `${r.method} ${r.path} → ${r.status}`);
        reject(
          new Error(
            `fake discord: no matching request within ${timeoutMs} ms; saw:\n  ${seen.join('\n  ') || '(none)'}`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        predicate,
        since,
        resolve: (request) => {
          clearTimeout(timer);
          resolve(request);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  /**
   * Keeps back the answer to the next matching request after acting on it, until `release()`: the
   * moment between Discord accepting a message and the client hearing so (to kill a client there).
   */
  holdReply(predicate: (request: RecordedRequest) => boolean): HeldReply {
    let reach: (request: RecordedRequest) => void = () => undefined;
    let release: () => void = () => undefined;
    const reached = new Promise<RecordedRequest>((resolve) => {
      reach = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#holds.push({ predicate, reach, released, release, used: false });
    return { reached, release };
  }

  /** Makes the next matching request(s) fail with Discord's error shape and headers. */
  failNext(rule: FailureInjection): void {
    this.#failures.add(rule);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const waiter of this.#waiters) waiter.reject(new Error('fake discord: closed while waiting for a request'));
    this.#waiters.clear();
    for (const hold of this.#holds) hold.release();
    await this.#gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) => {
      this.#server.close((error) => (error ? reject(error) : resolve()));
    });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.apiUrl);
    const raw = await readBody(request);
    // Discord takes an HTTP interaction's inline answer before its webhook serves edits and follow-ups.
    const webhookToken = /^\/api\/v10\/webhooks\/\d+\/([^/]+)/.exec(url.pathname)?.[1];
    const delivering = webhookToken === undefined ? undefined : this.#delivering.get(webhookToken);
    if (delivering) await delivering;
    let body: unknown = null;
    let files: RecordedFile[] = [];
    let badJson = false;
    try {
      ({ body, files } = parseBody(request.headers['content-type'], raw));
    } catch (error) {
      if (!(error instanceof InvalidJsonBodyError)) throw error;
      badJson = true;
    }
    const rawPath = url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const reason = request.headers['x-audit-log-reason'];
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      // discord.js may send `@original` as `%40original`; decode each segment so both match.
      path: rawPath.split('/').map(decodeSegment).join('/'),
      query: Object.fromEntries(url.searchParams),
      body,
      files,
      reason: typeof reason === 'string' ? decodeSegment(reason) : null,
      at: this.#state.now(),
      status: 0,
      routed: true,
      injected: false,
    };
    this.requests.push(recorded);

    let reply: Reply | undefined;
    if (badJson) reply = discordError(400, 50109, 'The request body contains invalid JSON.');
    // Discord: bot routes need `Authorization: Bot <token>`; interaction callbacks and webhooks
    // carry their token in the path instead.
    const tokenInPath = /^\/(?:interactions|webhooks)\//.test(recorded.path);
    if (!tokenInPath && request.headers.authorization !== `Bot ${FAKE_BOT_TOKEN}`) {
      reply ??= json(401, { message: '401: Unauthorized', code: 0 });
    }
    reply ??= this.#failures.take(recorded);
    if (reply) recorded.injected = !badJson;
    const bucket = reply ? undefined : this.#buckets?.take(recorded);
    if (bucket && 'refused' in bucket) reply = bucket.refused;
    // Discord: 10 MiB per file for a server without boosts; larger answers 413, code 40005.
    if (!reply && files.some((file) => file.size > ATTACHMENT_MAX_BYTES)) {
      reply = discordError(413, 40005, 'Request entity too large');
    }
    if (!reply && url.pathname.startsWith(`${API_PREFIX}/`)) reply = this.#routeSafely(recorded);
    if (reply && bucket && 'headers' in bucket) reply = { ...reply, headers: { ...reply.headers, ...bucket.headers } };
    if (!reply) {
      recorded.routed = false;
      reply = json(404, { message: 'Unknown route', code: 0 });
    }
    recorded.status = reply.status;
    const hold = this.#holds.find((h) => !h.used && h.predicate(recorded));
    if (hold) {
      hold.used = true;
      hold.reach(recorded);
      await hold.released;
    }
    writeReply(response, reply);
    this.#notifyWaiters(recorded);
  }

  #notifyWaiters(recorded: RecordedRequest): void {
    for (const waiter of this.#waiters) {
      if (this.requests.indexOf(recorded) >= waiter.since && waiter.predicate(recorded)) {
        this.#waiters.delete(waiter);
        waiter.resolve(recorded);
      }
    }
  }

  #routeSafely(request: RecordedRequest): Reply | undefined {
    try {
      return this.#route(request);
    } catch (error) {
      // A bug in the fake or in a test's setup. A 500 shows up in `requests` and in discord.js's
      // HTTPError; a reset socket would be retried silently.
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      return json(500, { code: 0, message: `fake discord crashed: ${detail}` });
    }
  }
}

/** Starts a fake Discord on 127.0.0.1 (port 0); close it with `onTestFinished(() => fake.close())`. */
export function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return FakeDiscord.listen(options);
}
