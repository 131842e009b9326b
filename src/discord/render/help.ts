import { type APIEmbed, MessageFlags } from 'discord-api-types/v10';
import { clip } from '../../text/index.ts';
import type { View } from '../../views.ts';
import { EMBED_FIELDS_MAX } from '../limits.ts';
import { fitEmbeds } from './fit.ts';
import { COLORS, type DiscordReply, NO_MENTIONS } from './reply.ts';
import { neutraliseMentions } from './text.ts';

type HelpView = Extract<View, { kind: 'help' }>;

/**
 * One field per command with its description and an example. Only the person who asked sees it:
 * over a thousand characters of help posted to the channel each time helps no one else (issue 15).
 */
export function helpReply(view: HelpView): DiscordReply {
  const embed: APIEmbed = {
    color: COLORS.brand,
    title: 'Paperboy commands',
    description: 'Find, summarize and compare research papers. Buttons and menus on results keep working for a day.',
    fields: view.commands.slice(0, EMBED_FIELDS_MAX).map((command) => ({
      name: clip(`/${command.name}`, 256),
      value: neutraliseMentions(`${command.description}\nExample: \`${command.example.replace(/`/g, "'")}\``),
    })),
  };
  return { embeds: fitEmbeds([embed]), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS };
}
