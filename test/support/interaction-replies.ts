import {
  type APIEmbed,
  type APIMessage,
  type APIMessageTopLevelComponent,
  InteractionResponseType,
} from 'discord-api-types/v10';
import { customIds } from './custom-ids.ts';
import { FAKE_APPLICATION_ID, type FakeDiscord, type RecordedRequest } from './fake-discord.ts';

// Reading what the bot answered an interaction with, through the fake Discord's recorded requests.

/** The message body a final reply carries (callbacks wrap it in `data`). */
export interface ReplyBody {
  readonly content?: string;
  readonly embeds?: APIEmbed[];
  readonly components?: APIMessageTopLevelComponent[];
  readonly flags?: number;
  readonly allowed_mentions?: unknown;
}

/** The message that ends an interaction: an edit of @original, a follow-up, or an immediate reply. */
export function finalReply(
  fake: FakeDiscord,
  interaction: { readonly id: string; readonly token: string },
  timeoutMs = 5000,
): Promise<RecordedRequest> {
  const base = `/webhooks/${FAKE_APPLICATION_ID}/${interaction.token}`;
  return fake.waitForRequest(
    (r) =>
      (r.method === 'PATCH' && r.path === `${base}/messages/@original`) ||
      (r.method === 'POST' && r.path === base) ||
      (r.method === 'POST' &&
        r.path === `/interactions/${interaction.id}/${interaction.token}/callback` &&
        isRecord(r.body) &&
        (r.body.type === InteractionResponseType.ChannelMessageWithSource ||
          r.body.type === InteractionResponseType.ApplicationCommandAutocompleteResult)),
    timeoutMs,
  );
}

export function bodyOf(request: RecordedRequest): ReplyBody {
  const body = request.body as Record<string, unknown>;
  return (request.path.endsWith('/callback') ? body.data : body) as ReplyBody;
}

/** The stored message an @original edit produced (found by its components), so a component can be clicked on it. */
export function originalMessage(fake: FakeDiscord, channelId: string, request: RecordedRequest): APIMessage {
  const wanted = customIds(bodyOf(request)).join(' ');
  const message = fake
    .messagesIn(channelId)
    .find((m) => customIds({ components: m.components ?? [] }).join(' ') === wanted);
  if (!message) throw new Error('edited message not found in the fake');
  return message;
}

/** The interaction callbacks' types, in order (deferred, deferred update, …). */
export function callbackTypes(fake: FakeDiscord, interactionId: string): number[] {
  return fake.callbacks(interactionId).map((r) => (r.body as { type: number }).type);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
