import { UpstreamError } from '../../errors/index.ts';
import type { Paper } from '../../papers/paper.ts';
import { AnswerOutput, askPrompt, groundAnswer } from '../ask.ts';
import { extractiveAnswer } from '../extractive.ts';
import { checkLanguage, checkQuestion, dedupePapers, type WithLanguage } from './inputs.ts';
import { defineTask } from './task.ts';

// Retrieval gives ask a handful of papers; more would only dilute the prompt.
export const MAX_ASK_PAPERS = 10;

export interface AskRequest extends WithLanguage {
  readonly question: string;
  readonly papers: readonly Paper[];
}

/** A question answered from the given papers' abstracts, with citations (/ask). */
export const askTask = defineTask({
  name: 'ask',
  model: 'ask',
  schemaName: 'answer',
  schema: AnswerOutput,
  prepare(request: AskRequest) {
    const language = checkLanguage(request.language);
    const question = checkQuestion(request.question);
    return { question, papers: dedupePapers(request.papers).slice(0, MAX_ASK_PAPERS), language };
  },
  // Nothing to ground an answer on: "not answered" without asking the model. Neither extractive
  // reason quite fits; /ask never gets here (it says "no papers found" first), `paperboy ask` may.
  skipModel: ({ papers }) => papers.length === 0,
  prompt: (prompts, { question, papers, language }) => askPrompt(prompts, question, papers, language),
  keyInputs: ({ question, papers, language }) => ({ papers, language, question }),
  ground(reply, { question, papers }, { model }) {
    const answer = groundAnswer(reply, papers, { kind: 'llm', model }, question);
    // An answer whose every citation is made up would become "not answered" and be cached for a
    // month, replayed even once the model behaves (issue 12): rejected instead, nothing is cached.
    if (reply.answered && !answer.answered) {
      throw new UpstreamError('llm', 'bad_response', `${model} cited none of the ${papers.length} papers given`);
    }
    return answer;
  },
  extractive: ({ question, papers }, generator) =>
    groundAnswer(extractiveAnswer(question, papers), papers, generator, question),
});
