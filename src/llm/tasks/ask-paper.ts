import { UpstreamError } from '../../errors/index.ts';
import type { Paper } from '../../papers/paper.ts';
import type { Passage } from '../../search/passage-search.ts';
import { AnswerOutput } from '../ask.ts';
import { askPaperPrompt, groundPaperAnswer } from '../ask-paper.ts';
import { extractiveAnswer } from '../extractive.ts';
import { checkLanguage, checkQuestion, type WithLanguage } from './inputs.ts';
import { defineTask } from './task.ts';

// Retrieval picks a few passages; more would dilute the prompt and the citations.
export const MAX_ASK_PASSAGES = 8;

export interface AskPaperRequest extends WithLanguage {
  readonly question: string;
  readonly paper: Paper;
  readonly passages: readonly Passage[];
}

/** A question about one paper, answered from passages of its text with citations (/ask in a Discuss thread). */
export const askPaperTask = defineTask({
  name: 'ask-paper',
  model: 'ask',
  schemaName: 'answer',
  schema: AnswerOutput,
  prepare(request: AskPaperRequest) {
    const language = checkLanguage(request.language);
    const question = checkQuestion(request.question);
    return { question, paper: request.paper, passages: request.passages.slice(0, MAX_ASK_PASSAGES), language };
  },
  skipModel: ({ passages }) => passages.length === 0,
  prompt: (prompts, { question, paper, passages, language }) =>
    askPaperPrompt(prompts, question, paper, passages, language),
  // The passages' text is in the prompt's inputs, which the key covers; the paper names the output.
  keyInputs: ({ question, paper, language }) => ({ papers: [paper], language, question }),
  ground(reply, { question, paper, passages }, { model }) {
    const answer = groundPaperAnswer(reply, paper, passages, { kind: 'llm', model }, question);
    // As ask: an answer whose every citation is made up is rejected, not cached as "not answered".
    if (reply.answered && !answer.answered) {
      throw new UpstreamError('llm', 'bad_response', `${model} cited none of the ${passages.length} passages given`);
    }
    return answer;
  },
  // The extractive answer picks sentences by passage, as it does by paper.
  extractive: ({ question, paper, passages }, generator) =>
    groundPaperAnswer(
      extractiveAnswer(
        question,
        passages.map((passage) => ({ title: '', abstract: passage.text })),
      ),
      paper,
      passages,
      generator,
      question,
    ),
});
