import type { Paper } from '../papers/paper.ts';
import { reciprocalRankFusion } from '../search/rank-fusion.ts';
import type { Search, SearchHit } from '../search/types.ts';
import { searchQueryFor } from './rewrite-query.ts';
import type { Llm } from './types.ts';

export interface QuestionSearchResult {
  /** The query the rewrite gave (the question itself when there was none). */
  readonly query: string;
  /** Best first, at most `limit`. */
  readonly papers: Paper[];
  readonly notices: string[];
}

// Each list is fetched deeper than the answer needs, so that fusion has more than the head to rank.
const POOL_FACTOR = 2;

/**
 * The papers to answer a question from (/ask, `paperboy ask`). With an LLM the question is
 * rewritten into a keyword query, and both are searched and fused by rank (issue 15: a weak
 * rewrite lost every paper that the question alone found). The rewrite asks the live sources;
 * the question searches only the library, since arXiv takes one request per 3 s and a second
 * live search per question would queue behind the first. Without a rewrite the question is the
 * one query, as before rewriting existed.
 */
export async function searchForQuestion(
  deps: { readonly llm: Pick<Llm, 'configured' | 'rewriteQuery'>; readonly search: Pick<Search, 'search'> },
  question: string,
  options: { readonly limit: number; readonly signal?: AbortSignal; readonly refresh?: boolean },
): Promise<QuestionSearchResult> {
  const { llm, search } = deps;
  const { limit, signal } = options;
  const query = await searchQueryFor(llm, question, { signal, refresh: options.refresh });
  if (query === question) {
    const result = await search.search(question, { limit, signal });
    return { query, papers: result.hits.map((hit) => hit.paper), notices: [...result.notices] };
  }
  const pool = limit * POOL_FACTOR;
  const [rewritten, asked] = await Promise.all([
    search.search(query, { limit: pool, signal }),
    search.search(question, { limit: pool, source: 'library', signal }),
  ]);
  const byId = new Map<string, SearchHit>();
  for (const hit of [...rewritten.hits, ...asked.hits]) if (!byId.has(hit.paper.id)) byId.set(hit.paper.id, hit);
  const fused = reciprocalRankFusion([
    { ids: rewritten.hits.map((hit) => hit.paper.id) },
    { ids: asked.hits.map((hit) => hit.paper.id) },
  ]);
  const papers = fused.flatMap(({ id }) => byId.get(id)?.paper ?? []).slice(0, limit);
  return { query, papers, notices: [...new Set([...rewritten.notices, ...asked.notices])] };
}
