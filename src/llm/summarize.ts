import { z } from 'zod';
import type { Paper } from '../papers/paper.ts';
import { delimitHint, delimitPaper } from './delimit.ts';
import { cleanOutput, FIELD_LIMIT, findUnverifiedNumbers } from './grounding.ts';
import type { PromptRegistry, RenderedPrompt } from './prompts.ts';
import type { Generator, Summary, SummaryStyle } from './types.ts';

/** What the model must return for a summary. */
export const SummaryOutput = z.object({
  tldr: z.string(),
  keyPoints: z.array(z.string()),
  method: z.string(),
  results: z.string(),
  limitations: z.string(),
});
export type SummaryOutput = z.infer<typeof SummaryOutput>;

// A summary is read in chat: more points than this stop being a summary.
export const MAX_KEY_POINTS = 8;

export function summarizePrompt(
  prompts: PromptRegistry,
  paper: Paper,
  style: SummaryStyle,
  language: string,
): RenderedPrompt {
  return prompts.render('summarize', {
    language,
    paper: delimitPaper(paper),
    hint: delimitHint(paper.aiSummary),
    tldr: style === 'tldr',
    detailed: style === 'detailed',
    eli5: style === 'eli5',
    bullets: style === 'bullets',
  });
}

/**
 * Turns a model's (or the fallback's) output into a Summary: mentions defanged, every field
 * trimmed to an embed field, and numbers the title and abstract do not contain flagged.
 */
export function groundSummary(
  output: SummaryOutput,
  paper: Paper,
  options: { style: SummaryStyle; language: string; generator: Generator },
): Summary {
  const keyPoints = output.keyPoints
    .map((point) => cleanOutput(point, FIELD_LIMIT))
    .filter(Boolean)
    .slice(0, MAX_KEY_POINTS);
  const fields = {
    tldr: cleanOutput(output.tldr, FIELD_LIMIT),
    keyPoints,
    method: cleanOutput(output.method, FIELD_LIMIT),
    results: cleanOutput(output.results, FIELD_LIMIT),
    limitations: cleanOutput(output.limitations, FIELD_LIMIT),
  };
  const generated = [fields.tldr, ...fields.keyPoints, fields.method, fields.results, fields.limitations];
  return {
    ...fields,
    unverifiedNumbers: findUnverifiedNumbers(generated, `${paper.title}\n${paper.abstract}`),
    style: options.style,
    language: options.language,
    generator: options.generator,
  };
}
