import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { collapseWhitespace } from '../../text/index.ts';
import type { View } from '../../views.ts';
import type { StoreState } from '../custom-id.ts';
import { EMBED_TITLE_MAX } from '../limits.ts';
import { renderControls } from './components.ts';
import { fitEmbeds } from './fit.ts';
import { authorsLine, displayId, linksLine, paperLink, shortDate } from './paper-format.ts';
import { COLORS, type DiscordReply, NO_MENTIONS } from './reply.ts';
import { safeText } from './text.ts';

type PaperView = Extract<View, { kind: 'paper' }>;

const ABSTRACT_MAX = 3000;
const AUTHORS_MAX = 256;

/** A metadata card: title, authors, abstract, dates, categories, counts and links. */
export function paperReply(view: PaperView, storeState: StoreState): DiscordReply {
  const { paper } = view;
  const fields: APIEmbedField[] = [{ name: 'Id', value: safeText(displayId(paper), 200), inline: true }];
  fields.push({ name: 'Published', value: shortDate(paper.published) || '—', inline: true });
  if (paper.updated) fields.push({ name: 'Updated', value: shortDate(paper.updated), inline: true });
  if (paper.categories.length > 0) {
    fields.push({ name: 'Categories', value: safeText(paper.categories.join(', '), 300), inline: true });
  }
  if (paper.upvotes !== undefined) fields.push({ name: 'Upvotes', value: `▲ ${paper.upvotes}`, inline: true });
  if (paper.citationCount !== undefined) {
    fields.push({ name: 'Citations', value: String(paper.citationCount), inline: true });
  }
  if (paper.tldr) fields.push({ name: 'TL;DR', value: safeText(collapseWhitespace(paper.tldr), 600) });
  if (paper.comment) fields.push({ name: 'Comment', value: safeText(collapseWhitespace(paper.comment), 300) });
  const links = linksLine(paper);
  if (links) fields.push({ name: 'Links', value: links });
  const authors = authorsLine(paper.authors, AUTHORS_MAX);
  const embed: APIEmbed = {
    color: COLORS.brand,
    title: safeText(collapseWhitespace(paper.title), EMBED_TITLE_MAX),
    ...(paperLink(paper) ? { url: paperLink(paper) } : {}),
    ...(authors ? { author: { name: authors } } : {}),
    description: safeText(paper.abstract.trim(), ABSTRACT_MAX) || 'No abstract available.',
    fields,
    footer: { text: `Sources: ${paper.sources.join(', ') || 'unknown'}` },
  };
  return {
    embeds: fitEmbeds([embed]),
    components: renderControls(view.controls, storeState),
    allowedMentions: NO_MENTIONS,
  };
}
