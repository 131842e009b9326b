import type { Paper } from '../../src/papers/paper.ts';
import type { RouteName } from '../../src/views.ts';

/** A complete, valid Paper; override what the test is about. */
export function makePaper(overrides: Partial<Paper> = {}): Paper {
  return {
    id: 'arxiv:2401.12345',
    version: 1,
    title: 'Speculative Decoding for Fast Inference',
    abstract: 'We propose a draft-and-verify scheme that speeds up decoding of large language models by 2.5x.',
    authors: ['Ada Lovelace', 'Alan Turing'],
    published: '2024-01-22T18:00:00Z',
    categories: ['cs.CL', 'cs.LG'],
    links: { abs: 'https://arxiv.org/abs/2401.12345', pdf: 'https://arxiv.org/pdf/2401.12345' },
    keywords: [],
    sources: ['arxiv'],
    ...overrides,
  };
}

/**
 * A route name for renderer tests, which need a well-formed one but no handler or state schema
 * behind it. Product code gets RouteNames only from src/interactions/actions.ts.
 */
export function routeName(name: `${string}.${string}`): RouteName {
  return name as RouteName;
}
