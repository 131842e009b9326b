import type { Paper } from '../papers/paper.ts';
import type { Passage } from '../search/passage-search.ts';
import { type AnswerOutput, groundCitedAnswer } from './ask.ts';
import { delimitPassages, delimitQuestion, MAX_TITLE_CHARS, neutralizeUntrusted } from './delimit.ts';
import type { PromptRegistry, RenderedPrompt } from './prompts.ts';
import type { Answer, Generator } from './types.ts';

export const PAPER_NOT_ANSWERED = "This paper's text doesn't answer that question.";

export function askPaperPrompt(
  prompts: PromptRegistry,
  question: string,
  paper: Pick<Paper, 'title'>,
  passages: readonly Passage[],
  language: string,
): RenderedPrompt {
  return prompts.render('ask-paper', {
    language,
    title: `<title>${neutralizeUntrusted(paper.title, MAX_TITLE_CHARS)}</title>`,
    passages: delimitPassages(passages),
    count: String(passages.length),
    question: delimitQuestion(question),
  });
}

/**
 * As groundAnswer, for passages of one paper: only citations [n] of given passages stay, each
 * mapped to the paper and the passage's section; numbers no passage states are flagged; an
 * answer left with no valid citation is "not answered".
 */
export function groundPaperAnswer(
  output: AnswerOutput,
  paper: Pick<Paper, 'id' | 'title'>,
  passages: readonly Passage[],
  generator: Generator,
  question = '',
): Answer {
  return groundCitedAnswer(output, generator, {
    count: passages.length,
    cite: (n) => {
      const passage = passages[n - 1];
      return passage ? { n, paperId: paper.id, section: passage.section } : undefined;
    },
    known: [question, paper.title, ...passages.map((p) => `${p.section}\n${p.text}`)].join('\n'),
    notAnswered: PAPER_NOT_ANSWERED,
  });
}
