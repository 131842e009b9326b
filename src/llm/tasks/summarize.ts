import { UserInputError } from '../../errors/index.ts';
import type { Paper } from '../../papers/paper.ts';
import { extractiveLanguage, extractiveSummary } from '../extractive.ts';
import { groundSummary, SummaryOutput, summarizePrompt } from '../summarize.ts';
import { SUMMARY_STYLES, type SummaryStyle } from '../types.ts';
import { checkLanguage } from './inputs.ts';
import { defineTask } from './task.ts';

export interface SummarizeRequest {
  readonly paper: Paper;
  readonly style: SummaryStyle;
  readonly language: string;
}

/** One paper's summary in a style and language (/summarize). */
export const summarizeTask = defineTask({
  name: 'summarize',
  model: 'summarize',
  schemaName: 'summary',
  schema: SummaryOutput,
  prepare(request: SummarizeRequest) {
    checkLanguage(request.language);
    if (!SUMMARY_STYLES.includes(request.style)) {
      throw new UserInputError(`Pick a style: ${SUMMARY_STYLES.join(', ')}.`);
    }
    return request;
  },
  prompt: (prompts, { paper, style, language }) => summarizePrompt(prompts, paper, style, language),
  keyInputs: ({ paper, style, language }) => ({ papers: [paper], style, language }),
  ground: (reply, { paper, style, language }, { model }) =>
    groundSummary(reply, paper, { style, language, generator: { kind: 'llm', model } }),
  extractive: ({ paper, style, language }, generator) =>
    groundSummary(extractiveSummary(paper, style), paper, {
      style,
      language: extractiveLanguage(language),
      generator,
    }),
});
