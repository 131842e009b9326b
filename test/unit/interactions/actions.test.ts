import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routes } from '../../../commands/shared/routes.ts';
import { button, select } from '../../../src/interactions/actions.ts';
import { declareRoute } from '../../../src/interactions/route.ts';
import type { ViewAction } from '../../../src/views.ts';

const demo = declareRoute('demo.open', z.object({ paperId: z.string(), page: z.number().optional() }));

describe('button', () => {
  it('names the declared route and keeps the label and style', () => {
    expect(button(demo, { label: 'Open', state: { paperId: 'arxiv:1' }, style: 'primary' })).toEqual({
      route: 'demo.open',
      label: 'Open',
      state: { paperId: 'arxiv:1' },
      style: 'primary',
    });
  });

  it('stores state as JSON, dropping fields left undefined', () => {
    expect(button(demo, { label: 'Open', state: { paperId: 'arxiv:1', page: undefined } }).state).toEqual({
      paperId: 'arxiv:1',
    });
  });
});

describe('select', () => {
  it('names the declared route and keeps its options and bounds', () => {
    const options = [{ label: 'One', value: 'arxiv:1' }];
    expect(
      select(routes.papersSummarize, { placeholder: 'Summarize…', options, minValues: 1, maxValues: 1, state: {} }),
    ).toEqual({ route: 'papers.summarize', placeholder: 'Summarize…', options, minValues: 1, maxValues: 1, state: {} });
  });
});

describe('typed routes', () => {
  it('refuse a route named by a bare string, a misspelt route and state its schema rejects (tsc checks these)', () => {
    // @ts-expect-error a View names a route only through button()/select(), never as a string
    const bare: ViewAction = { route: 'papers.nxt', label: 'Next', state: {} };
    // @ts-expect-error no such route is declared
    const misspelt = routes.papersNxt;
    // @ts-expect-error summarize.similar's state is { paperId }, not { id }
    const wrongState = button(routes.summarizeSimilar, { label: 'Similar', state: { id: 'arxiv:1' } });
    expect([bare.route, misspelt, wrongState.route]).toEqual(['papers.nxt', undefined, 'summarize.similar']);
  });
});
