import type { APIEmbed } from 'discord-api-types/v10';
import type { View } from '../../views.ts';
import { EMBED_FIELDS_MAX } from '../limits.ts';
import { fitEmbeds } from './fit.ts';
import { COLORS, type DiscordReply, NO_MENTIONS } from './reply.ts';
import { escapeText } from './text.ts';

type StatusView = Extract<View, { kind: 'status' }>;

/** Each source, the LLM and the cache as inline fields, marked ✅ or ⚠️; the version in the footer. */
export function statusReply(view: StatusView): DiscordReply {
  const healthy = view.entries.every((entry) => entry.ok);
  const embed: APIEmbed = {
    color: healthy ? COLORS.success : COLORS.warning,
    title: healthy ? 'Paperboy status: all good' : 'Paperboy status: degraded',
    fields: view.entries.slice(0, EMBED_FIELDS_MAX).map((entry) => ({
      name: `${entry.ok ? '✅' : '⚠️'} ${entry.name}`,
      // Details carry names from outside (model ids such as `my_model_v2`): shown as written, not as Markdown.
      value: escapeText(entry.detail) || '—',
      inline: true,
    })),
    footer: { text: `Paperboy ${view.version}` },
  };
  return { embeds: fitEmbeds([embed]), allowedMentions: NO_MENTIONS };
}
