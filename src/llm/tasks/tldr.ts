import type { Paper } from '../../papers/paper.ts';
import { extractiveTldr } from '../extractive.ts';
import { groundTldr, TldrOutput, tldrPrompt } from '../tldr.ts';
import { defineTask } from './task.ts';

export interface TldrRequest {
  readonly paper: Paper;
}

/** One sentence about a paper, for digests. The extractive one needs no label: a digest line has none. */
export const tldrTask = defineTask({
  name: 'tldr',
  model: 'tldr',
  schemaName: 'tldr',
  schema: TldrOutput,
  prepare: (request: TldrRequest) => request,
  prompt: (prompts, { paper }) => tldrPrompt(prompts, paper),
  keyInputs: ({ paper }) => ({ papers: [paper] }),
  ground: (reply) => groundTldr(reply),
  extractive: ({ paper }) => groundTldr({ tldr: extractiveTldr(paper) }),
});
