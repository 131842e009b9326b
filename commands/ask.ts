import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { CommandContext, OptionsOf } from '../src/interactions/types.ts';
import { searchForQuestion } from '../src/llm/question-search.ts';
import type { View } from '../src/views.ts';
import { askInThread, threadPaperId } from './shared/ask-in-thread.ts';

// Abstracts given to the model per question: enough to cite, few enough to stay grounded and fast.
const RETRIEVED_PAPERS = 5;

export const definition = {
  name: 'ask',
  description: 'Ask a question; answered from paper abstracts with citations',
  options: [
    {
      name: 'question',
      description: 'e.g. "How does speculative decoding verify draft tokens?"',
      type: ApplicationCommandOptionType.String,
      required: true,
      min_length: 3,
      max_length: 500,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const defer = 'public';
export const llm = true;

export async function handle(input: OptionsOf<typeof definition>, ctx: CommandContext): Promise<View> {
  // Inside a Discuss thread the question is about the thread's paper.
  const paperId = await threadPaperId(ctx);
  if (paperId) return askInThread(input.question, paperId, ctx);
  const { search, llm } = ctx.services;
  // A question retrieves better as keywords ("How does X verify drafts?" → "X draft verification"),
  // searched beside the question itself, so that a weak rewrite loses nothing.
  const { papers, notices } = await searchForQuestion({ llm, search }, input.question, {
    limit: RETRIEVED_PAPERS,
    signal: ctx.signal,
  });
  if (papers.length === 0) {
    return {
      kind: 'message',
      tone: 'warning',
      text: 'I found no papers about that, so I cannot answer from sources. Try /papers with other words.',
    };
  }
  const answer = await llm.ask(input.question, papers, { signal: ctx.signal });
  return { kind: 'answer', question: input.question, answer, papers, notices };
}
