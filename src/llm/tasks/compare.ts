import { UpstreamError, UserInputError } from '../../errors/index.ts';
import type { Paper } from '../../papers/paper.ts';
import { ComparisonOutput, comparePrompt, groundComparison } from '../compare.ts';
import { extractiveComparison } from '../extractive.ts';
import type { Comparison } from '../types.ts';
import { MAX_COMPARE, MIN_COMPARE } from '../types.ts';
import { checkLanguage, dedupePapers, type WithLanguage } from './inputs.ts';
import { defineTask } from './task.ts';

export interface CompareRequest extends WithLanguage {
  readonly papers: readonly Paper[];
}

/** 2–5 different papers side by side, aspect by aspect (/compare). */
export const compareTask = defineTask({
  name: 'compare',
  model: 'compare',
  schemaName: 'comparison',
  schema: ComparisonOutput,
  prepare(request: CompareRequest) {
    const language = checkLanguage(request.language);
    const unique = dedupePapers(request.papers);
    if (unique.length < MIN_COMPARE || unique.length > MAX_COMPARE) {
      throw new UserInputError(`Compare needs ${MIN_COMPARE} to ${MAX_COMPARE} different papers.`);
    }
    return { papers: unique, language };
  },
  prompt: (prompts, { papers, language }) => comparePrompt(prompts, papers, language),
  keyInputs: ({ papers, language }) => ({ papers, language }),
  ground(reply, { papers }, { model, log }): Comparison {
    const { comparison, repairs } = groundComparison(reply, papers, { kind: 'llm', model });
    if (repairs === papers.length * comparison.rows.length) {
      throw new UpstreamError('llm', 'bad_response', `${model} returned no usable comparison cells`);
    }
    if (repairs > 0) log.warn({ task: 'compare', model, repairs }, 'comparison cells repaired');
    return comparison;
  },
  extractive({ papers }, generator): Comparison {
    const output = extractiveComparison(papers);
    return { ...groundComparison(output, papers, generator).comparison, sharedTerms: output.sharedTerms };
  },
});
