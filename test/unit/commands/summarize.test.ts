import { describe, expect, it } from 'vitest';
import { routes } from '../../../commands/index.ts';
import * as summarize from '../../../commands/summarize.ts';
import { runAutocomplete, runCommand, runRoute } from '../../../src/interactions/run-command.ts';
import type { CommandSources } from '../../../src/interactions/types.ts';
import { makePaper } from '../../support/builders.ts';
import { makeContext, recordingLlm } from './command-context.ts';

const paper = makePaper();

describe('summarize.handle', () => {
  it('summarizes a library paper by bare arXiv id with the chosen style and language', async () => {
    const { ctx, llm } = makeContext({ papers: [paper] });
    const view = await runCommand(summarize, { paper: '2401.12345v2', style: 'eli5', language: 'de' }, ctx);
    expect(view).toMatchObject({ kind: 'summary', paper: { id: 'arxiv:2401.12345' } });
    expect(llm.calls).toEqual(['summarize arxiv:2401.12345 eli5 de']);
  });

  it('offers Regenerate, Similar papers Discuss and Save buttons', async () => {
    const { ctx } = makeContext({ papers: [paper] });
    const view = await runCommand(summarize, { paper: 'https://arxiv.org/abs/2401.12345' }, ctx);
    expect(view.kind === 'summary' && view.controls?.buttons).toEqual([
      {
        route: 'summarize.regenerate',
        label: 'Regenerate',
        state: { paperId: 'arxiv:2401.12345', style: 'tldr', language: 'en' },
        style: 'secondary',
      },
      {
        route: 'summarize.similar',
        label: 'Similar papers',
        state: { paperId: 'arxiv:2401.12345' },
        style: 'secondary',
      },
      // Persistent: the state rides in the custom_id, so Discuss works on a summary of any age.
      {
        route: 'paper.discuss',
        label: 'Discuss',
        state: { p: 'arxiv:2401.12345' },
        style: 'secondary',
        persistent: true,
      },
      { route: 'reading.save', label: 'Save', state: { p: 'arxiv:2401.12345' }, style: 'secondary', persistent: true },
    ]);
  });

  it('looks an id up in the sources when the library lacks it, and keeps it', async () => {
    const remote = makePaper({ id: 'arxiv:2312.00752', title: 'Mamba' });
    const sources: CommandSources = {
      lookup: async (id) => (id.id === remote.id ? remote : undefined),
      status: () => ({}),
    };
    const { ctx, library } = makeContext({ services: { sources } });
    const view = await runCommand(summarize, { paper: 'arXiv:2312.00752' }, ctx);
    expect(view).toMatchObject({ kind: 'summary', paper: { title: 'Mamba' } });
    expect(library.get('arxiv:2312.00752')?.title).toBe('Mamba');
  });

  it('finds a paper by its exact title', async () => {
    const { ctx } = makeContext({
      papers: [paper, makePaper({ id: 'arxiv:2401.99999', title: 'Speculative Decoding Revisited' })],
    });
    const view = await runCommand(summarize, { paper: 'speculative decoding for fast inference' }, ctx);
    expect(view).toMatchObject({ kind: 'summary', paper: { id: 'arxiv:2401.12345' } });
  });

  it('finds a paper by the words of its title', async () => {
    const { ctx } = makeContext({ papers: [paper] });
    const view = await runCommand(summarize, { paper: 'speculative decoding fast' }, ctx);
    expect(view).toMatchObject({ kind: 'summary', paper: { id: 'arxiv:2401.12345' } });
  });

  it('does not guess from a search hit whose title lacks a word typed', async () => {
    const { ctx } = makeContext({ papers: [paper] });
    const view = await runCommand(summarize, { paper: 'draft models' }, ctx);
    expect(view).toMatchObject({
      kind: 'error',
      userMessage: 'No paper matches that id, URL or title. Try /papers to search.',
    });
  });

  it('answers an unknown id with the paper-not-found message', async () => {
    const { ctx } = makeContext({ papers: [paper] });
    const view = await runCommand(summarize, { paper: '2402.00001' }, ctx);
    expect(view).toEqual({
      kind: 'error',
      userMessage: 'No paper matches that id, URL or title. Try /papers to search.',
      errorId: 'err-1',
    });
  });
});

