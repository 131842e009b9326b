import type { Cache } from '../cache/create-cache.ts';
import type { Clock } from '../clock.ts';
import { SourceUnreachableError } from '../errors/index.ts';
import { ingestPapers } from '../ingest/ingest-papers.ts';
import { queryTerms } from '../library/fts-query.ts';
import type { LexicalHit, Library } from '../library/types.ts';
import type { Logger } from '../log.ts';
import { mergePaperLists } from '../papers/merge-papers.ts';
import type { Paper } from '../papers/paper.ts';
import type { LiveSearch } from '../sources/live-search.ts';
import { createTermMatcher, isStopword, tokenize } from '../text/index.ts';
import { parseIntent } from './intent.ts';
import { type RankedList, reciprocalRankFusion } from './rank-fusion.ts';
import { sinceToIso } from './since.ts';
import type { Search, SearchHit, SearchOptions, SearchResult } from './types.ts';

/** A dense ranking of library papers for a query (src/search/embeddings.ts), fused like any other list. */
export interface DenseRanker {
  rank(query: string, candidates: readonly Paper[], signal?: AbortSignal): Promise<readonly string[]>;
}

export interface CreateSearchOptions {
  readonly library: Library;
  /** HF and arXiv clients (src/sources/); empty when offline by configuration. */
  readonly live: readonly LiveSearch[];
  readonly cache: Cache;
  readonly clock: Clock;
  readonly log: Logger;
  readonly embeddings?: DenseRanker;
  /** Never ask live sources (config.sources.offline). */
  readonly offline?: boolean;
  /** How long live sources get before the library answers alone (default BOT_LIVE_BUDGET_MS). */
  readonly liveBudgetMs?: number;
}

// A Discord interaction must answer within 3 s of deferring being decided; 4 s fits a deferred reply.
export const BOT_LIVE_BUDGET_MS = 4000;
const CACHE_TTL_MS = 60 * 60 * 1000;
const LIVE_LIMIT = 25;
const SOURCE_LABELS: Readonly<Record<LiveSearch['name'], string>> = { huggingface: 'Hugging Face', arxiv: 'arXiv' };
// How many key abstract terms `similar` adds to a paper's title.
const SIMILAR_ABSTRACT_TERMS = 12;

interface RunRequest {
  readonly lexical: string;
  readonly live: string;
  readonly options: SearchOptions;
  readonly excludeId?: string;
  /** A paper's own title ("A New Approach…") is not a request for recent papers. */
  readonly literal?: boolean;
}

/**
 * Query → ranked papers: library BM25 ∪ live sources, merged by canonical id and fused by rank.
 * Never throws for a source outage: the result carries a notice instead.
 */
