import { z } from 'zod';
import type { Cache } from '../cache/create-cache.ts';
import { UpstreamError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import { arxivLinks, type Paper } from '../papers/paper.ts';
import { parsePaperId, tryParsePaperId } from '../papers/parse-paper-id.ts';
import { collapseWhitespace } from '../text/index.ts';
import { type ArxivQuery, buildSearchQuery, freeTextQuery } from './arxiv-query.ts';
import { isoTimestamp } from './dates.ts';
import type { HttpClient } from './http.ts';
import type { LiveSearch } from './live-search.ts';
import { withoutVersion } from './same-paper.ts';
import { parseXml, textOf } from './xml.ts';

// arXiv API (https://info.arxiv.org/help/api/user-manual.html): GET /api/query with search_query,
// id_list, start, max_results, sortBy, sortOrder → an Atom 1.0 feed with opensearch:totalResults
// and arxiv: extension elements. Errors come back as HTTP 400 with one entry whose id is
// http://arxiv.org/api/errors#….

export type ArxivSortBy = 'relevance' | 'lastUpdatedDate' | 'submittedDate';
export type ArxivSortOrder = 'ascending' | 'descending';

export interface ArxivQueryOptions {
  /** A query tree (sanitized when rendered) or ready-made search_query text from our own code. */
  readonly searchQuery?: ArxivQuery | string;
  readonly idList?: readonly string[];
  readonly start?: number;
  readonly maxResults?: number;
  readonly sortBy?: ArxivSortBy;
  readonly sortOrder?: ArxivSortOrder;
  readonly signal?: AbortSignal;
}

export interface ArxivPage {
  readonly papers: Paper[];
  readonly totalResults: number;
  readonly startIndex: number;
}

export interface ArxivClient extends LiveSearch {
  readonly name: 'arxiv';
  /** Free user text; words are ANDed, falling back to OR when AND finds nothing. */
  search(query: string, options: { readonly limit: number; readonly signal?: AbortSignal }): Promise<readonly Paper[]>;
  /** One page of a structured query. @throws UpstreamError (incl. the Atom error feed), RateLimitedError. */
  query(options: ArxivQueryOptions): Promise<ArxivPage>;
  /** Papers by arXiv id (any accepted form), in batches of 50; ids arXiv does not know are left out. */
  byIds(ids: readonly string[], options?: { readonly signal?: AbortSignal }): Promise<Paper[]>;
}

export interface ArxivDependencies {
  readonly apiUrl: string;
  readonly http: HttpClient;
  readonly cache: Cache;
  readonly log: Logger;
}

const BATCH_SIZE = 50;
// arXiv caps max_results at 2000 per call (user manual §3.1.1).
const MAX_RESULTS_CAP = 2000;
// arXiv sometimes returns a page with no entries although totalResults says there are more;
// asking again (through the 3 s queue) usually fixes it (as lukasschwab/arxiv.py does).
const EMPTY_PAGE_RETRIES = 3;
const HOUR = 3_600_000;
export const ARXIV_TTL = { search: HOUR, paper: 24 * HOUR } as const;

const ARRAYS = new Set(['entry', 'author', 'category', 'link', 'arxiv:affiliation']);

const Attr = z.looseObject({
  '@_term': z.string().optional(),
  '@_href': z.string().optional(),
  '@_title': z.string().optional(),
  '@_rel': z.string().optional(),
});
const Entry = z.looseObject({
  id: z.unknown(),
  title: z.unknown().optional(),
  summary: z.unknown().optional(),
  published: z.unknown().optional(),
  updated: z.unknown().optional(),
  author: z
    .array(z.looseObject({ name: z.unknown(), 'arxiv:affiliation': z.array(z.unknown()).optional() }))
    .optional(),
  category: z.array(Attr).optional(),
  link: z.array(Attr).optional(),
  'arxiv:primary_category': Attr.optional(),
  'arxiv:comment': z.unknown().optional(),
  'arxiv:journal_ref': z.unknown().optional(),
  'arxiv:doi': z.unknown().optional(),
});
type Entry = z.infer<typeof Entry>;
const Feed = z.looseObject({
  feed: z.looseObject({
    entry: z.array(z.unknown()).optional(),
    'opensearch:totalResults': z.unknown().optional(),
    'opensearch:startIndex': z.unknown().optional(),
  }),
});

export interface ArxivAuthor {
  readonly name: string;
  readonly affiliations: readonly string[];
}

export function createArxivClient({ apiUrl, http, cache, log }: ArxivDependencies): ArxivClient {
  const arxivLog = log.child({ module: 'sources', service: 'arxiv' });

  async function fetchPage(params: URLSearchParams, signal: AbortSignal | undefined): Promise<ArxivPage> {
    const url = `${apiUrl}?${params}`;
    for (let retry = 0; ; retry++) {
      const response = await http.request({ url, signal, accept: 'application/atom+xml', passStatuses: [400] });
      let page: ArxivPage;
      try {
        page = parseAtom(response.text, response.status, (err) =>
          arxivLog.warn({ err }, 'skipped a malformed arXiv entry'),
        );
      } catch (error) {
        http.noteFailure(error);
        throw error;
      }
      const start = Number(params.get('start') ?? 0);
      if (page.papers.length > 0 || page.totalResults <= start || retry >= EMPTY_PAGE_RETRIES) return page;
      arxivLog.warn({ totalResults: page.totalResults, start, retry }, 'arXiv returned an empty page; asking again');
    }
  }

  async function query(options: ArxivQueryOptions): Promise<ArxivPage> {
    const params = new URLSearchParams();
    if (options.searchQuery !== undefined) {
      params.set(
        'search_query',
        typeof options.searchQuery === 'string' ? options.searchQuery : buildSearchQuery(options.searchQuery),
      );
    }
    if (options.idList?.length) params.set('id_list', options.idList.join(','));
    params.set('start', String(Math.max(0, options.start ?? 0)));
    params.set('max_results', String(Math.min(MAX_RESULTS_CAP, Math.max(1, options.maxResults ?? 10))));
    if (options.sortBy) params.set('sortBy', options.sortBy);
    if (options.sortOrder) params.set('sortOrder', options.sortOrder);
    return cache.getOrSet('sources', `arxiv:query:${params}`, () => fetchPage(params, options.signal), {
      ttlMs: ARXIV_TTL.search,
    });
  }

  return {
    name: 'arxiv',
    query,
    async search(text, { limit, signal }) {
      const strict = freeTextQuery(text, 'and');
      if (!strict) return [];
      const maxResults = Math.max(1, limit);
      const page = await query({ searchQuery: strict, maxResults, signal });
      if (page.papers.length > 0 || !('and' in strict)) return page.papers.slice(0, limit);
      // Nothing has every word (common for long natural-language questions): any word will do,
      // ranked by arXiv's relevance.
      const loose = freeTextQuery(text, 'or');
      return loose ? (await query({ searchQuery: loose, maxResults, signal })).papers.slice(0, limit) : [];
    },
    async byIds(ids, options = {}) {
      const unique = [
        ...new Set(
          ids
            .map((id) => parsePaperId(id))
            .filter((p) => p.kind === 'arxiv')
            .map((p) => p.arxivId),
        ),
      ];
      const papers: Paper[] = [];
      for (let i = 0; i < unique.length; i += BATCH_SIZE) {
        const batch = unique.slice(i, i + BATCH_SIZE);
        const params = new URLSearchParams({ id_list: batch.join(','), start: '0', max_results: String(batch.length) });
        const page = await cache.getOrSet(
          'sources',
          `arxiv:ids:${batch.join(',')}`,
          () => fetchPage(params, options.signal),
          {
            ttlMs: ARXIV_TTL.paper,
          },
        );
        // Only the papers asked for: an entry under another id is not an answer (issue 12).
        const asked = new Set(batch.map((arxivId) => `arxiv:${arxivId}`));
        papers.push(...page.papers.filter((paper) => asked.has(withoutVersion(paper.id))));
      }
      return papers;
    },
  };
}

/**
 * Parses an arXiv Atom feed into papers.
 * @throws UpstreamError `bad_response` for malformed XML, a non-feed document or the error feed.
 */
export function parseAtom(xml: string, status: number, onBadEntry: (error: unknown) => void = () => {}): ArxivPage {
  const parsed = Feed.safeParse(parseXml(xml, 'arxiv', ARRAYS));
  if (!parsed.success) throw new UpstreamError('arxiv', 'bad_response', 'not an Atom feed', { cause: parsed.error });
  const { feed } = parsed.data;
  const entries = (feed.entry ?? []).map((raw) => Entry.safeParse(raw));
  const error = entries.find((e) => e.success && textOf(e.data.id)?.includes('arxiv.org/api/errors'));
  if (error?.success) {
    // The feed's own words go to the log only (message), never to users (userMessage).
    throw new UpstreamError(
      'arxiv',
      'bad_response',
      `error feed: ${collapseWhitespace(textOf(error.data.summary) ?? 'unknown error')}`,
    );
  }
  if (status !== 200) throw new UpstreamError('arxiv', 'bad_response', `HTTP ${status} without an error entry`);
  const papers: Paper[] = [];
  for (const entry of entries) {
    const paper = entry.success ? entryToPaper(entry.data) : undefined;
    if (paper) papers.push(paper);
    else onBadEntry(entry.success ? new Error(`unusable entry ${String(textOf(entry.data.id))}`) : entry.error);
  }
  return {
    papers,
    totalResults: Number(textOf(feed['opensearch:totalResults']) ?? papers.length) || 0,
    startIndex: Number(textOf(feed['opensearch:startIndex']) ?? 0) || 0,
  };
}

/** Authors with their arxiv:affiliation elements, for callers that want more than names. */
export function entryAuthors(entry: Entry): ArxivAuthor[] {
  return (entry.author ?? [])
    .map((a) => ({
      name: collapseWhitespace(textOf(a.name) ?? ''),
      affiliations: (a['arxiv:affiliation'] ?? []).map((x) => collapseWhitespace(textOf(x) ?? '')).filter(Boolean),
    }))
    .filter((a) => a.name);
}

function entryToPaper(entry: Entry): Paper | undefined {
  // <id>http://arxiv.org/abs/2401.12345v2</id> or …/abs/hep-th/9901001v1
  const absId = /\/abs\/(.+)$/.exec(textOf(entry.id) ?? '')?.[1];
  const parsed = absId ? tryParsePaperId(absId) : undefined;
  if (parsed?.kind !== 'arxiv') return undefined;
  const title = collapseWhitespace(textOf(entry.title) ?? '');
  const published = isoTimestamp(textOf(entry.published));
  if (!title || !published) return undefined;
  const primary = entry['arxiv:primary_category']?.['@_term'];
  const categories = [
    ...new Set([primary, ...(entry.category ?? []).map((c) => c['@_term'])].filter((c): c is string => Boolean(c))),
  ];
  const pdf = entry.link?.find((l) => l['@_title'] === 'pdf')?.['@_href'];
  const updated = isoTimestamp(textOf(entry.updated));
  const comment = optionalText(entry['arxiv:comment']);
  const journalRef = optionalText(entry['arxiv:journal_ref']);
  const doi = optionalText(entry['arxiv:doi']);
  return {
    id: parsed.id,
    ...(parsed.version ? { version: parsed.version } : {}),
    title,
    abstract: collapseWhitespace(textOf(entry.summary) ?? ''),
    authors: entryAuthors(entry).map((a) => a.name),
    published,
    ...(updated ? { updated } : {}),
    categories,
    links: { ...arxivLinks(parsed.id), ...(pdf ? { pdf: pdf.replace(/^http:/, 'https:') } : {}) },
    keywords: [],
    sources: ['arxiv'],
    ...(comment ? { comment } : {}),
    ...(journalRef ? { journalRef } : {}),
    ...(doi ? { doi: doi.toLowerCase() } : {}),
  };
}

function optionalText(value: unknown): string | undefined {
  const text = collapseWhitespace(textOf(value) ?? '');
  return text || undefined;
}