describe('summarize.autocomplete', () => {
  it('offers library papers by title prefix, named by title, with their ids as values', async () => {
    const { ctx } = makeContext({ papers: [paper] });
    const choices = await runAutocomplete(summarize, { name: 'paper', value: 'specul' }, {}, ctx);
    expect(choices).toEqual([{ name: 'Speculative Decoding for Fast Inference', value: 'arxiv:2401.12345' }]);
  });

  it('shortens long titles to 100 characters at a word', async () => {
    const long = makePaper({ title: `Speculative ${'very '.repeat(40)}long title` });
    const { ctx } = makeContext({ papers: [long] });
    const [choice] = await runAutocomplete(summarize, { name: 'paper', value: 'specul' }, {}, ctx);
    expect(choice?.name.length).toBeLessThanOrEqual(100);
    expect(choice?.name).toMatch(/^Speculative (very )+very…$/);
  });

  it('offers a paper whose id is past 100 characters under its title, which summarize then finds', async () => {
    const longId = `local:${'speculative-decoding-'.repeat(6)}x`;
    const long = makePaper({ id: longId, title: 'Speculative Decoding Under a Long Id' });
    const { ctx } = makeContext({ papers: [long] });
    const choices = await runAutocomplete(summarize, { name: 'paper', value: 'specul' }, {}, ctx);
    expect(choices).toEqual([
      { name: 'Speculative Decoding Under a Long Id', value: 'Speculative Decoding Under a Long Id' },
    ]);
    const view = await runCommand(summarize, { paper: choices[0]?.value }, ctx);
    expect(view.kind === 'summary' && view.paper.id).toBe(longId);
  });

  it('answers nothing for an empty prefix', async () => {
    const { ctx } = makeContext({ papers: [paper] });
    expect(await runAutocomplete(summarize, { name: 'paper', value: ' ' }, {}, ctx)).toEqual([]);
  });
});

describe('summarize routes', () => {
  it('summarize.regenerate bypasses the cache', async () => {
    const llm = { ...recordingLlm(), configured: true };
    const { ctx } = makeContext({ papers: [paper], services: { llm } });
    await runRoute('summarize.regenerate', { paperId: paper.id, style: 'bullets', language: 'en' }, [], ctx, routes);
    expect(llm.calls).toEqual(['summarize arxiv:2401.12345 bullets en refresh']);
  });

  it('summarize.regenerate says privately that, without an LLM, the summary cannot vary', async () => {
    const { ctx, llm } = makeContext({ papers: [paper] });
    const view = await runRoute(
      'summarize.regenerate',
      { paperId: paper.id, style: 'tldr', language: 'en' },
      [],
      ctx,
      routes,
    );
    expect(view).toEqual({
      kind: 'message',
      tone: 'info',
      private: true,
      text: 'Without a language model the summary is copied from the abstract, so regenerating gives the same text. Set OPENAI_API_KEY (or OPENAI_BASE_URL) for summaries that can vary.',
    });
    expect(llm.calls).toEqual([]);
  });

  it('summarize.similar lists other papers', async () => {
    const other = makePaper({ id: 'arxiv:2401.55555', title: 'Fast Inference with Speculative Sampling' });
    const { ctx } = makeContext({ papers: [paper, other] });
    const view = await runRoute('summarize.similar', { paperId: paper.id }, [], ctx, routes);
    expect(view.kind === 'paper-list' && view.hits.map((h) => h.paper.id)).toEqual(['arxiv:2401.55555']);
  });
});
