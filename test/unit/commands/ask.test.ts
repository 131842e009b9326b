import { describe, expect, it } from 'vitest';
import * as ask from '../../../commands/ask.ts';
import { runCommand } from '../../../src/interactions/run-command.ts';
import { makePaper } from '../../support/builders.ts';
import { makeContext } from './command-context.ts';

describe('ask.handle', () => {
  it('answers from the top five search hits', async () => {
    const papers = Array.from({ length: 7 }, (_, i) =>
      makePaper({ id: `arxiv:2401.2000${i}`, title: `Draft verification ${i}` }),
    );
    const { ctx, llm } = makeContext({ papers });
    const view = await runCommand(ask, { question: 'how does draft verification work' }, ctx);
    expect(view.kind === 'answer' && view.papers.length).toBe(5);
    expect(view).toMatchObject({
      kind: 'answer',
      question: 'how does draft verification work',
      answer: { text: 'An answer [1].' },
    });
    expect(llm.calls.length).toBe(1);
  });

  it('says so, without calling the model, when no paper matches', async () => {
    const { ctx, llm } = makeContext({ papers: [makePaper()] });
    const view = await runCommand(ask, { question: 'protein folding kinetics' }, ctx);
    expect(view).toMatchObject({ kind: 'message', tone: 'warning' });
    expect(llm.calls).toEqual([]);
  });
});
