import {
  ChannelType,
  type Client,
  DiscordAPIError,
  MessageFlags,
  PermissionFlagsBits,
  type REST,
  RESTJSONErrorCodes,
  type RESTPostAPIChannelMessageJSONBody,
  Routes,
  SnowflakeUtil,
} from 'discord.js';
import { z } from 'zod';
import { ChannelUnavailableError, type ChannelUnavailableReason } from '../digest/channels/channel-errors.ts';
import {
  type ChannelCheck,
  type CheckChannel,
  DIGEST_PERMISSIONS,
  type DigestDelivery,
  type FindPosted,
  type PostMessage,
} from '../digest/types.ts';
import { botPermissionsIn } from './bot-permissions.ts';
import { type DigestControls, type DigestPayload, renderDigestMessage } from './render/digest.ts';

// Discord: a thread archives after this many minutes without messages (one day).
const THREAD_ARCHIVE_MINUTES = 1440;
// Digests go to text and announcement channels (commands/digest.ts offers only these).
const POSTABLE_TYPES: ReadonlySet<ChannelType> = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement]);
// Discord's answer to a posted message; only its id matters here.
const PostedMessage = z.object({ id: z.string().min(1) });
// Discord: GET /channels/{id}/messages returns at most 100 messages a page.
const PAGE_SIZE = 100;
// The message looked for was sent right after the run's last recorded one, so it is on the first
// page unless others wrote in between; this bounds the search in a busy channel.
const MAX_PAGES = 5;
// Without a recorded message to start after, the search starts at our clock's send time less
// this, in case Discord's clock (which stamps message ids) is behind ours.
const CLOCK_SKEW_MS = 5 * 60_000;
// The fields of a listed message that identify a digest message. Discord keeps `nonce` only on
// the create answer and the gateway's MESSAGE_CREATE, not on listed messages, so content and
// embeds are compared as well.
const ListedMessage = z.object({
  id: z.string().min(1),
  author: z.object({ id: z.string() }),
  content: z.string(),
  nonce: z.union([z.string(), z.number()]).optional(),
  embeds: z.array(
    z.object({ title: z.string().optional(), url: z.string().optional(), description: z.string().optional() }),
  ),
  flags: z.number().optional(),
  thread: z.object({ id: z.string() }).optional(),
});
type ListedMessage = z.infer<typeof ListedMessage>;
const CurrentUser = z.object({ id: z.string().min(1) });

/**
 * The digest's `post`, through discord.js's REST client (the bot's `client.rest`, or a bare `REST`
 * for `paperboy digest run`): sends the message, then starts a thread on it when the payload asks.
 * @throws ChannelUnavailableError when Discord says the channel is gone (404, Unknown Channel) or
 *   the bot lost access (403, Missing Access, Missing Permissions): the digest pauses then.
 * @throws DiscordAPIError / HTTPError for anything else (5xx, 429 past discord.js's retries): the digest retries.
 */
function createDigestPost(rest: Pick<REST, 'post'>, controls: DigestControls | undefined): PostMessage {
  return (channelId, digestMessage, nonce) =>
    withChannelErrors(channelId, async () => {
      const payload = renderDigestMessage(digestMessage, nonce, controls);
      const message = PostedMessage.parse(
        await rest.post(Routes.channelMessages(channelId), { body: messageBody(payload) }),
      );
      if (payload.thread) await startThread(rest, channelId, message.id, payload.thread.name);
      return { messageId: message.id };
    });
}

/**
 * The digest's `findPosted`, through discord.js's REST client: pages through the channel's
 * messages after the last recorded one (GET /channels/{id}/messages?after=…, up to MAX_PAGES) for
 * one of the bot's own that has the nonce or shows the same content and embeds (an app sees the
 * content of its own messages without the Message Content intent), and starts its thread if the
 * crash came before that. Needs Read Message History: without it Discord lists no messages.
 * @throws ChannelUnavailableError / DiscordAPIError as `createDigestPost` does.
 */
