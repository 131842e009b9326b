import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { groundingWarnings } from '../../llm/grounding.ts';
import { collapseWhitespace } from '../../text/index.ts';
import type { View } from '../../views.ts';
import { EMBED_DESCRIPTION_MAX, EMBED_FIELD_VALUE_MAX, EMBED_TITLE_MAX } from '../limits.ts';
import { fitEmbeds } from './fit.ts';
import { generatorLine, paperLink } from './paper-format.ts';
import { COLORS, type DiscordReply, NO_MENTIONS } from './reply.ts';
import { markdownLink, neutraliseMentions, safeText } from './text.ts';

type AnswerView = Extract<View, { kind: 'answer' }>;

const SOURCE_TITLE_MAX = 110;
const SECTION_MAX = 80;

/** The answer with its [n] citations kept, then the cited papers as a numbered, linked list. */
export function answerReply(view: AnswerView): DiscordReply {
  const { answer } = view;
  const cited = [...new Map(answer.citations.map((c) => [c.n, c])).values()].sort((a, b) => a.n - b.n);
  const fields: APIEmbedField[] = [];
  const sources = cited.map(({ n, paperId, section }) => {
    const paper = view.papers.find((p) => p.id === paperId) ?? (section === undefined ? view.papers[n - 1] : undefined);
    const label = paper
      ? markdownLink(collapseWhitespace(paper.title), paperLink(paper), SOURCE_TITLE_MAX + 120)
      : safeText(paperId, 100);
    // A passage of the thread's paper: which section it is from ("§ 3.1 Draft model").
    return section === undefined ? `**[${n}]** ${label}` : `**[${n}]** § ${safeText(section, SECTION_MAX)} · ${label}`;
  });
  if (sources.length > 0) fields.push({ name: 'Sources', value: fitLines(sources, EMBED_FIELD_VALUE_MAX) });
  const warnings = groundingWarnings(answer);
  if (warnings.length > 0) {
    fields.push({ name: '⚠ Check this answer', value: safeText(warnings.join('\n'), EMBED_FIELD_VALUE_MAX) });
  }
  const embed: APIEmbed = {
    color: answer.answered && warnings.length === 0 ? COLORS.brand : COLORS.warning,
    title: safeText(collapseWhitespace(view.question), EMBED_TITLE_MAX),
    // Citations look like [1]; escaping brackets keeps them from turning into Markdown links.
    description: safeText(answer.text.trim(), EMBED_DESCRIPTION_MAX),
    fields,
    footer: {
      text: neutraliseMentions(
        [generatorLine(answer.generator), ...view.notices.map((n) => `⚠ ${collapseWhitespace(n)}`)].join(' · '),
      ),
    },
  };
  return { embeds: fitEmbeds([embed]), allowedMentions: NO_MENTIONS };
}

/** Whole lines only, as many as fit, with a count of the rest. */
function fitLines(lines: readonly string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    const more = `\n…and ${lines.length - i} more`;
    if (length + line.length + 1 + (i < lines.length - 1 ? more.length : 0) > max) {
      kept.push(more.trim());
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n');
}
