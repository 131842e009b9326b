import type { Paper } from '../papers/paper.ts';

/**
 * A source that can answer a free-text query: the contract the source clients offer and search
 * consumes (it lives with the sources, which own it, so search depends on them and not back).
 */
export interface LiveSearch {
  readonly name: 'huggingface' | 'arxiv';
  search(query: string, options: { readonly limit: number; readonly signal?: AbortSignal }): Promise<readonly Paper[]>;
}
