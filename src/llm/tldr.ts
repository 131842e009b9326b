import { z } from 'zod';
import type { Paper } from '../papers/paper.ts';
import { splitSentences } from '../text/index.ts';
import { delimitPaper } from './delimit.ts';
import { cleanOutput } from './grounding.ts';
import type { PromptRegistry, RenderedPrompt } from './prompts.ts';

export const TldrOutput = z.object({ tldr: z.string() });
export type TldrOutput = z.infer<typeof TldrOutput>;

// One line in a digest list; well under an embed field (1024).
export const TLDR_LIMIT = 300;

export function tldrPrompt(prompts: PromptRegistry, paper: Paper): RenderedPrompt {
  return prompts.render('tldr', { paper: delimitPaper(paper) });
}

/** The first sentence only, defanged and cut to TLDR_LIMIT. */
export function groundTldr(output: TldrOutput): string {
  const first = splitSentences(output.tldr)[0] ?? '';
  return cleanOutput(first, TLDR_LIMIT);
}
