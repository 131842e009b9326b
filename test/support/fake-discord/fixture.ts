import {
  type APIGuildMember,
  type APIOverwrite,
  type APIRole,
  type APIThreadChannel,
  type APIUser,
  ChannelType,
  GuildMemberFlags,
  PermissionFlagsBits,
  type RoleFlags,
  type ThreadChannelType,
} from 'discord-api-types/v10';

// Fixed snowflakes (17–19 digits, as @discordjs/rest's bucket regex expects) so tests can name them.
export const FAKE_APPLICATION_ID = '1100000000000000001';
// Discord gives a bot user the id of its application.
export const FAKE_BOT_USER_ID = FAKE_APPLICATION_ID;
export const FAKE_GUILD_ID = '1100000000000000100';
export const FAKE_PAPERS_CHANNEL_ID = '1100000000000000200';
export const FAKE_BOT_ROLE_ID = '1100000000000000300';
export const FAKE_USER_ID = '1100000000000000400';
export const FAKE_OWNER_ID = '1100000000000000500';
export const FAKE_BOT_TOKEN = 'fake-bot-token';

const DISCORD_EPOCH_MS = 1_420_070_400_000n;

export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

// Close to what a new server grants @everyone.
export const DEFAULT_EVERYONE_PERMISSIONS: bigint =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands;

// What the invite link asks for; the bot must still work when @everyone is locked down.
export const DEFAULT_BOT_PERMISSIONS: bigint =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.ReadMessageHistory;

export type StoredThread = APIThreadChannel<ThreadChannelType>;

/** A guild text channel or thread as the fake stores it. */
export interface StoredChannel {
  readonly id: string;
  readonly guildId: string;
  type: ChannelType.GuildText | ThreadChannelType;
  name: string;
  topic: string | null;
  parentId: string | null;
  position: number;
  overwrites: APIOverwrite[];
  ownerId: string | null;
  autoArchiveDuration: 60 | 1440 | 4320 | 10080;
  createdAt: number;
  lastMessageId: string | null;
  messageCount: number;
}

export interface StoredGuild {
  readonly id: string;
  name: string;
  ownerId: string;
  readonly roles: APIRole[];
  readonly members: Map<string, APIGuildMember & { user: APIUser }>;
  readonly joinedAt: number;
}

export function createSnowflakeGenerator(now: () => number): () => string {
  let increment = 0n;
  return () => {
    increment = (increment + 1n) & 0xfffn;
    return (((BigInt(now()) - DISCORD_EPOCH_MS) << 22n) | increment).toString();
  };
}

export function makeUser(id: string, username: string, bot = false): APIUser {
  return {
    id,
    username,
    global_name: bot ? null : username.charAt(0).toUpperCase() + username.slice(1),
    discriminator: bot ? '0000' : '0',
    avatar: null,
    bot,
  };
}

export function makeMember(user: APIUser, roles: string[], joinedAt: number): APIGuildMember & { user: APIUser } {
  return {
    user,
    nick: null,
    avatar: null,
    roles,
    joined_at: new Date(joinedAt).toISOString(),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: GuildMemberFlags.CompletedOnboarding,
    pending: false,
    communication_disabled_until: null,
  };
}

export function makeRole(init: {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  botId?: string;
}): APIRole {
  return {
    id: init.id,
    name: init.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: init.position,
    permissions: init.permissions.toString(),
    managed: init.botId !== undefined,
    mentionable: false,
    // No role flags set; RoleFlags has no member for zero.
    flags: 0 as RoleFlags,
    ...(init.botId === undefined ? {} : { tags: { bot_id: init.botId } }),
  };
}

export function makeTextChannel(init: {
  id: string;
  guildId: string;
  name: string;
  position?: number;
  topic?: string | null;
  overwrites?: APIOverwrite[];
  createdAt: number;
}): StoredChannel {
  return {
    id: init.id,
    guildId: init.guildId,
    type: ChannelType.GuildText,
    name: init.name,
    topic: init.topic ?? null,
    parentId: null,
    position: init.position ?? 0,
    overwrites: init.overwrites ?? [],
    ownerId: null,
    autoArchiveDuration: 1440,
    createdAt: init.createdAt,
    lastMessageId: null,
    messageCount: 0,
  };
}

export interface DefaultFixtureOptions {
  readonly botPermissions: bigint;
  readonly everyonePermissions: bigint;
  readonly botUser: APIUser;
  readonly now: number;
  /** Ids for a guild other than the default one (its #papers channel and the bot's role). */
  readonly ids?: { readonly guild: string; readonly channel: string; readonly botRole: string };
}

/** One guild with `#papers`, its owner, the bot and one ordinary user. */
export function makeDefaultGuild(options: DefaultFixtureOptions): {
  guild: StoredGuild;
  channels: StoredChannel[];
  users: APIUser[];
} {
  const ids = options.ids ?? { guild: FAKE_GUILD_ID, channel: FAKE_PAPERS_CHANNEL_ID, botRole: FAKE_BOT_ROLE_ID };
  const user = makeUser(FAKE_USER_ID, 'ada');
  const owner = makeUser(FAKE_OWNER_ID, 'grace');
  const members = new Map<string, APIGuildMember & { user: APIUser }>([
    [owner.id, makeMember(owner, [], options.now)],
    [user.id, makeMember(user, [], options.now)],
    [options.botUser.id, makeMember(options.botUser, [ids.botRole], options.now)],
  ]);
  const guild: StoredGuild = {
    id: ids.guild,
    name: 'Paperboy Test Guild',
    ownerId: owner.id,
    roles: [
      // Discord: the @everyone role shares the guild's id.
      makeRole({ id: ids.guild, name: '@everyone', permissions: options.everyonePermissions, position: 0 }),
      makeRole({
        id: ids.botRole,
        name: options.botUser.username,
        permissions: options.botPermissions,
        position: 1,
        botId: options.botUser.id,
      }),
    ],
    members,
    joinedAt: options.now,
  };
  const papers = makeTextChannel({
    id: ids.channel,
    guildId: guild.id,
    name: 'papers',
    topic: 'New research papers',
    createdAt: options.now,
  });
  return { guild, channels: [papers], users: [user, owner] };
}
