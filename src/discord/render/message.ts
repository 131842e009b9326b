import { MessageFlags } from 'discord-api-types/v10';
import { clip } from '../../text/index.ts';
import type { View } from '../../views.ts';
import type { StoreState } from '../custom-id.ts';
import { MESSAGE_CONTENT_MAX } from '../limits.ts';
import { renderControls } from './components.ts';
import type { DiscordReply } from './reply.ts';
import { NO_MENTIONS } from './reply.ts';
import { neutralisePings } from './text.ts';

type MessageView = Extract<View, { kind: 'message' }>;
type ErrorView = Extract<View, { kind: 'error' }>;

const TONE_PREFIX: Readonly<Record<MessageView['tone'], string>> = { info: '', success: '✅ ', warning: '⚠️ ' };

/**
 * Plain content; the command wrote it (it may hold Markdown) but any ping in it is defused. Channel
 * links stay, so "<#id>" in /digest's answers shows the channel.
 */
export function messageReply(view: MessageView, storeState?: StoreState): DiscordReply {
  const content = clip(neutralisePings(`${TONE_PREFIX[view.tone]}${view.text}`), MESSAGE_CONTENT_MAX);
  const components = view.controls && storeState ? renderControls(view.controls, storeState) : [];
  return {
    content,
    ...(components.length > 0 ? { components } : {}),
    ...(view.private ? { flags: MessageFlags.Ephemeral } : {}),
    // Discord takes the attachment's type from its file name.
    ...(view.file ? { files: [{ name: view.file.name, attachment: Buffer.from(view.file.text, 'utf8') }] } : {}),
    allowedMentions: NO_MENTIONS,
  };
}

/** Ephemeral `<userMessage> (ref <errorId>)`: what to do next, and the id the log has the detail under. */
export function errorReply(view: ErrorView): DiscordReply {
  const ref = ` (ref ${view.errorId})`;
  return {
    content: `${clip(neutralisePings(view.userMessage), MESSAGE_CONTENT_MAX - ref.length)}${ref}`,
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  };
}
