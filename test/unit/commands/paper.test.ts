import { describe, expect, it } from 'vitest';
import * as paperCommand from '../../../commands/paper.ts';
import { runCommand } from '../../../src/interactions/run-command.ts';
import { makePaper } from '../../support/builders.ts';
import { makeContext } from './command-context.ts';

describe('paper.handle', () => {
  it('returns the paper card with Summarize, Similar Discuss and Save buttons', async () => {
    const { ctx } = makeContext({ papers: [makePaper()] });
    const view = await runCommand(paperCommand, { id: 'https://huggingface.co/papers/2401.12345' }, ctx);
    expect(view).toMatchObject({ kind: 'paper', paper: { id: 'arxiv:2401.12345' } });
    expect(view.kind === 'paper' && view.controls?.buttons?.map((b) => b.route)).toEqual([
      'summarize.show',
      'summarize.similar',
      'paper.discuss',
      'reading.save',
    ]);
  });

  it('answers an unknown id with the paper-not-found message', async () => {
    const { ctx } = makeContext();
    expect(await runCommand(paperCommand, { id: '2401.12345' }, ctx)).toMatchObject({
      kind: 'error',
      userMessage: 'No paper matches that id, URL or title. Try /papers to search.',
    });
  });
});