export function createFindPosted(rest: Pick<REST, 'get' | 'post'>): FindPosted {
  let botId: string | undefined;
  return (channelId, digestMessage, { nonce, after, sentSince }) =>
    withChannelErrors(channelId, async () => {
      const payload = renderDigestMessage(digestMessage, nonce);
      botId ??= CurrentUser.parse(await rest.get(Routes.user('@me'))).id;
      let cursor = after ?? SnowflakeUtil.generate({ timestamp: Math.max(0, sentSince - CLOCK_SKEW_MS) }).toString();
      for (let page = 0; page < MAX_PAGES; page++) {
        const query = new URLSearchParams({ after: cursor, limit: String(PAGE_SIZE) });
        // Discord lists newest first; the oldest match is the one that was sent first.
        const listed = z.array(ListedMessage).parse(await rest.get(Routes.channelMessages(channelId), { query }));
        const oldestFirst = listed.toSorted((a, b) => compareSnowflakes(a.id, b.id));
        const found = oldestFirst.find((m) => m.author.id === botId && shows(m, payload));
        if (found) {
          if (payload.thread && !hasThread(found)) await startThread(rest, channelId, found.id, payload.thread.name);
          return { messageId: found.id };
        }
        const newest = oldestFirst.at(-1);
        if (listed.length < PAGE_SIZE || !newest) return undefined;
        cursor = newest.id;
      }
      return undefined;
    });
}

/**
 * Both delivery functions over one REST client (the bot's `client.rest`, or a bare `REST` for the
 * CLI); `controls` are the entries' buttons and menus (feedback, Discuss…).
 */
export function createDigestDelivery(rest: Pick<REST, 'get' | 'post'>, controls?: DigestControls): DigestDelivery {
  return { post: createDigestPost(rest, controls), findPosted: createFindPosted(rest) };
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
    const permissions = await botPermissionsIn(client, channel);
    const granted = DIGEST_PERMISSIONS.filter((name) => permissions?.has(PermissionFlagsBits[name]) ?? false);
    return { kind: 'ok', guildId: channel.guildId, textBased: POSTABLE_TYPES.has(channel.type), granted };
  };
}

/** The digest functions for a logged-in client. */
export function createDigestChannel(
  client: Client,
  controls?: DigestControls,
): DigestDelivery & { checkChannel: CheckChannel } {
  return { ...createDigestDelivery(client.rest, controls), checkChannel: createCheckChannel(client) };
}

async function withChannelErrors<T>(channelId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const reason = unavailableReason(error);
    if (reason) throw new ChannelUnavailableError(channelId, reason, { cause: error });
    throw error;
  }
}

async function startThread(rest: Pick<REST, 'post'>, channelId: string, messageId: string, name: string) {
  try {
    await rest.post(Routes.threads(channelId, messageId), {
      body: { name, auto_archive_duration: THREAD_ARCHIVE_MINUTES },
    });
  } catch (error) {
    // Started by an attempt whose answer was lost: the message is as `post` leaves it.
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) return;
    throw error;
  }
}

function shows(message: ListedMessage, payload: DigestPayload): boolean {
  if (message.nonce !== undefined) return String(message.nonce) === payload.nonce;
  // Discord may trim what it stores; compare as it shows the message.
  const same = (a: string | undefined, b: string | undefined) => (a ?? '').trim() === (b ?? '').trim();
  return (
    same(message.content, payload.content) &&
    message.embeds.length === payload.embeds.length &&
    payload.embeds.every((embed, i) => {
      const shown = message.embeds[i];
      return (
        shown !== undefined &&
        same(shown.title, embed.title) &&
        same(shown.url, embed.url) &&
        same(shown.description, embed.description)
      );
    })
  );
}

function hasThread(message: ListedMessage): boolean {
  return message.thread !== undefined || ((message.flags ?? 0) & MessageFlags.HasThread) !== 0;
}

function compareSnowflakes(a: string, b: string): number {
  const [x, y] = [BigInt(a), BigInt(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function messageBody(payload: DigestPayload): RESTPostAPIChannelMessageJSONBody {
  return {
    ...(payload.content === undefined ? {} : { content: payload.content }),
    embeds: payload.embeds.map(({ fields, ...embed }) => ({ ...embed, ...(fields ? { fields: [...fields] } : {}) })),
    ...(payload.components ? { components: [...payload.components] } : {}),
    allowed_mentions: { parse: [] },
    nonce: payload.nonce,
    enforce_nonce: payload.enforceNonce,
    ...(payload.components ? { components: [...payload.components] } : {}),
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
