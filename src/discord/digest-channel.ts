import {
  ChannelType,
  type Client,
  DiscordAPIError,
  PermissionFlagsBits,
  type REST,
  RESTJSONErrorCodes,
  type RESTPostAPIChannelMessageJSONBody,
  Routes,
} from 'discord.js';
import { z } from 'zod';
import { ChannelUnavailableError, type ChannelUnavailableReason } from '../digest/channels/channel-errors.ts';
import { type ChannelCheck, type CheckChannel, DIGEST_PERMISSIONS, type PostMessage } from '../digest/types.ts';
import { type DigestPayload, renderDigestMessage } from './render/digest.ts';

// Discord: a thread archives after this many minutes without messages (one day).
const THREAD_ARCHIVE_MINUTES = 1440;
// Digests go to text and announcement channels (commands/digest.ts offers only these).
const POSTABLE_TYPES: ReadonlySet<ChannelType> = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement]);
// Discord's answer to a posted message; only its id matters here.
const PostedMessage = z.object({ id: z.string().min(1) });

/**
 * The digest's `post`, through discord.js's REST client (the bot's `client.rest`, or a bare `REST`
 * for `paperboy digest run`): sends the message, then starts a thread on it when the payload asks.
 * @throws ChannelUnavailableError when Discord says the channel is gone (404, Unknown Channel) or
 *   the bot lost access (403, Missing Access, Missing Permissions): the digest pauses then.
 * @throws DiscordAPIError / HTTPError for anything else (5xx, 429 past discord.js's retries): the digest retries.
 */
export function createDigestPost(rest: Pick<REST, 'post'>): PostMessage {
  return async (channelId, digestMessage, nonce) => {
    const payload = renderDigestMessage(digestMessage, nonce);
    try {
      const message = PostedMessage.parse(
        await rest.post(Routes.channelMessages(channelId), { body: messageBody(payload) }),
      );
      if (payload.thread) {
        await rest.post(Routes.threads(channelId, message.id), {
          body: { name: payload.thread.name, auto_archive_duration: THREAD_ARCHIVE_MINUTES },
        });
      }
      return { messageId: message.id };
    } catch (error) {
      const reason = unavailableReason(error);
      if (reason) throw new ChannelUnavailableError(channelId, reason, { cause: error });
      throw error;
    }
  };
}

/**
 * The digest's `checkChannel`: the channel from discord.js's cache (fetched when not cached) and
 * the bot's permissions there, computed by discord.js from roles and overwrites.
 * A channel Discord will not show the bot (404, 403) is `missing`.
 */
export function createCheckChannel(client: Client): CheckChannel {
  return async (channelId): Promise<ChannelCheck> => {
    let channel: Awaited<ReturnType<Client['channels']['fetch']>>;
    try {
      channel = client.channels.cache.get(channelId) ?? (await client.channels.fetch(channelId));
    } catch (error) {
      if (unavailableReason(error)) return { kind: 'missing' };
      throw error;
    }
    if (!channel) return { kind: 'missing' };
    if (channel.isDMBased()) return { kind: 'ok', guildId: undefined, textBased: false, granted: [] };
    const me = client.user;
    if (!me) throw new Error('checkChannel was called before the Discord client was ready');
    let permissions = channel.permissionsFor(me);
    if (!permissions) {
      // The bot's own member is normally cached from GUILD_CREATE; fetch it when it is not.
      await channel.guild.members.fetchMe();
      permissions = channel.permissionsFor(me);
    }
    const granted = DIGEST_PERMISSIONS.filter((name) => permissions?.has(PermissionFlagsBits[name]) ?? false);
    return { kind: 'ok', guildId: channel.guildId, textBased: POSTABLE_TYPES.has(channel.type), granted };
  };
}

/** Both digest functions for a logged-in client. */
export function createDigestChannel(client: Client): { post: PostMessage; checkChannel: CheckChannel } {
  return { post: createDigestPost(client.rest), checkChannel: createCheckChannel(client) };
}

function messageBody(payload: DigestPayload): RESTPostAPIChannelMessageJSONBody {
  return {
    ...(payload.content === undefined ? {} : { content: payload.content }),
    embeds: payload.embeds.map(({ fields, ...embed }) => ({ ...embed, ...(fields ? { fields: [...fields] } : {}) })),
    allowed_mentions: { parse: [] },
    nonce: payload.nonce,
    enforce_nonce: payload.enforceNonce,
  };
}

// Discord JSON error codes: https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
function unavailableReason(error: unknown): ChannelUnavailableReason | undefined {
  if (!(error instanceof DiscordAPIError)) return undefined;
  if (error.code === RESTJSONErrorCodes.UnknownChannel || error.status === 404) return 'deleted';
  if (
    error.code === RESTJSONErrorCodes.MissingAccess ||
    error.code === RESTJSONErrorCodes.MissingPermissions ||
    error.status === 403
  ) {
    return 'access-lost';
  }
  return undefined;
}