export function createSearch({
  library,
  live,
  cache,
  clock,
  log,
  embeddings,
  offline = false,
  liveBudgetMs = BOT_LIVE_BUDGET_MS,
}: CreateSearchOptions): Search {
  const searchLog = log.child({ module: 'search' });

  async function askLive(
    source: LiveSearch,
    query: string,
    signal: AbortSignal,
  ): Promise<{ source: LiveSearch; papers: readonly Paper[] } | { source: LiveSearch; error: unknown }> {
    try {
      // A source that ignores the signal still loses the race: the budget is ours, not theirs.
      const aborted = new Promise<never>((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
      const papers = await Promise.race([source.search(query, { limit: LIVE_LIMIT, signal }), aborted]);
      return { source, papers };
    } catch (error) {
      return { source, error };
    }
  }

  async function run({ lexical, live: liveQuery, options, excludeId, literal }: RunRequest): Promise<SearchResult> {
    const intent = literal ? { text: lexical, recent: false, popular: false } : parseIntent(lexical);
    const liveIntent = literal ? { text: liveQuery } : parseIntent(liveQuery);
    const limit = Math.max(0, Math.floor(options.limit));
    const offset = Math.max(0, Math.floor(options.offset ?? 0));
    const since = sinceToIso(options.since, clock.now());
    const source = options.source ?? 'all';
    const pool = Math.min(1000, Math.max(50, (offset + limit) * 3));
    const notices: string[] = [];

    const libraryHits: LexicalHit[] = await library.search(intent.text, {
      limit: pool,
      ...(since ? { since } : {}),
      ...(options.categories?.length ? { categories: options.categories } : {}),
      ...(source === 'huggingface' || source === 'arxiv' ? { sources: [source] } : {}),
      ...(excludeId ? { excludeIds: [excludeId] } : {}),
    });

    const liveOff = offline || options.offline === true;
    const wanted = liveOff || source === 'library' ? [] : live.filter((s) => source === 'all' || s.name === source);
    let liveLists: Array<{ name: LiveSearch['name']; papers: readonly Paper[] }> = [];
    if (wanted.length > 0 && liveIntent.text.trim()) {
      const signal = AbortSignal.any([AbortSignal.timeout(liveBudgetMs), ...(options.signal ? [options.signal] : [])]);
      const answers = await Promise.all(wanted.map((s) => askLive(s, liveIntent.text, signal)));
      options.signal?.throwIfAborted();
      const unreachable: Array<LiveSearch['name']> = [];
      for (const answer of answers) {
        if (!('error' in answer)) {
          liveLists.push({ name: answer.source.name, papers: answer.papers });
        } else if (answer.error instanceof SourceUnreachableError) {
          // The source client warned once when it became unreachable; each skip is only detail.
          searchLog.debug({ err: answer.error, service: answer.source.name }, 'live source unreachable');
          unreachable.push(answer.source.name);
        } else {
          searchLog.warn({ err: answer.error, service: answer.source.name }, 'live search failed');
          notices.push(`${SOURCE_LABELS[answer.source.name]} is not answering; showing library results`);
        }
      }
      // One notice for every source that cannot be reached: without a network that is all of them.
      if (unreachable.length > 0) notices.unshift(unreachableNotice(unreachable));

      const fetched = liveLists.flatMap((l) => l.papers);
      // Ingest before filtering: the next such query is answered locally either way.
      if (fetched.length > 0) ingestPapers(library, fetched);
      liveLists = liveLists.map((l) => ({
        name: l.name,
        papers: l.papers.filter((p) => p.id !== excludeId && passes(p, since, options.categories)),
      }));
    }

    const merged = mergePaperLists([libraryHits.map((h) => h.paper), ...liveLists.map((l) => l.papers)]);
    const byId = new Map(merged.map((p) => [p.id, p]));
    const rankings: RankedList[] = [
      { ids: libraryHits.map((h) => h.paper.id) },
      ...liveLists.map((l) => ({ ids: l.papers.map((p) => p.id) })),
    ];
    if (embeddings && merged.length > 0 && intent.text.trim()) {
      try {
        rankings.push({ ids: await embeddings.rank(intent.text, merged, options.signal) });
      } catch (error) {
        // Dense ranking only refines the lexical one; without it the answer is still a good one.
        searchLog.warn({ err: error }, 'embeddings unavailable; lexical ranking only');
      }
    }
    if (intent.recent) {
      rankings.push({ ids: [...merged].sort((a, b) => newest(b).localeCompare(newest(a))).map((p) => p.id) });
    }
    if (intent.popular) {
      rankings.push({ ids: [...merged].sort((a, b) => (b.upvotes ?? 0) - (a.upvotes ?? 0)).map((p) => p.id) });
    }
    const fused = reciprocalRankFusion(rankings).filter((r) => byId.has(r.id));
    if (liveOff && source !== 'library' && (fused.length === 0 || source !== 'all')) {
      // Why a live source's results are only what the library holds (or nothing at all).
      notices.push(offlineNotice(source, offline ? 'OFFLINE=true' : 'offline search'));
    }

    const lexicalById = new Map(libraryHits.map((h) => [h.paper.id, h]));
    const matcher = createTermMatcher(queryTerms(intent.text));
    const hits: SearchHit[] = fused.slice(offset, offset + limit).flatMap(({ id, score }) => {
      const paper = byId.get(id);
      if (!paper) return [];
      const lexical = lexicalById.get(id);
      const fresh = lexical && lexical.paper.abstract === paper.abstract;
      return [
        {
          paper,
          score,
          snippet: fresh ? lexical.snippet : matcher.snippet(paper.abstract),
          matchedTerms: fresh ? [...lexical.matchedTerms] : matcher.matchedTerms([paper.title, paper.abstract]),
        },
      ];
    });
    return { query: lexical, hits, total: Math.max(0, fused.length - offset - hits.length), notices };
  }

  async function cached(key: string, request: RunRequest): Promise<SearchResult> {
    const store = cache.namespace('search');
    const hit = (await store.get(key)) as SearchResult | undefined;
    if (hit) return hit;
    const result = await run(request);
    // A degraded answer (a source was down) is not kept: the next ask should try the source again.
    if (result.notices.length === 0) await store.set(key, result, CACHE_TTL_MS);
    return result;
  }

  return {
    search(query, options) {
      const key = cacheKey('search', query, options, offline);
      return cached(key, { lexical: query, live: query, options });
    },
    similar(paper, options) {
      const text = `${paper.title} ${keyTerms(paper.abstract, SIMILAR_ABSTRACT_TERMS).join(' ')}`;
      const key = cacheKey(`similar:${paper.id}:${paper.version ?? 0}`, text, options, offline);
      return cached(key, { lexical: text, live: paper.title, options, excludeId: paper.id, literal: true });
    },
  };
}

function cacheKey(kind: string, query: string, options: SearchOptions, offline: boolean): string {
  return JSON.stringify([
    kind,
    query.trim().toLowerCase(),
    options.limit,
    options.offset ?? 0,
    options.since ?? 'any',
    options.source ?? 'all',
    [...(options.categories ?? [])].sort(),
    Boolean(options.offline || offline),
  ]);
}

function unreachableNotice(names: readonly LiveSearch['name'][]): string {
  const labels = names.map((name) => SOURCE_LABELS[name]).join(' and ');
  return `${labels} cannot be reached (offline? set OFFLINE=true to skip live sources); showing library results`;
}

function offlineNotice(source: SearchOptions['source'], why: string): string {
  const label = source === 'huggingface' || source === 'arxiv' ? SOURCE_LABELS[source] : undefined;
  return label
    ? `Live sources are off (${why}): only ${label} papers already in the library are shown`
    : `Live sources are off (${why}): only the library was searched`;
}

function newest(paper: Paper): string {
  // ISO strings sort chronologically; a listing day may be later than the submission date.
  return [paper.published, paper.listedOn ?? ''].sort().at(-1) ?? paper.published;
}

function passes(paper: Paper, since: string | undefined, categories: readonly string[] | undefined): boolean {
  if (since && newest(paper) < since && (paper.listedOn ?? '') < since.slice(0, 10)) return false;
  if (categories?.length && !paper.categories.some((c) => categories.includes(c))) return false;
  return true;
}

/** The abstract's most frequent content words — a cheap stand-in for "what it is about". */
export function keyTerms(abstract: string, count: number): string[] {
  const frequency = new Map<string, number>();
  for (const word of tokenize(abstract)) {
    // Short words and bare numbers say little about a topic.
    if (word.length <= 3 || isStopword(word) || /^\d+$/.test(word)) continue;
    frequency.set(word, (frequency.get(word) ?? 0) + 1);
  }
  return [...frequency]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([term]) => term);
}
