import type { Paper } from '../papers/paper.ts';

export const SINCE_VALUES = ['day', 'week', 'month', 'year', 'any'] as const;
export type Since = (typeof SINCE_VALUES)[number];
export const SEARCH_SOURCES = ['all', 'library', 'huggingface', 'arxiv'] as const;
export type SearchSource = (typeof SEARCH_SOURCES)[number];
/** The longest query a person may type: /papers' max_length, and the CLI's `search` takes the same. */
export const MAX_QUERY_LENGTH = 300;

export interface SearchOptions {
  readonly limit: number;
  readonly offset?: number;
  readonly since?: Since;
  readonly source?: SearchSource;
  readonly categories?: readonly string[];
  /** Library only: no live source is asked. */
  readonly offline?: boolean;
  readonly signal?: AbortSignal;
}

export interface SearchHit {
  readonly paper: Paper;
  readonly score: number;
  readonly snippet: string;
  readonly matchedTerms: readonly string[];
}

export interface SearchResult {
  readonly query: string;
  readonly hits: readonly SearchHit[];
  /** How many hits exist beyond this page (at least), for pagination. */
  readonly total: number;
  /** Degradations worth telling the user, e.g. "arXiv is not answering; showing library results". */
  readonly notices: readonly string[];
}

/** Query → ranked papers (src/search/search-service.ts implements it). Never throws for a source outage. */
export interface Search {
  search(query: string, options: SearchOptions): Promise<SearchResult>;
  /** Papers similar to a given one (its title and abstract as the query), excluding itself. */
  similar(paper: Paper, options: Pick<SearchOptions, 'limit' | 'offline' | 'signal'>): Promise<SearchResult>;
}
