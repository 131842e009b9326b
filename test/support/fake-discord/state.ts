import {
  type APIApplicationCommand,
  type APIMessage,
  type APITextChannel,
  type APIUser,
  type ApplicationCommandType,
  ChannelType,
  type GatewayDispatchEvents,
  type GatewayGuildCreateDispatchData,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  type GuildSystemChannelFlags,
  GuildVerificationLevel,
  type InteractionResponseType,
  type InteractionType,
  Locale,
  type ThreadMemberFlags,
} from 'discord-api-types/v10';
import {
  createSnowflakeGenerator,
  makeMember,
  makeUser,
  type StoredChannel,
  type StoredGuild,
  type StoredThread,
} from './fixture.ts';
import { computeChannelPermissions } from './permissions.ts';

/** What the fake remembers about an interaction it dispatched. */
export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly type: InteractionType;
  readonly commandType: ApplicationCommandType | null;
  readonly guildId: string | null;
  readonly channelId: string | null;
  readonly userId: string;
  readonly receivedAt: number;
  /** The message a component was clicked on; `@original` for the component's callbacks. */
  readonly componentMessageId: string | null;
  response: InteractionResponseType | null;
  originalMessageId: string | null;
}

export type Dispatch = (event: GatewayDispatchEvents, data: unknown, guildId: string | null) => void;

/** Everything the fake knows, shared by its REST routes, gateway and builders. */
export class FakeState {
  readonly newId: () => string;
  readonly users = new Map<string, APIUser>();
  readonly guilds = new Map<string, StoredGuild>();
  readonly channels = new Map<string, StoredChannel>();
  readonly deletedChannels = new Set<string>();
  readonly messages = new Map<string, APIMessage>();
  /** Nonces sent with messages, by `authorId|nonce`, for `enforce_nonce`. */
  readonly #nonces = new Map<string, { readonly messageId: string; readonly at: number }>();
  readonly interactions = new Map<string, InteractionRecord>();
  /** Keyed by guild id; `''` holds global commands. */
  readonly commands = new Map<string, APIApplicationCommand[]>();

  readonly applicationId: string;

  readonly botUser: APIUser;

  readonly now: () => number;

  constructor(applicationId: string, botUser: APIUser, now: () => number) {
    this.applicationId = applicationId;

    this.botUser = botUser;

    this.now = now;
    this.newId = createSnowflakeGenerator(now);
    this.users.set(botUser.id, botUser);
  }

  interactionByToken(token: string): InteractionRecord | undefined {
    for (const record of this.interactions.values()) if (record.token === token) return record;
    return undefined;
  }

  /** The message `authorId` created with `nonce` within the last `windowMs`, if it still exists. */
  messageByNonce(authorId: string, nonce: string, windowMs: number): APIMessage | undefined {
    const sent = this.#nonces.get(`${authorId}|${nonce}`);
    if (!sent || this.now() - sent.at > windowMs) return undefined;
    return this.messages.get(sent.messageId);
  }

  rememberNonce(authorId: string, nonce: string, messageId: string): void {
    this.#nonces.set(`${authorId}|${nonce}`, { messageId, at: this.now() });
  }

  liveChannel(id: string): StoredChannel | undefined {
    return this.deletedChannels.has(id) ? undefined : this.channels.get(id);
  }

  guildOf(channel: StoredChannel): StoredGuild {
    const guild = this.guilds.get(channel.guildId);
    if (!guild) throw new Error(`fake discord: channel ${channel.id} names unknown guild ${channel.guildId}`);
    return guild;
  }

  permissions(channel: StoredChannel, userId: string): bigint {
    const parent = channel.parentId === null ? undefined : this.channels.get(channel.parentId);
    return computeChannelPermissions(this.guildOf(channel), channel, parent, userId);
  }

  /** The user with this id; an unknown id becomes a new member of `guildId`, so tests can invent users. */
  ensureUser(userId: string, guildId: string | null): APIUser {
    let user = this.users.get(userId);
    if (!user) {
      user = makeUser(userId, `user${userId.slice(-4)}`);
      this.users.set(userId, user);
    }
    const guild = guildId === null ? undefined : this.guilds.get(guildId);
    if (guild && !guild.members.has(userId)) guild.members.set(userId, makeMember(user, [], this.now()));
    return user;
  }

  channelPayload(channel: StoredChannel): APITextChannel | StoredThread {
    if (channel.type === ChannelType.GuildText) {
      return {
        id: channel.id,
        type: ChannelType.GuildText,
        guild_id: channel.guildId,
        name: channel.name,
        topic: channel.topic,
        position: channel.position,
        parent_id: null,
        nsfw: false,
        permission_overwrites: channel.overwrites.map((o) => ({ ...o })),
        rate_limit_per_user: 0,
        last_message_id: channel.lastMessageId,
        default_auto_archive_duration: channel.autoArchiveDuration,
      };
    }
    const created = new Date(channel.createdAt).toISOString();
    return {
      id: channel.id,
      type: channel.type,
      guild_id: channel.guildId,
      name: channel.name,
      parent_id: channel.parentId ?? undefined,
      owner_id: channel.ownerId ?? undefined,
      last_message_id: channel.lastMessageId,
      rate_limit_per_user: 0,
      message_count: channel.messageCount,
      total_message_sent: channel.messageCount,
      member_count: 1,
      thread_metadata: {
        archived: false,
        auto_archive_duration: channel.autoArchiveDuration,
        archive_timestamp: created,
        locked: false,
        create_timestamp: created,
      },
      member: { id: channel.id, user_id: this.botUser.id, join_timestamp: created, flags: 0 as ThreadMemberFlags },
    };
  }

  guildCreatePayload(guild: StoredGuild): GatewayGuildCreateDispatchData {
    const channels = [...this.channels.values()].filter(
      (c) => c.guildId === guild.id && !this.deletedChannels.has(c.id),
    );
    const textChannels: APITextChannel[] = [];
    const threads: StoredThread[] = [];
    for (const channel of channels) {
      const payload = this.channelPayload(channel);
      if (payload.type === ChannelType.GuildText) textChannels.push(payload);
      else threads.push(payload);
    }
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      verification_level: GuildVerificationLevel.Low,
      default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
      explicit_content_filter: GuildExplicitContentFilter.AllMembers,
      roles: guild.roles.map((r) => ({ ...r })),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: GuildMFALevel.None,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0 as GuildSystemChannelFlags,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      premium_tier: GuildPremiumTier.None,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: Locale.EnglishUS,
      max_members: 500_000,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: GuildNSFWLevel.Default,
      hub_type: null,
      incidents_data: null,
      joined_at: new Date(guild.joinedAt).toISOString(),
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      voice_states: [],
      members: [...guild.members.values()].map((m) => ({ ...m })),
      channels: textChannels,
      threads,
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }
}
