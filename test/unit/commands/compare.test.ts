import { describe, expect, it } from 'vitest';
import * as compare from '../../../commands/compare.ts';
import { splitPaperReferences } from '../../../commands/shared/compare-papers.ts';
import { UserInputError } from '../../../src/errors/index.ts';
import { runCommand } from '../../../src/interactions/run-command.ts';
import { makePaper } from '../../support/builders.ts';
import { makeContext } from './command-context.ts';

const a = makePaper({ id: 'arxiv:2401.00001', title: 'Alpha Networks' });
const b = makePaper({ id: 'arxiv:2401.00002', title: 'Beta Networks' });

describe('splitPaperReferences', () => {
  it('splits ids and URLs on spaces and commas', () => {
    expect(splitPaperReferences('2401.00001, https://arxiv.org/abs/2401.00002  arXiv:2401.00003')).toEqual([
      '2401.00001',
      'https://arxiv.org/abs/2401.00002',
      'arXiv:2401.00003',
    ]);
  });

  it('keeps quoted titles whole next to ids', () => {
    expect(splitPaperReferences('2401.00001 "Beta Networks"')).toEqual(['2401.00001', 'Beta Networks']);
  });

  it('reads comma-separated titles when nothing is an id', () => {
    expect(splitPaperReferences('Alpha Networks, Beta Networks')).toEqual(['Alpha Networks', 'Beta Networks']);
  });

  it('asks for quotes when ids and unquoted words are mixed', () => {
    expect(() => splitPaperReferences('2401.00001 Beta Networks')).toThrow(UserInputError);
  });
});

describe('compare.handle', () => {
  it('compares the resolved papers', async () => {
    const { ctx, llm } = makeContext({ papers: [a, b] });
    const view = await runCommand(compare, { papers: '2401.00001 "Beta Networks"' }, ctx);
    expect(view.kind === 'comparison' && view.papers.map((p) => p.id)).toEqual([a.id, b.id]);
    expect(llm.calls).toEqual(['compare arxiv:2401.00001 arxiv:2401.00002']);
  });

  it('rejects a single paper', async () => {
    const { ctx } = makeContext({ papers: [a, b] });
    expect(await runCommand(compare, { papers: '2401.00001' }, ctx)).toMatchObject({
      kind: 'error',
      userMessage: 'Compare takes 2 to 5 papers; you gave 1.',
    });
  });

  it('rejects more than five papers', async () => {
    const { ctx } = makeContext({ papers: [a, b] });
    const six = '2401.00001 2401.00002 2401.00003 2401.00004 2401.00005 2401.00006';
    expect(await runCommand(compare, { papers: six }, ctx)).toMatchObject({
      kind: 'error',
      userMessage: 'Compare takes 2 to 5 papers; you gave 6.',
    });
  });

  it('rejects two references to the same paper', async () => {
    const { ctx } = makeContext({ papers: [a, b] });
    expect(await runCommand(compare, { papers: '2401.00001 2401.00001v2' }, ctx)).toMatchObject({
      kind: 'error',
      userMessage: 'Those all name the same paper; give at least two different ones.',
    });
  });
});
