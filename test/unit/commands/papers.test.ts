import { describe, expect, it } from 'vitest';
import { routes } from '../../../commands/index.ts';
import * as papers from '../../../commands/papers.ts';
import { runCommand, runRoute } from '../../../src/interactions/run-command.ts';
import type { View } from '../../../src/views.ts';
import { makePaper } from '../../support/builders.ts';
import { makeContext } from './command-context.ts';

const library = Array.from({ length: 7 }, (_, i) =>
  makePaper({
    id: `arxiv:2401.1000${i}`,
    title: `Speculative decoding study ${i}`,
    abstract: `Draft models ${i} speed up decoding.`,
  }),
);

function asList(view: View): Extract<View, { kind: 'paper-list' }> {
  if (view.kind !== 'paper-list') throw new Error(`expected paper-list, got ${JSON.stringify(view)}`);
  return view;
}

describe('papers.handle', () => {
  it('returns the first page with Next, Summarize and Compare controls', async () => {
    const { ctx } = makeContext({ papers: library });
    const view = asList(await runCommand(papers, { query: 'speculative decoding', limit: '3' }, ctx));
    expect(view.hits.length).toBe(3);
    expect(view.page).toBe(0);
    expect(view.hasMore).toBe(true);
    expect(view.controls?.buttons?.map((b) => [b.route, b.disabled])).toEqual([
      ['papers.prev', true],
      ['papers.next', false],
    ]);
    expect(view.controls?.selects?.map((s) => [s.route, s.minValues, s.maxValues])).toEqual([
      ['papers.summarize', 1, 1],
      ['papers.compare', 2, 3],
      ['reading.pick', 1, 3],
    ]);
  });

  it('passes limit, since and source to search', async () => {
    const { ctx, search } = makeContext({ papers: library });
    await runCommand(papers, { query: 'decoding', limit: 2, since: 'week', source: 'library' }, ctx);
    expect(search.calls[0]?.options).toMatchObject({ limit: 2, offset: 0, since: 'week', source: 'library' });
  });

  it('stores JSON-safe page state without undefined fields', async () => {
    const { ctx } = makeContext({ papers: library });
    const view = asList(await runCommand(papers, { query: 'decoding', limit: 3 }, ctx));
    expect(view.controls?.buttons?.[1]?.state).toEqual({ query: 'decoding', page: 1, limit: 3 });
  });

  it('numbers a later page on from the first, in the hits offset and the menu labels', async () => {
    const { ctx } = makeContext({ papers: library });
    const view = asList(await runRoute('papers.next', { query: 'decoding', page: 1, limit: 3 }, [], ctx, routes));
    expect(view.offset).toBe(3);
    expect(view.controls?.selects?.[0]?.options.map((o) => o.label.split('.')[0])).toEqual(['4', '5', '6']);
  });

  it('puts titles in the menu labels and authors, not ids, in their descriptions', async () => {
    const paper = makePaper({ id: 'arxiv:2401.10009', title: 'Drafts', authors: ['Ada Lovelace', 'Alan Turing'] });
    const { ctx } = makeContext({ papers: [paper] });
    const view = asList(await runCommand(papers, { query: 'drafts' }, ctx));
    expect(view.controls?.selects?.[0]?.options).toEqual([
      { label: '1. Drafts', value: 'arxiv:2401.10009', description: 'Ada Lovelace, Alan Turing' },
    ]);
  });

  it('offers a paper whose id is too long for a menu value under a short key, which the route maps back', async () => {
    const longId = `local:${'a'.repeat(120)}`;
    const paper = makePaper({ id: longId, title: 'Speculative decoding with a long id' });
    const { ctx, llm } = makeContext({ papers: [paper, ...library.slice(0, 1)] });
    const view = asList(await runCommand(papers, { query: 'speculative decoding' }, ctx));
    const menu = view.controls?.selects?.[0];
    const option = menu?.options.find((o) => o.label.endsWith('a long id'));
    expect(option?.value).toMatch(/^#\d+$/);
    expect(menu?.state).toEqual({ keys: { [option?.value ?? '']: longId } });
    // The state goes through JSON like the bot's component store.
    const state = JSON.parse(JSON.stringify(menu?.state));
    await runRoute('papers.summarize', state, [option?.value ?? ''], ctx, routes);
    expect(llm.calls).toEqual([`summarize ${longId} tldr en`]);
  });

  it('has no page buttons when everything fits on one page', async () => {
    const { ctx } = makeContext({ papers: library });
    const view = asList(await runCommand(papers, { query: 'decoding', limit: 10 }, ctx));
    expect(view.controls?.buttons).toEqual([]);
  });
});

describe('papers routes', () => {
  it('papers.next shows the next page', async () => {
    const { ctx } = makeContext({ papers: library });
    const view = asList(await runRoute('papers.next', { query: 'decoding', page: 2, limit: 3 }, [], ctx, routes));
    expect(view.page).toBe(2);
    expect(view.hits.length).toBe(1);
    expect(view.hasMore).toBe(false);
  });

  it('papers.summarize summarizes the chosen paper', async () => {
    const { ctx, llm } = makeContext({ papers: library });
    const view = await runRoute('papers.summarize', {}, ['arxiv:2401.10003'], ctx, routes);
    expect(view.kind).toBe('summary');
    expect(llm.calls).toEqual(['summarize arxiv:2401.10003 tldr en']);
  });

  it('papers.compare compares the chosen papers', async () => {
    const { ctx, llm } = makeContext({ papers: library });
    const view = await runRoute('papers.compare', {}, ['arxiv:2401.10001', 'arxiv:2401.10002'], ctx, routes);
    expect(view.kind).toBe('comparison');
    expect(llm.calls).toEqual(['compare arxiv:2401.10001 arxiv:2401.10002']);
  });
});
