import { z } from 'zod';
import type { Cache } from '../cache/create-cache.ts';
import { UpstreamError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import { arxivLinks, type Paper } from '../papers/paper.ts';
import { tryParsePaperId } from '../papers/parse-paper-id.ts';
import { collapseWhitespace } from '../text/index.ts';
import { isoTimestamp } from './dates.ts';
import type { HttpClient } from './http.ts';

// Semantic Scholar Academic Graph API (https://api.semanticscholar.org/api-docs/graph):
// GET /paper/search?query=&limit=&fields=, GET /paper/{ARXIV:id|DOI:doi|paperId}?fields=,
// POST /paper/batch?fields= {ids: [...]} (≤ 500 ids, null for unknown ones) and the
// Recommendations API GET /recommendations/v1/papers/forpaper/{id}?fields=&limit=.

const FIELDS = 'paperId,externalIds,title,abstract,authors,year,publicationDate,citationCount,tldr,url,venue';
const BATCH_SIZE = 500;
const HOUR = 3_600_000;
const TTL = { search: HOUR, paper: 24 * HOUR, recommendations: 24 * HOUR } as const;

const S2Paper = z.looseObject({
  paperId: z.string(),
  externalIds: z.record(z.string(), z.union([z.string(), z.number()]).nullable()).nullish(),
  title: z.string().nullish(),
  abstract: z.string().nullish(),
  authors: z.array(z.looseObject({ name: z.string().nullish() })).nullish(),
  year: z.number().nullish(),
  publicationDate: z.string().nullish(),
  citationCount: z.number().nullish(),
  tldr: z.looseObject({ text: z.string().nullish() }).nullish(),
});
type S2Paper = z.infer<typeof S2Paper>;
const SearchBody = z.looseObject({ data: z.array(z.unknown()).default([]) });
const RecommendationsBody = z.looseObject({ recommendedPapers: z.array(z.unknown()) });

export interface SemanticScholarClient {
  search(query: string, options: { readonly limit: number; readonly signal?: AbortSignal }): Promise<Paper[]>;
  /** One paper by canonical id (arxiv:…, doi:…, s2:…); undefined when S2 does not know it. */
  paper(id: string, options?: { readonly signal?: AbortSignal }): Promise<Paper | undefined>;
  /** Several at once (POST /paper/batch); unknown ids are left out. */
  batch(ids: readonly string[], options?: { readonly signal?: AbortSignal }): Promise<Paper[]>;
  /** Papers S2 recommends for one paper. */
  recommendations(id: string, options: { readonly limit: number; readonly signal?: AbortSignal }): Promise<Paper[]>;
}

export interface SemanticScholarDependencies {
  readonly apiUrl: string;
  readonly http: HttpClient;
  readonly cache: Cache;
  readonly log: Logger;
}

export function createSemanticScholarClient({
  apiUrl,
  http,
  cache,
  log,
}: SemanticScholarDependencies): SemanticScholarClient {
  const s2Log = log.child({ module: 'sources', service: 'semanticscholar' });
  // The Recommendations API lives beside the Graph API: …/graph/v1 → …/recommendations/v1.
  const recommendationsUrl = apiUrl.replace(/\/graph\/v1$/, '/recommendations/v1');

  const badResponse = (detail: string, cause?: unknown): never => {
    const error = new UpstreamError('semanticscholar', 'bad_response', detail, { cause });
    http.noteFailure(error);
    throw error;
  };
  const toPapers = (items: readonly unknown[]): Paper[] => {
    const papers: Paper[] = [];
    for (const raw of items) {
      if (raw === null) continue;
      const item = S2Paper.safeParse(raw);
      if (!item.success) {
        s2Log.warn({ issues: item.error.issues.slice(0, 3) }, 'skipped a malformed Semantic Scholar paper');
        continue;
      }
      const paper = s2ToPaper(item.data);
      if (paper) papers.push(paper);
    }
    return papers;
  };

  return {
    async search(query, { limit, signal }) {
      const q = collapseWhitespace(query);
      if (!q) return [];
      const params = new URLSearchParams({
        query: q,
        limit: String(Math.min(100, Math.max(1, limit))),
        fields: FIELDS,
      });
      return cache.getOrSet(
        'sources',
        `semanticscholar:search:${params}`,
        async () => {
          const body = SearchBody.safeParse(await http.json({ url: `${apiUrl}/paper/search?${params}`, signal }));
          return body.success ? toPapers(body.data.data) : badResponse('unexpected search shape', body.error);
        },
        { ttlMs: TTL.search },
      );
    },
    async paper(id, options = {}) {
      const key = s2Key(id);
      if (!key) return undefined;
      const cacheKey = `semanticscholar:paper:${key}`;
      const cached = (await cache.namespace('sources').get(cacheKey)) as Paper | undefined;
      if (cached) return cached;
      let body: unknown;
      try {
        body = await http.json({
          url: `${apiUrl}/paper/${encodeURIComponent(key)}?fields=${FIELDS}`,
          signal: options.signal,
        });
      } catch (error) {
        if (error instanceof UpstreamError && error.failure === 'not_found') return undefined;
        throw error;
      }
      const item = S2Paper.safeParse(body);
      if (item.success && !answersKey(key, item.data)) {
        // Another paper than the one asked for is a bad answer, never cached nor shown (issue 12).
        return badResponse(`asked for ${key}, answered ${item.data.paperId}`);
      }
      const [paper] = toPapers([body]);
      if (!paper) return badResponse(`unexpected paper shape for ${key}`);
      await cache.namespace('sources').set(cacheKey, paper, TTL.paper);
      return paper;
    },
    async batch(ids, options = {}) {
      const keys = [...new Set(ids.map(s2Key).filter((k): k is string => Boolean(k)))];
      const papers: Paper[] = [];
      for (let i = 0; i < keys.length; i += BATCH_SIZE) {
        const chunk = keys.slice(i, i + BATCH_SIZE);
        const body = await http.json({
          url: `${apiUrl}/paper/batch?fields=${FIELDS}`,
          method: 'POST',
          json: { ids: chunk },
          signal: options.signal,
        });
        papers.push(...(Array.isArray(body) ? toPapers(body) : badResponse('batch answer is not an array')));
      }
      return papers;
    },
    async recommendations(id, { limit, signal }) {
      const key = s2Key(id);
      if (!key) return [];
      const params = new URLSearchParams({ fields: FIELDS, limit: String(Math.min(500, Math.max(1, limit))) });
      return cache.getOrSet(
        'sources',
        `semanticscholar:recommendations:${key}:${params}`,
        async () => {
          const url = `${recommendationsUrl}/papers/forpaper/${encodeURIComponent(key)}?${params}`;
          const body = RecommendationsBody.safeParse(await http.json({ url, signal }));
          return body.success
            ? toPapers(body.data.recommendedPapers)
            : badResponse('unexpected recommendations shape', body.error);
        },
        { ttlMs: TTL.recommendations },
      );
    },
  };
}

/** Our canonical id → S2's id syntax (ARXIV:2401.12345, DOI:10.…, or the 40-hex paperId). */
function s2Key(id: string): string | undefined {
  const parsed = tryParsePaperId(id);
  if (!parsed) return undefined;
  if (parsed.kind === 'arxiv') return `ARXIV:${parsed.arxivId}`;
  if (parsed.kind === 'doi') return `DOI:${parsed.doi}`;
  return parsed.s2Id;
}

/** Whether S2's answer is the paper `key` (ARXIV:…, DOI:… or a paperId) names, version stripped. */
function answersKey(key: string, item: S2Paper): boolean {
  const external = item.externalIds ?? {};
  if (key.startsWith('ARXIV:')) {
    const arxiv = typeof external.ArXiv === 'string' ? tryParsePaperId(external.ArXiv) : undefined;
    return arxiv?.kind === 'arxiv' && arxiv.arxivId === key.slice('ARXIV:'.length);
  }
  if (key.startsWith('DOI:')) {
    return typeof external.DOI === 'string' && external.DOI.toLowerCase() === key.slice('DOI:'.length);
  }
  return item.paperId.toLowerCase() === key;
}

function s2ToPaper(item: S2Paper): Paper | undefined {
  const title = collapseWhitespace(item.title ?? '');
  if (!title) return undefined;
  const external = item.externalIds ?? {};
  const arxiv = typeof external.ArXiv === 'string' ? tryParsePaperId(external.ArXiv) : undefined;
  const doi = typeof external.DOI === 'string' ? external.DOI.toLowerCase() : undefined;
  const id = arxiv?.kind === 'arxiv' ? arxiv.id : doi ? `doi:${doi}` : `s2:${item.paperId.toLowerCase()}`;
  const published =
    isoTimestamp(item.publicationDate ?? undefined) ?? (item.year ? `${item.year}-01-01T00:00:00.000Z` : '');
  const tldr = item.tldr?.text ? collapseWhitespace(item.tldr.text) : undefined;
  return {
    id,
    title,
    abstract: collapseWhitespace(item.abstract ?? ''),
    authors: (item.authors ?? []).map((a) => collapseWhitespace(a.name ?? '')).filter(Boolean),
    published,
    categories: [],
    links: arxivLinks(id),
    keywords: [],
    sources: ['semanticscholar'],
    ...(typeof item.citationCount === 'number' ? { citationCount: item.citationCount } : {}),
    ...(tldr ? { tldr } : {}),
    ...(doi ? { doi } : {}),
  };
}
