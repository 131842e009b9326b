import type { ChannelLabel } from '../../render/digest-text.ts';

/** A terminal user cannot click a Discord mention; `#id` is what they can paste into Discord. */
export const terminalChannel: ChannelLabel = (channelId) => `#${channelId}`;
