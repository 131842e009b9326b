import { UserInputError } from '../../errors/index.ts';
import type { CheckChannel, DigestPermission, DigestStyle } from '../types.ts';

const LABELS: Readonly<Record<DigestPermission, string>> = {
  ViewChannel: 'View Channel',
  SendMessages: 'Send Messages',
  EmbedLinks: 'Embed Links',
  ReadMessageHistory: 'Read Message History',
  CreatePublicThreads: 'Create Public Threads',
  SendMessagesInThreads: 'Send Messages in Threads',
};

/** The permissions a digest in this style needs in its channel. */
export function requiredPermissions(style: DigestStyle): DigestPermission[] {
  const base: DigestPermission[] = ['ViewChannel', 'SendMessages', 'EmbedLinks', 'ReadMessageHistory'];
  return style === 'threads' ? [...base, 'CreatePublicThreads', 'SendMessagesInThreads'] : base;
}

/**
 * Checks, through the Discord runtime's `checkChannel`, that the bot can post this style of digest
 * in the channel.
 * @throws UserInputError naming exactly what is missing (the channel, or each permission).
 */
export async function checkChannelAccess(
  checkChannel: CheckChannel,
  { channelId, guildId, style }: { readonly channelId: string; readonly guildId: string; readonly style: DigestStyle },
): Promise<void> {
  const check = await checkChannel(channelId);
  if (check.kind === 'missing') {
    throw new UserInputError(
      `I can't see <#${channelId}>. Check that it exists and that Paperboy's role has View Channel there.`,
    );
  }
  if (check.guildId !== undefined && check.guildId !== guildId) {
    throw new UserInputError('That channel is in another server. Pick a channel of this server.');
  }
  if (!check.textBased) throw new UserInputError('Digests can only be posted in text or announcement channels.');
  const granted = new Set(check.granted);
  const missing = requiredPermissions(style).filter((permission) => !granted.has(permission));
  if (missing.length > 0) {
    throw new UserInputError(
      `Paperboy is missing ${missing.map((p) => LABELS[p]).join(', ')} in <#${channelId}>` +
        `${style === 'threads' ? ' (the threads style needs thread permissions)' : ''}. ` +
        'Grant them to its role in the channel settings, then subscribe again.',
    );
  }
}
