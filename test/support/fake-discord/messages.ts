import {
  type APIAttachment,
  type APIEmbed,
  type APIMessage,
  type APIMessageInteractionMetadata,
  type APIMessageTopLevelComponent,
  type APIUser,
  EmbedType,
  MessageFlags,
  type MessageType,
} from 'discord-api-types/v10';
import { isRecord, type RecordedFile } from './http.ts';

export interface NewMessage {
  readonly id: string;
  readonly channelId: string;
  readonly author: APIUser;
  readonly type: MessageType;
  readonly now: number;
  readonly files: readonly RecordedFile[];
  readonly newId: () => string;
  readonly cdnBase: string;
  /** Discord forces these on interaction responses (Ephemeral, Loading). */
  readonly extraFlags?: number;
  readonly interaction?: { readonly applicationId: string; readonly metadata: APIMessageInteractionMetadata };
  /** False when the author lacks EMBED_LINKS: Discord keeps the message and drops the embeds. */
  readonly embedsAllowed?: boolean;
}

// Flags a client may set; Discord ignores the rest.
const SETTABLE_FLAGS =
  MessageFlags.Ephemeral |
  MessageFlags.SuppressEmbeds |
  MessageFlags.SuppressNotifications |
  MessageFlags.IsComponentsV2;

function isEmbedList(value: unknown): value is APIEmbed[] {
  return Array.isArray(value) && value.every(isRecord);
}

function isComponentList(value: unknown): value is APIMessageTopLevelComponent[] {
  return Array.isArray(value) && value.every((c) => isRecord(c) && typeof c.type === 'number');
}

function attachmentsFrom(
  body: Record<string, unknown>,
  files: readonly RecordedFile[],
  keep: readonly APIAttachment[],
  init: Pick<NewMessage, 'newId' | 'cdnBase' | 'channelId'>,
): APIAttachment[] {
  const declared = Array.isArray(body.attachments) ? body.attachments.filter(isRecord) : [];
  const result: APIAttachment[] = [];
  for (const entry of declared) {
    const existing = keep.find((a) => a.id === entry.id);
    if (existing) {
      result.push(existing);
      continue;
    }
    const file = files.find((f) => f.field === `files[${String(entry.id)}]`);
    if (!file) continue;
    result.push(makeAttachment(file, init, typeof entry.description === 'string' ? entry.description : undefined));
  }
  // Files sent without an `attachments` entry are still attached, as on Discord.
  for (const file of files) {
    if (!declared.some((entry) => file.field === `files[${String(entry.id)}]`))
      result.push(makeAttachment(file, init, undefined));
  }
  return result;
}

function makeAttachment(
  file: RecordedFile,
  init: Pick<NewMessage, 'newId' | 'cdnBase' | 'channelId'>,
  description: string | undefined,
): APIAttachment {
  const id = init.newId();
  const url = `${init.cdnBase}/attachments/${init.channelId}/${id}/${encodeURIComponent(file.filename)}`;
  return {
    id,
    filename: file.filename,
    size: file.size,
    url,
    proxy_url: url,
    ...(file.contentType === null ? {} : { content_type: file.contentType }),
    ...(description === undefined ? {} : { description }),
  };
}

function richEmbeds(embeds: APIEmbed[]): APIEmbed[] {
  return embeds.map((embed) => ({ type: EmbedType.Rich, ...embed }));
}

/** True when a create request carries nothing to show (Discord answers 50006). */
export function isEmptyMessage(body: Record<string, unknown>, files: readonly RecordedFile[]): boolean {
  const nonEmpty = (value: unknown): boolean => Array.isArray(value) && value.length > 0;
  return (
    (typeof body.content !== 'string' || body.content.length === 0) &&
    !nonEmpty(body.embeds) &&
    !nonEmpty(body.components) &&
    !nonEmpty(body.sticker_ids) &&
    files.length === 0 &&
    body.poll === undefined
  );
}

export function createMessage(body: Record<string, unknown>, init: NewMessage): APIMessage {
  const flags = ((typeof body.flags === 'number' ? body.flags : 0) & SETTABLE_FLAGS) | (init.extraFlags ?? 0);
  const embeds = isEmbedList(body.embeds) && init.embedsAllowed !== false ? richEmbeds(body.embeds) : [];
  const message: APIMessage = {
    id: init.id,
    channel_id: init.channelId,
    author: init.author,
    content: typeof body.content === 'string' ? body.content : '',
    timestamp: new Date(init.now).toISOString(),
    edited_timestamp: null,
    tts: body.tts === true,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: attachmentsFrom(body, init.files, [], init),
    embeds,
    pinned: false,
    type: init.type,
    flags,
    components: isComponentList(body.components) ? body.components : [],
  };
  if (init.interaction) {
    message.webhook_id = init.interaction.applicationId;
    message.application_id = init.interaction.applicationId;
    message.interaction_metadata = init.interaction.metadata;
  }
  return message;
}

/** Applies a PATCH: fields present in the body replace the old ones; a first edit ends "thinking…". */
export function editMessage(
  message: APIMessage,
  body: Record<string, unknown>,
  edit: { now: number; files: readonly RecordedFile[]; newId: () => string; cdnBase: string; embedsAllowed?: boolean },
): APIMessage {
  const next: APIMessage = { ...message, edited_timestamp: new Date(edit.now).toISOString() };
  if (typeof body.content === 'string' || body.content === null) next.content = body.content ?? '';
  if (isEmbedList(body.embeds) && edit.embedsAllowed !== false) next.embeds = richEmbeds(body.embeds);
  else if (body.embeds === null || isEmbedList(body.embeds)) next.embeds = [];
  if (isComponentList(body.components)) next.components = body.components;
  else if (body.components === null) next.components = [];
  if ('attachments' in body || edit.files.length > 0) {
    next.attachments = attachmentsFrom(body, edit.files, message.attachments, {
      ...edit,
      channelId: message.channel_id,
    });
  }
  const kept =
    ((message.flags ?? 0) & ~MessageFlags.Loading & ~SETTABLE_FLAGS) | ((message.flags ?? 0) & MessageFlags.Ephemeral);
  const requested =
    typeof body.flags === 'number'
      ? body.flags & SETTABLE_FLAGS & ~MessageFlags.Ephemeral
      : (message.flags ?? 0) & SETTABLE_FLAGS & ~MessageFlags.Ephemeral;
  next.flags = kept | requested;
  return next;
}
