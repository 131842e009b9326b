import type { APIEmbed } from 'discord-api-types/v10';
import { clip, collapseWhitespace } from '../../text/index.ts';
import type { View } from '../../views.ts';
import type { StoreState } from '../custom-id.ts';
import { EMBED_DESCRIPTION_MAX, EMBED_TITLE_MAX } from '../limits.ts';
import { type ActionRow, renderControls } from './components.ts';
import { fitEmbeds } from './fit.ts';
import { authorsLine, paperLink, shortDate } from './paper-format.ts';
import { COLORS, type DiscordReply, NO_MENTIONS } from './reply.ts';
import { markdownLink, neutraliseMentions, safeText } from './text.ts';

type PaperListView = Extract<View, { kind: 'paper-list' }>;

const TITLE_MAX = 160;
const SNIPPET_MAX = 220;
// Leaves room under the 6000 total for the title, footer and the other parts of the message.
const DESCRIPTION_BUDGET = EMBED_DESCRIPTION_MAX - 96;

/** Search results: one embed, one block per hit (linked title, authors, date, upvotes, snippet). */
export function paperListReply(view: PaperListView, storeState: StoreState): DiscordReply {
  const embed: APIEmbed = {
    color: COLORS.brand,
    title: safeText(collapseWhitespace(view.title), EMBED_TITLE_MAX),
    description: view.hits.length === 0 ? emptyText(view) : hitsText(view),
    footer: { text: footerText(view) },
  };
  const components: ActionRow[] = renderControls(view.controls, storeState);
  return { embeds: fitEmbeds([embed]), components, allowedMentions: NO_MENTIONS };
}

function hitsText(view: PaperListView): string {
  const separator = '\n\n';
  const perHit = Math.floor((DESCRIPTION_BUDGET - separator.length * (view.hits.length - 1)) / view.hits.length);
  return view.hits
    .map((hit, index) => {
      const { paper } = hit;
      // Numbers run on across pages (page 2 of 5 starts at 6) and match the menus' labels.
      const heading = `**${view.offset + index + 1}.** ${markdownLink(collapseWhitespace(paper.title), paperLink(paper), TITLE_MAX + 120)}`;
      const meta = [
        authorsLine(paper.authors, 120),
        shortDate(paper.listedOn ?? paper.published),
        paper.upvotes === undefined ? '' : `▲ ${paper.upvotes}`,
      ]
        .filter(Boolean)
        .join(' · ');
      const fixed = heading.length + 1 + meta.length + 1;
      const snippetRoom = Math.min(SNIPPET_MAX, perHit - fixed);
      const snippet = snippetRoom >= 20 ? safeText(collapseWhitespace(hit.snippet || paper.abstract), snippetRoom) : '';
      const block = [heading, meta, snippet].filter(Boolean).join('\n');
      // A block whose heading alone blows the per-hit budget (a very long URL) is cut to fit.
      return clip(block, perHit);
    })
    .join(separator);
}

function emptyText(view: PaperListView): string {
  if (view.page > 0) return 'No more results.';
  return view.empty
    ? safeText(view.empty, 500)
    : `No papers matched ${safeText(`"${collapseWhitespace(view.query)}"`, 200)}. Try other words, or a wider \`since\`.`;
}

function footerText(view: PaperListView): string {
  const parts = [`Page ${view.page + 1}${view.hasMore ? ' · more available' : ''}`];
  for (const notice of view.notices) parts.push(`⚠ ${collapseWhitespace(notice)}`);
  return neutraliseMentions(parts.join(' · '));
}
