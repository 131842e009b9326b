import { z } from 'zod';
import type { Paper } from '../papers/paper.ts';
import { delimitPapers, delimitQuestion } from './delimit.ts';
import {
  checkCitations,
  cleanOutput,
  DESCRIPTION_LIMIT,
  findUnverifiedNumbers,
  withoutCitations,
} from './grounding.ts';
import type { PromptRegistry, RenderedPrompt } from './prompts.ts';
import type { Answer, Generator } from './types.ts';

export const NOT_ANSWERED = "These papers don't answer that question.";

/** What the model must return. */
export const AnswerOutput = z.object({ answered: z.boolean(), text: z.string() });
export type AnswerOutput = z.infer<typeof AnswerOutput>;

export function askPrompt(
  prompts: PromptRegistry,
  question: string,
  papers: readonly Paper[],
  language: string,
): RenderedPrompt {
  return prompts.render('ask', {
    language,
    papers: delimitPapers(papers),
    count: String(papers.length),
    question: delimitQuestion(question),
  });
}

/**
 * Keeps only citations of given papers and maps each [n] to its paper; the citations removed and
 * the numbers no paper (nor the question) states are flagged. An answer left with no valid
 * citation is not grounded in the papers, so it becomes "not answered" rather than shown (the ask
 * task rejects such a model reply, so it is never cached).
 */
export function groundAnswer(
  output: AnswerOutput,
  papers: readonly Paper[],
  generator: Generator,
  question = '',
): Answer {
  return groundCitedAnswer(output, generator, {
    count: papers.length,
    cite: (n) => {
      const paper = papers[n - 1];
      return paper ? { n, paperId: paper.id } : undefined;
    },
    known: [question, ...papers.map((p) => `${p.title}\n${p.abstract}`)].join('\n'),
  });
}

/** What an answer may cite: `count` numbered sources, each [n] as a citation, and the text they state. */
export interface CitableSources {
  readonly count: number;
  readonly cite: (n: number) => Answer['citations'][number] | undefined;
  /** Everything the sources (and the question) say, to check the answer's numbers against. */
  readonly known: string;
  /** What an answer the sources do not support says (default NOT_ANSWERED). */
  readonly notAnswered?: string;
}

/** groundAnswer's checks over any numbered sources (papers, or passages of one paper). */
export function groundCitedAnswer(output: AnswerOutput, generator: Generator, sources: CitableSources): Answer {
  const fallback = sources.notAnswered ?? NOT_ANSWERED;
  const notAnswered: Answer = { text: fallback, citations: [], answered: false, generator };
  if (!output.answered) {
    const text = cleanOutput(checkCitations(output.text, 0).text, DESCRIPTION_LIMIT);
    return { ...notAnswered, text: text || fallback };
  }
  const checked = checkCitations(output.text, sources.count);
  if (checked.cited.length === 0) return notAnswered;
  // Trimming may cut off the last citations; list only those still in the text.
  const text = cleanOutput(checked.text, DESCRIPTION_LIMIT);
  const citations = checkCitations(text, sources.count).cited.flatMap((n) => sources.cite(n) ?? []);
  const unverifiedNumbers = findUnverifiedNumbers([withoutCitations(text)], sources.known);
  return {
    text,
    citations,
    answered: true,
    generator,
    ...(unverifiedNumbers.length > 0 ? { unverifiedNumbers } : {}),
    ...(checked.dropped.length > 0 ? { droppedCitations: checked.dropped } : {}),
  };
}
