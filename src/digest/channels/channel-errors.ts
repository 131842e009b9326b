import { PaperboyError } from '../../errors/index.ts';

export const CHANNEL_DELETED_REASON = 'The channel was deleted or the bot can no longer see it.';
export const ACCESS_LOST_REASON = 'The bot lost permission to post in the channel.';

/** `deleted`: the channel is gone (or invisible); `access-lost`: it exists but the bot may not post there. */
export type ChannelUnavailableReason = 'deleted' | 'access-lost';

/**
 * Thrown by a PostMessage (src/discord/digest-channel.ts maps Discord's 404 / Unknown Channel and
 * 403 / Missing Access / Missing Permissions to it) when retrying cannot help: the digest pauses
 * the subscription with `userMessage` as the reason, which /digest list shows.
 */
export class ChannelUnavailableError extends PaperboyError {
  override readonly name = 'ChannelUnavailableError';
  readonly code = 'channel_unavailable';
  readonly userMessage: string;

  readonly channelId: string;

  readonly reason: ChannelUnavailableReason;

  constructor(channelId: string, reason: ChannelUnavailableReason, options?: ErrorOptions) {
    super(`digest channel ${channelId} is unavailable (${reason})`, options);

    this.channelId = channelId;

    this.reason = reason;
    this.userMessage = reason === 'deleted' ? CHANNEL_DELETED_REASON : ACCESS_LOST_REASON;
  }
}

/** The pause reason when a failed post means the channel is gone for good; undefined for failures worth retrying. */
export function channelGoneReason(error: unknown): string | undefined {
  return error instanceof ChannelUnavailableError ? error.userMessage : undefined;
}
