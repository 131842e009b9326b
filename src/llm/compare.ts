import { z } from 'zod';
import type { Paper } from '../papers/paper.ts';
import { delimitPapers } from './delimit.ts';
import { checkCitations, cleanOutput, FIELD_LIMIT, findUnverifiedNumbers, withoutCitations } from './grounding.ts';
import type { PromptRegistry, RenderedPrompt } from './prompts.ts';
import { COMPARE_ASPECTS, type CompareAspect, type Comparison, type Generator } from './types.ts';

export const NOT_STATED = 'Not stated in the abstract.';

/** What the model must return: per aspect, one cell per paper, each naming its paper number. */
export const ComparisonOutput = z.object({
  rows: z.array(
    z.object({
      aspect: z.enum(COMPARE_ASPECTS),
      cells: z.array(z.object({ paper: z.number().int(), text: z.string() })),
    }),
  ),
  verdict: z.string(),
});
export type ComparisonOutput = z.infer<typeof ComparisonOutput>;

export function comparePrompt(prompts: PromptRegistry, papers: readonly Paper[], language: string): RenderedPrompt {
  return prompts.render('compare', { language, papers: delimitPapers(papers), count: String(papers.length) });
}

export interface GroundedComparison {
  readonly comparison: Comparison;
  /** Cells the model left out (filled with NOT_STATED) or attributed to no given paper (dropped). */
  readonly repairs: number;
}

/**
 * Builds the aspects × papers table from cells that name their paper, so a cell can only land in
 * its own paper's column: unknown paper numbers and repeats are dropped, missing cells say
 * NOT_STATED, and the verdict keeps only citations of given papers.
 */
export function groundComparison(
  output: ComparisonOutput,
  papers: readonly Paper[],
  generator: Generator,
): GroundedComparison {
  let repairs = 0;
  const rows = COMPARE_ASPECTS.map((aspect: CompareAspect) => {
    const cells: Array<string | undefined> = papers.map(() => undefined);
    for (const row of output.rows.filter((r) => r.aspect === aspect)) {
      for (const cell of row.cells) {
        const index = cell.paper - 1;
        if (index < 0 || index >= papers.length || cells[index] !== undefined) {
          repairs++;
          continue;
        }
        cells[index] = cleanOutput(cell.text, FIELD_LIMIT) || undefined;
      }
    }
    return {
      aspect,
      cells: cells.map((cell) => {
        if (cell !== undefined) return cell;
        repairs++;
        return NOT_STATED;
      }),
    };
  });
  const checked = checkCitations(output.verdict, papers.length);
  const verdict = cleanOutput(checked.text, FIELD_LIMIT);
  // Each cell is checked against its own paper; the verdict against them all.
  const unverified = new Set<string>();
  for (const row of rows) {
    for (const [i, cell] of row.cells.entries()) {
      const paper = papers[i];
      for (const n of findUnverifiedNumbers([cell], `${paper?.title}\n${paper?.abstract}`)) unverified.add(n);
    }
  }
  const allText = papers.map((p) => `${p.title}\n${p.abstract}`).join('\n');
  for (const n of findUnverifiedNumbers([withoutCitations(verdict)], allText)) unverified.add(n);
  const flags = {
    ...(unverified.size > 0 ? { unverifiedNumbers: [...unverified] } : {}),
    ...(checked.dropped.length > 0 ? { droppedCitations: checked.dropped } : {}),
  };
  return { comparison: { paperIds: papers.map((p) => p.id), rows, verdict, generator, ...flags }, repairs };
}
