import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { groundingWarnings } from '../../llm/grounding.ts';
import type { CompareAspect } from '../../llm/types.ts';
import { collapseWhitespace } from '../../text/index.ts';
import type { View } from '../../views.ts';
import { EMBED_FIELD_VALUE_MAX } from '../limits.ts';
import { fitEmbeds } from './fit.ts';
import { generatorLine, paperLink } from './paper-format.ts';
import { COLORS, type DiscordReply, NO_MENTIONS } from './reply.ts';
import { markdownLink, safeText } from './text.ts';

type ComparisonView = Extract<View, { kind: 'comparison' }>;

const ASPECT_NAMES: Readonly<Record<CompareAspect, string>> = {
  problem: 'Problem',
  method: 'Method',
  data: 'Data',
  results: 'Results',
  limitations: 'Limitations',
  novelty: 'Novelty',
};
// Discord lays out three inline fields per row; up to three papers get one cell per field, so each
// row of the embed is one aspect. More papers would pass 25 fields, so each aspect becomes one field.
const CELL_LAYOUT_MAX_PAPERS = 3;
const VERDICT_MAX = 700;
const TITLE_MAX = 140;

/** The aspect table as inline fields, with the papers listed (numbered) in the description. */
export function comparisonReply(view: ComparisonView): DiscordReply {
  const { comparison } = view;
  const papers = comparison.paperIds.map((id, i) => view.papers.find((p) => p.id === id) ?? view.papers[i]);
  const columns = comparison.paperIds.length;
  const description = papers
    .map((paper, i) =>
      paper
        ? `**[${i + 1}]** ${markdownLink(collapseWhitespace(paper.title), paperLink(paper), TITLE_MAX + 120)}`
        : `**[${i + 1}]** ${safeText(comparison.paperIds[i] ?? '', 100)}`,
    )
    .join('\n');
  const fields: APIEmbedField[] =
    columns <= CELL_LAYOUT_MAX_PAPERS ? cellFields(comparison.rows, columns) : aspectFields(comparison.rows);
  if (comparison.verdict.trim()) {
    fields.push({ name: 'Verdict', value: safeText(comparison.verdict.trim(), VERDICT_MAX) });
  }
  const warnings = groundingWarnings(comparison);
  if (warnings.length > 0) {
    fields.push({ name: '⚠ Check this comparison', value: safeText(warnings.join('\n'), EMBED_FIELD_VALUE_MAX) });
  }
  const embed: APIEmbed = {
    color: warnings.length > 0 ? COLORS.warning : COLORS.brand,
    title: `Comparison of ${columns} papers`,
    description,
    fields,
    footer: { text: generatorLine(comparison.generator) },
  };
  return { embeds: fitEmbeds([embed]), allowedMentions: NO_MENTIONS };
}

type Rows = ComparisonView['comparison']['rows'];

function cellFields(rows: Rows, columns: number): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  for (const row of rows) {
    for (let i = 0; i < columns; i++) {
      fields.push({
        name: `${ASPECT_NAMES[row.aspect] ?? row.aspect} · [${i + 1}]`,
        value: safeText(collapseWhitespace(row.cells[i] ?? '') || '—', EMBED_FIELD_VALUE_MAX),
        inline: true,
      });
    }
    // Pads a two-paper row to three, so the next aspect starts on its own line.
    if (columns === 2) fields.push({ name: '\u200b', value: '\u200b', inline: true });
  }
  return fields;
}

function aspectFields(rows: Rows): APIEmbedField[] {
  return rows.map((row) => {
    const perCell = Math.floor(EMBED_FIELD_VALUE_MAX / Math.max(1, row.cells.length)) - 8;
    return {
      name: ASPECT_NAMES[row.aspect] ?? row.aspect,
      value: row.cells
        .map((cell, i) => `**[${i + 1}]** ${safeText(collapseWhitespace(cell) || '—', perCell)}`)
        .join('\n'),
      inline: false,
    };
  });
}
