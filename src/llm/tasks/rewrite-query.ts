import { checkRewrite, extractiveQuery, RewriteOutput, rewritePrompt } from '../rewrite-query.ts';
import { checkQuestion } from './inputs.ts';
import { defineTask } from './task.ts';

export interface RewriteQueryRequest {
  readonly question: string;
}

/** A chat question as a short keyword query for paper search (/ask retrieves with it). */
export const rewriteQueryTask = defineTask({
  name: 'query-rewrite',
  // Rewriting serves /ask, so it runs on ask's model (LLM_MODEL_ASK).
  model: 'ask',
  schemaName: 'search_query',
  schema: RewriteOutput,
  prepare: ({ question }: RewriteQueryRequest) => ({ question: checkQuestion(question) }),
  prompt: (prompts, { question }) => rewritePrompt(prompts, question),
  keyInputs: ({ question }) => ({ papers: [], question }),
  // The raw reply is cached and checked on every use, so a rejected rewrite costs no second call.
  ground: (reply) => reply,
  finish({ query }, { question }, log): string {
    const checked = checkRewrite(query);
    if (checked === undefined) {
      // Only the length: the rejected text may be anything the question talked the model into.
      log.warn({ task: 'query-rewrite', chars: query.length }, 'query rewrite rejected; searching with the question');
      return question;
    }
    log.debug({ task: 'query-rewrite', query: checked }, 'query rewritten');
    return checked;
  },
  extractive: ({ question }) => extractiveQuery(question),
});
