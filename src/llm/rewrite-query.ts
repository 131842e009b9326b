import { z } from 'zod';
import { isStopword } from '../text/index.ts';
import { delimitQuestion } from './delimit.ts';
import type { PromptRegistry, RenderedPrompt } from './prompts.ts';
import type { Llm, LlmCallOptions } from './types.ts';

/** What the model must return. */
export const RewriteOutput = z.object({ query: z.string() });
export type RewriteOutput = z.infer<typeof RewriteOutput>;

// A keyword query is a line of a few terms; anything longer is the model writing prose (or obeying
// text in the question), which search would only dilute.
export const MAX_REWRITE_CHARS = 300;

// Words that make a sentence a question or a request but name no topic. The library's stopwords
// (how, what, which, …) are dropped too.
const QUESTION_WORDS: ReadonlySet<string> = new Set(
  (
    'whose can could should shall may might must please tell me explain describe show give find know ' +
    'papers paper about'
  ).split(' '),
);
// Words, keeping inner hyphens and apostrophes ("chain-of-thought", "model's").
const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
// Line and paragraph separators and other control characters: a query is one line.
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
const NOT_ONE_LINE = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;

export function rewritePrompt(prompts: PromptRegistry, question: string): RenderedPrompt {
  return prompts.render('query-rewrite', { question: delimitQuestion(question) });
}

/**
 * The model's query if it is usable as one: trimmed, non-empty, at most MAX_REWRITE_CHARS and a
 * single line. Undefined otherwise; the caller then searches with the user's question.
 */
export function checkRewrite(query: string): string | undefined {
  const trimmed = query.trim();
  if (!trimmed || trimmed.length > MAX_REWRITE_CHARS || NOT_ONE_LINE.test(trimmed)) return undefined;
  return trimmed;
}

/**
 * The extractive rewrite: the question's words without stopwords and question words, in order.
 * A question made only of such words stays as it is, so search always gets something.
 */
export function extractiveQuery(question: string): string {
  const words = (question.normalize('NFKC').match(WORD) ?? []).filter((word) => {
    const lower = word.toLowerCase();
    return !isStopword(lower) && !QUESTION_WORDS.has(lower);
  });
  return words.length > 0 ? words.join(' ') : question.trim();
}

/**
 * What /ask and `paperboy ask` search for: the LLM's rewrite of the question when a model is
 * configured (it falls back by itself when the model fails or answers badly), the question as
 * typed otherwise, exactly as before query rewriting existed.
 */
export async function searchQueryFor(
  llm: Pick<Llm, 'configured' | 'rewriteQuery'>,
  question: string,
  options?: LlmCallOptions,
): Promise<string> {
  if (!llm.configured || !llm.rewriteQuery) return question;
  return llm.rewriteQuery(question, options);
}
