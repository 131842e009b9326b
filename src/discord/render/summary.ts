import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { collapseWhitespace } from '../../text/index.ts';
import type { View } from '../../views.ts';
import type { StoreState } from '../custom-id.ts';
import { EMBED_FIELD_VALUE_MAX, EMBED_TITLE_MAX } from '../limits.ts';
import { renderControls } from './components.ts';
import { fitEmbeds } from './fit.ts';
import { authorsLine, generatorLine, linksLine, paperLink } from './paper-format.ts';
import { COLORS, type DiscordReply, NO_MENTIONS } from './reply.ts';
import { safeText } from './text.ts';

type SummaryView = Extract<View, { kind: 'summary' }>;

const TLDR_MAX = 1200;
const SECTION_MAX = 900;

/** A summary embed: TL;DR, key points, method/results/limitations, links and who generated it. */
export function summaryReply(view: SummaryView, storeState: StoreState): DiscordReply {
  const { paper, summary } = view;
  const fields: APIEmbedField[] = [];
  if (summary.keyPoints.length > 0) {
    fields.push({ name: 'Key points', value: bullets(summary.keyPoints, EMBED_FIELD_VALUE_MAX) });
  }
  for (const [name, text] of [
    ['Method', summary.method],
    ['Results', summary.results],
    ['Limitations', summary.limitations],
  ] as const) {
    if (text.trim()) fields.push({ name, value: safeText(text.trim(), SECTION_MAX) });
  }
  const links = linksLine(paper);
  if (links) fields.push({ name: 'Links', value: links });
  if (summary.unverifiedNumbers.length > 0) {
    fields.push({
      name: '⚠ Check these numbers',
      value: safeText(
        `Not found in the abstract: ${summary.unverifiedNumbers.map((n) => collapseWhitespace(n)).join(', ')}`,
        EMBED_FIELD_VALUE_MAX,
      ),
    });
  }
  const authors = authorsLine(paper.authors, 256);
  const embed: APIEmbed = {
    color: summary.unverifiedNumbers.length > 0 ? COLORS.warning : COLORS.brand,
    title: safeText(collapseWhitespace(paper.title), EMBED_TITLE_MAX),
    ...(paperLink(paper) ? { url: paperLink(paper) } : {}),
    ...(authors ? { author: { name: authors } } : {}),
    description: `**TL;DR** ${safeText(collapseWhitespace(summary.tldr), TLDR_MAX)}`,
    fields,
    footer: { text: generatorLine(summary.generator) },
  };
  return {
    embeds: fitEmbeds([embed]),
    components: renderControls(view.controls, storeState),
    allowedMentions: NO_MENTIONS,
  };
}

/** "• point" lines, each trimmed so all of them fit in `max`. */
export function bullets(points: readonly string[], max: number): string {
  const perPoint = Math.floor(max / points.length) - 3;
  const lines = points.map((point) => `• ${safeText(collapseWhitespace(point), Math.max(20, perPoint))}`);
  let text = lines.join('\n');
  while (text.length > max && lines.length > 1) {
    lines.pop();
    text = lines.join('\n');
  }
  return text.length > max ? safeText(text, max) : text;
}
