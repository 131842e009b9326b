import { ChannelType, DiscordAPIError, type REST, RESTJSONErrorCodes, Routes } from 'discord.js';
import { z } from 'zod';
import { type StartThread, THREAD_PERMISSIONS } from '../discussions/types.ts';
import type { View } from '../views.ts';
import type { ComponentStateStore } from './component-state.ts';
import { toDiscord } from './render/index.ts';

// Discord: a thread archives after this many minutes without messages (one day), as digest threads do.
const THREAD_ARCHIVE_MINUTES = 1440;
// Discord's answer to a created thread; only its id matters here.
const CreatedThread = z.object({ id: z.string().min(1) });

/**
 * Discuss's `startThread`, over REST alone (the bot's `client.rest`; no gateway cache needed, so
 * the HTTP-interactions mode can use it as it is): starts a public thread from the message
 * (POST /channels/{id}/messages/{mid}/threads) and posts the first message in it. When the message
 * already has a thread (Discord: one per message, error 160004) it adopts that thread if the
 * request says so, and otherwise starts one in the channel (POST /channels/{id}/threads, type 11:
 * Discord's default there is a private thread). The handler checks the interaction's
 * app_permissions first; Discord's own refusal (50013) is the fallback when they changed since.
 * @throws DiscordAPIError for anything else (the router turns it into an error reply).
 */
export function createStartThread(rest: Pick<REST, 'post'>, states: ComponentStateStore): StartThread {
  return async (request) => {
    const body = { name: request.name, auto_archive_duration: THREAD_ARCHIVE_MINUTES };
    let threadId: string;
    try {
      try {
        threadId = CreatedThread.parse(
          await rest.post(Routes.threads(request.channelId, request.messageId), { body }),
        ).id;
      } catch (error) {
        if (!isDiscordError(error, RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage)) throw error;
        // Discord: a thread started from a message has the message's id.
        if (request.adoptExisting) return { kind: 'existing', threadId: request.messageId };
        threadId = CreatedThread.parse(
          await rest.post(Routes.threads(request.channelId), { body: { ...body, type: ChannelType.PublicThread } }),
        ).id;
      }
    } catch (error) {
      if (isDiscordError(error, RESTJSONErrorCodes.MissingPermissions)) {
        return { kind: 'missing-permissions', missing: [...THREAD_PERMISSIONS] };
      }
      // A thread's messages (or a voice channel's) cannot start threads.
      if (isDiscordError(error, RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType)) return { kind: 'not-here' };
      throw error;
    }
    await postFirstMessage(rest, states, threadId, request.firstMessage);
    return { kind: 'started', threadId };
  };
}

async function postFirstMessage(
  rest: Pick<REST, 'post'>,
  states: ComponentStateStore,
  threadId: string,
  firstMessage: () => Promise<View>,
): Promise<void> {
  const recorder = states.recorder();
  const reply = toDiscord(await firstMessage(), { storeState: recorder.storeState });
  await recorder.flush();
  await rest.post(Routes.channelMessages(threadId), {
    body: {
      ...(reply.content === undefined ? {} : { content: reply.content }),
      ...(reply.embeds ? { embeds: reply.embeds } : {}),
      ...(reply.components ? { components: reply.components } : {}),
      allowed_mentions: { parse: [] },
    },
  });
}

function isDiscordError(error: unknown, code: number): boolean {
  return error instanceof DiscordAPIError && error.code === code;
}
