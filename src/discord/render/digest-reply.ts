import { type ChannelLabel, type DigestView, digestMessageView } from '../../render/digest-text.ts';
import { messageReply } from './message.ts';
import type { DiscordReply } from './reply.ts';

// A channel mention: clickable, and it notifies nobody.
const discordChannel: ChannelLabel = (channelId) => `<#${channelId}>`;

/**
 * A /digest answer: the plain-text form the terminal prints too (src/render/digest-text.ts), with
 * channels as Discord mentions, sent as a message (so its pings are defused and it fits 2000 chars).
 */
export function digestReply(view: DigestView): DiscordReply {
  return messageReply(digestMessageView(view, discordChannel));
}
