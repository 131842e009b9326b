import { ChannelType, type Client, DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes, Routes } from 'discord.js';
import { z } from 'zod';
import { type StartThread, THREAD_PERMISSIONS } from '../discussions/types.ts';
import type { View } from '../views.ts';
import { botPermissionsIn } from './bot-permissions.ts';
import type { ComponentStateStore } from './component-state.ts';
import { toDiscord } from './render/index.ts';

// Discord: a thread archives after this many minutes without messages (one day), as digest threads do.
const THREAD_ARCHIVE_MINUTES = 1440;
// Discord's answer to a created thread; only its id matters here.
const CreatedThread = z.object({ id: z.string().min(1) });

/**
 * Discuss's `startThread`, through the bot's client: checks the bot's thread permissions in the
 * channel, starts a public thread from the message (POST /channels/{id}/messages/{mid}/threads),
 * and posts the first message in it. When the message already has a thread (Discord: one per
 * message, error 160004) it adopts that thread if the request says so, and otherwise starts one
 * in the channel (POST /channels/{id}/threads, type 11).
 * @throws DiscordAPIError for anything else (the router turns it into an error reply).
 */
export function createStartThread(client: Client, states: ComponentStateStore): StartThread {
  return async (request) => {
    const channel = client.channels.cache.get(request.channelId) ?? (await client.channels.fetch(request.channelId));
    if (!channel || channel.isDMBased() || channel.isThread()) return { kind: 'not-here' };
    const permissions = await botPermissionsIn(client, channel);
    const missing = THREAD_PERMISSIONS.filter((name) => !(permissions?.has(PermissionFlagsBits[name]) ?? false));
    if (missing.length > 0) return { kind: 'missing-permissions', missing };
    const body = { name: request.name, auto_archive_duration: THREAD_ARCHIVE_MINUTES };
    let threadId: string;
    try {
      threadId = CreatedThread.parse(
        await client.rest.post(Routes.threads(request.channelId, request.messageId), { body }),
      ).id;
    } catch (error) {
      if (isDiscordError(error, RESTJSONErrorCodes.MissingPermissions)) {
        // Permissions changed between the check and the call.
        return { kind: 'missing-permissions', missing: [...THREAD_PERMISSIONS] };
      }
      if (!isDiscordError(error, RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage)) throw error;
      // Discord: a thread started from a message has the message's id.
      if (request.adoptExisting) return { kind: 'existing', threadId: request.messageId };
      threadId = CreatedThread.parse(
        await client.rest.post(Routes.threads(request.channelId), {
          body: { ...body, type: ChannelType.PublicThread },
        }),
      ).id;
    }
    await postFirstMessage(client, states, threadId, request.firstMessage);
    return { kind: 'started', threadId };
  };
}

async function postFirstMessage(
  client: Client,
  states: ComponentStateStore,
  threadId: string,
  firstMessage: () => Promise<View>,
): Promise<void> {
  const recorder = states.recorder();
  const { flags: _flags, ...reply } = toDiscord(await firstMessage(), { storeState: recorder.storeState });
  await recorder.flush();
  const thread = client.channels.cache.get(threadId) ?? (await client.channels.fetch(threadId));
  if (!thread?.isSendable()) throw new Error(`thread ${threadId} cannot be posted to`);
  await thread.send(reply);
}

function isDiscordError(error: unknown, code: number): boolean {
  return error instanceof DiscordAPIError && error.code === code;
}
