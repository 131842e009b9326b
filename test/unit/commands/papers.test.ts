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
