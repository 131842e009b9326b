import type { CommandContext } from '../../src/interactions/types.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { type Passage, searchPassages } from '../../src/search/passage-search.ts';
import type { FullTextResult } from '../../src/sources/index.ts';
import type { View } from '../../src/views.ts';
import { resolvePaper } from './resolve-paper.ts';

// Passages given to the model besides the abstract: enough to cite the sections that matter,
// few enough to stay grounded and inside the prompt's budget.
const FULL_TEXT_PASSAGES = 6;

/**
 * The paper a Discuss thread is about, when /ask runs inside one; undefined elsewhere (a channel,
 * a thread Discuss did not open, the terminal), where /ask searches as it always did.
 */
export async function threadPaperId(ctx: CommandContext): Promise<string | undefined> {
  const { discussions } = ctx.services;
  if (!discussions || !ctx.channelId) return undefined;
  return (await discussions.byThread(ctx.channelId))?.paperId;
}

/**
 * /ask inside a Discuss thread: answered from that paper first, its abstract (always passage 1)
 * and the passages of its full text (arXiv's HTML rendering, when there is one) that best match
 * the question, cited with their sections.
 */
export async function askInThread(question: string, paperId: string, ctx: CommandContext): Promise<View> {
  const paper = await resolvePaper(paperId, ctx);
  const fullText: FullTextResult = ctx.services.fullText
    ? await ctx.services.fullText.fullText(paper, ctx.signal ? { signal: ctx.signal } : {})
    : { kind: 'none', reason: 'unavailable' };
  const passages: Passage[] = [{ section: 'Abstract', text: paper.abstract }];
  if (fullText.kind === 'found') {
    const body = fullText.sections.flatMap((section) =>
      section.paragraphs.map(({ text, stems }) => ({ section: section.title, text, stems })),
    );
    passages.push(...searchPassages(question, body, FULL_TEXT_PASSAGES));
  }
  const answer = await ctx.services.llm.askPaper(question, paper, passages, { signal: ctx.signal });
  return { kind: 'answer', question, answer, papers: [paper], notices: fullTextNotices(paper, fullText) };
}

function fullTextNotices(paper: Paper, fullText: FullTextResult): string[] {
  if (fullText.kind === 'found') return [];
  switch (fullText.reason) {
    case 'no-html':
      return ['arXiv has no HTML version of this paper, so this is answered from its abstract.'];
    case 'unavailable':
      return ["The paper's full text could not be fetched now, so this is answered from its abstract."];
    case 'not-arxiv':
      return [`Answered from the abstract: full text is read from arXiv, and ${paper.id} is not an arXiv paper.`];
    default:
      return fullText.reason satisfies never;
  }
}
