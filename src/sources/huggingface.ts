import { z } from 'zod';
import type { Cache } from '../cache/create-cache.ts';
import type { Clock } from '../clock.ts';
import { UpstreamError, UserInputError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import { arxivLinks, type Paper } from '../papers/paper.ts';
import { tryParsePaperId } from '../papers/parse-paper-id.ts';
import { collapseWhitespace } from '../text/index.ts';
import { isoTimestamp, isoWeek, isUtcDay, utcDay, utcMonth } from './dates.ts';
import type { HttpClient } from './http.ts';
import { cachedListing, type ListedPaper, type ListingOptions } from './listings.ts';
import type { LiveSearch } from './live-search.ts';

// Hugging Face Papers API (https://huggingface.co/docs/hub/api#paper-pages-api):
// GET /api/daily_papers?date=YYYY-MM-DD&limit=N&p=N → DailyPaper[] (paging with p until []); the
// same listing for an ISO week (`week=YYYY-Www`) or a month (`month=YYYY-MM`) instead of `date`,
// GET /api/papers/search?q= → DailyPaper[], GET /api/papers/{arxivId} → Paper (flat, with
// submittedOnDailyAt). In a DailyPaper the paper sits under `paper` (upvotes too) and the
// top-level `publishedAt` is when it was listed.

const PAGE_SIZE = 100;
// A day has never had more than a few hundred papers; the cap stops a server that never returns [].
const MAX_PAGES = 20;
// A month lists a few thousand papers at most (HF shows about 50–150 a day).
const MAX_PERIOD_PAGES = 40;
const MINUTE = 60_000;
const DAY_MS = 24 * 60 * MINUTE;
export const HF_TTL = { pastDay: 7 * DAY_MS, today: 15 * MINUTE, search: 60 * MINUTE, paper: DAY_MS } as const;

/** A Hugging Face Daily Papers listing: one UTC day, one ISO week or one month. */
export type TrendingPeriod =
  | { readonly kind: 'day'; readonly date: string }
  | { readonly kind: 'week'; readonly week: string }
  | { readonly kind: 'month'; readonly month: string };

const ISO_WEEK = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const HfAuthor = z.looseObject({ name: z.string() });
const HfPaper = z.looseObject({
  id: z.string(),
  title: z.string().optional(),
  summary: z.string().optional(),
  authors: z.array(HfAuthor).optional(),
  publishedAt: z.string().optional(),
  submittedOnDailyAt: z.string().optional(),
  upvotes: z.number().optional(),
  ai_summary: z.string().nullish(),
  ai_keywords: z.array(z.string()).nullish(),
  githubRepo: z.string().nullish(),
  projectPage: z.string().nullish(),
  withdrawnAt: z.string().nullish(),
});
type HfPaper = z.infer<typeof HfPaper>;
const HfListItem = z.looseObject({
  paper: HfPaper,
  title: z.string().optional(),
  publishedAt: z.string().optional(),
  ai_summary: z.string().nullish(),
  ai_keywords: z.array(z.string()).nullish(),
  githubRepo: z.string().nullish(),
  projectPage: z.string().nullish(),
});
type HfListItem = z.infer<typeof HfListItem>;

export interface SourceCallOptions {
  readonly signal?: AbortSignal;
}

export interface HuggingFaceClient extends LiveSearch {
  readonly name: 'huggingface';
  /**
   * Every paper listed on HF Daily Papers for a UTC day, most upvoted first.
   * @throws UserInputError for a date that is not YYYY-MM-DD; UpstreamError; RateLimitedError.
   */
  daily(date: string, options?: SourceCallOptions): Promise<Paper[]>;
  /**
   * The same day's listing in HF's order, each paper with the instant it was listed (the item's
   * top-level `publishedAt`; the day's 00:00 UTC when HF gives none).
   * @throws as `daily`.
   */
  listings(date: string, options?: ListingOptions): Promise<ListedPaper[]>;
  /**
   * Every paper of a day's, week's or month's listing, most upvoted first (ties in HF's order).
   * @throws UserInputError for a malformed period; UpstreamError; RateLimitedError.
   */
  trending(period: TrendingPeriod, options?: SourceCallOptions): Promise<Paper[]>;
  search(query: string, options: { readonly limit: number; readonly signal?: AbortSignal }): Promise<readonly Paper[]>;
  /** One paper by arXiv id (no version), or undefined when HF has no page for it. */
  paper(arxivId: string, options?: SourceCallOptions): Promise<Paper | undefined>;
}

export interface HuggingFaceDependencies {
  readonly baseUrl: string;
  readonly http: HttpClient;
  readonly cache: Cache;
  readonly clock: Clock;
  readonly log: Logger;
}

export function createHuggingFaceClient({
  baseUrl,
  http,
  cache,
  clock,
  log,
}: HuggingFaceDependencies): HuggingFaceClient {
  const hfLog = log.child({ module: 'sources', service: 'huggingface' });

  /** The list's usable items, each with the paper it describes (withdrawn and non-arXiv ones left out). */
  async function fetchList(
    url: string,
    signal: AbortSignal | undefined,
  ): Promise<Array<{ readonly item: HfListItem; readonly paper: Paper }>> {
    const body = await http.json({ url, signal });
    if (!Array.isArray(body)) {
      const error = new UpstreamError('huggingface', 'bad_response', `expected an array from ${new URL(url).pathname}`);
      http.noteFailure(error);
      throw error;
    }
    const entries: Array<{ readonly item: HfListItem; readonly paper: Paper }> = [];
    for (const raw of body) {
      const item = HfListItem.safeParse(raw);
      if (!item.success) {
        hfLog.warn({ issues: item.error.issues.slice(0, 3) }, 'skipped a malformed Hugging Face item');
        continue;
      }
      const paper = listItemToPaper(item.data);
      if (paper) entries.push({ item: item.data, paper });
    }
    return entries;
  }

  async function listings(date: string, options: ListingOptions = {}): Promise<ListedPaper[]> {
    if (!isUtcDay(date)) throw new UserInputError('Give the day as YYYY-MM-DD, e.g. 2024-09-18.');
    const today = new Date(clock.now()).toISOString().slice(0, 10);
    // A past day's list is settled; today's still grows as papers are submitted.
    const ttlMs = date < today ? HF_TTL.pastDay : HF_TTL.today;
    const dayStart = `${date}T00:00:00.000Z`;
    return cachedListing(
      { cache, clock },
      `huggingface:listings:${date}`,
      { ttlMs, fetchedAfter: options.fetchedAfter },
      async () => {
        const all: ListedPaper[] = [];
        for (let page = 0; page < MAX_PAGES; page++) {
          const query = new URLSearchParams({ date, limit: String(PAGE_SIZE), p: String(page) });
          const entries = await fetchList(`${baseUrl}/api/daily_papers?${query}`, options.signal);
          if (entries.length === 0) break;
          for (const { item, paper } of entries) {
            all.push({ paper, listedAt: isoTimestamp(item.publishedAt) ?? dayStart });
          }
        }
        return dedupe(all, (entry) => entry.paper.id);
      },
    );
  }

  /** A week's or month's listing, every page; cached like a day (settled once the period is over). */
  async function periodListing(period: Exclude<TrendingPeriod, { kind: 'day' }>, signal?: AbortSignal) {
    const [param, value, valid] =
      period.kind === 'week' ? (['week', period.week, ISO_WEEK] as const) : (['month', period.month, MONTH] as const);
    if (!valid.test(value)) {
      throw new UserInputError(
        period.kind === 'week' ? 'Give the week as YYYY-Www, e.g. 2024-W38.' : 'Give the month as YYYY-MM.',
      );
    }
    const now = clock.now();
    const current = period.kind === 'week' ? isoWeek(now) : utcMonth(now);
    const ttlMs = value < current ? HF_TTL.pastDay : HF_TTL.today;
    return cache.getOrSet(
      'sources',
      `huggingface:${param}:${value}`,
      async () => {
        const all: Paper[] = [];
        for (let page = 0; page < MAX_PERIOD_PAGES; page++) {
          const query = new URLSearchParams({ [param]: value, limit: String(PAGE_SIZE), p: String(page) });
          const entries = await fetchList(`${baseUrl}/api/daily_papers?${query}`, signal);
          if (entries.length === 0) break;
          all.push(...entries.map((entry) => entry.paper));
        }
        return dedupe(all, (paper) => paper.id);
      },
      { ttlMs },
    );
  }

  return {
    name: 'huggingface',
    async trending(period, options = {}) {
      const papers =
        period.kind === 'day'
          ? (await listings(period.date, options)).map((entry) => entry.paper)
          : await periodListing(period, options.signal);
      return mostUpvotedFirst(papers);
    },
    async daily(date, options = {}) {
      const listed = await listings(date, options);
      return mostUpvotedFirst(listed.map((entry) => entry.paper));
    },
    listings,
    async search(query, { limit, signal }) {
      const q = collapseWhitespace(query);
      if (!q) return [];
      const papers = await cache.getOrSet(
        'sources',
        `huggingface:search:${q.toLowerCase()}`,
        async () => {
          const entries = await fetchList(`${baseUrl}/api/papers/search?${new URLSearchParams({ q })}`, signal);
          return dedupe(
            entries.map((entry) => entry.paper),
            (paper) => paper.id,
          );
        },
        { ttlMs: HF_TTL.search },
      );
      return papers.slice(0, limit);
    },
    async paper(arxivId, options = {}) {
      const key = `huggingface:paper:${arxivId}`;
      const cached = (await cache.namespace('sources').get(key)) as Paper | undefined;
      if (cached) return cached;
      let body: unknown;
      try {
        body = await http.json({ url: `${baseUrl}/api/papers/${encodeURIComponent(arxivId)}`, signal: options.signal });
      } catch (error) {
        if (error instanceof UpstreamError && error.failure === 'not_found') return undefined;
        throw error;
      }
      const parsed = HfPaper.safeParse(body);
      if (!parsed.success) {
        const error = new UpstreamError('huggingface', 'bad_response', `unexpected paper shape for ${arxivId}`, {
          cause: parsed.error,
        });
        http.noteFailure(error);
        throw error;
      }
      const paper = toPaper(parsed.data, parsed.data, parsed.data.submittedOnDailyAt);
      // Another paper than the one asked for is a bad answer, never cached nor shown (issue 12).
      if (paper && paper.id !== `arxiv:${arxivId}`) {
        throw new UpstreamError('huggingface', 'bad_response', `asked for ${arxivId}, answered ${paper.id}`);
      }
      if (paper) await cache.namespace('sources').set(key, paper, HF_TTL.paper);
      return paper;
    },
  };
}

function listItemToPaper(item: HfListItem): Paper | undefined {
  return toPaper(item.paper, item, item.publishedAt);
}

/**
 * `extra` holds fields HF sometimes puts beside `paper` rather than inside it (ai_summary,
 * githubRepo…); the inner value wins. Withdrawn papers and non-arXiv ids are skipped.
 */
interface HfExtra {
  readonly title?: string | undefined;
  readonly ai_summary?: string | null | undefined;
  readonly ai_keywords?: string[] | null | undefined;
  readonly githubRepo?: string | null | undefined;
  readonly projectPage?: string | null | undefined;
}

function toPaper(paper: HfPaper, extra: HfExtra, listedAt: string | undefined): Paper | undefined {
  if (paper.withdrawnAt) return undefined;
  const parsed = tryParsePaperId(paper.id);
  if (parsed?.kind !== 'arxiv') return undefined;
  const title = collapseWhitespace(paper.title ?? extra.title ?? '');
  if (!title) return undefined;
  const code = paper.githubRepo ?? extra.githubRepo ?? undefined;
  const project = paper.projectPage ?? extra.projectPage ?? undefined;
  const aiSummary = paper.ai_summary ?? extra.ai_summary ?? undefined;
  const listedOn = utcDay(listedAt);
  return {
    id: parsed.id,
    title,
    abstract: collapseWhitespace(paper.summary ?? ''),
    authors: (paper.authors ?? []).map((a) => collapseWhitespace(a.name)).filter(Boolean),
    published: isoTimestamp(paper.publishedAt) ?? '',
    categories: [],
    links: {
      ...arxivLinks(parsed.id),
      hf: `https://huggingface.co/papers/${parsed.arxivId}`,
      ...(code ? { code } : {}),
      ...(project ? { project } : {}),
    },
    ...(paper.upvotes === undefined ? {} : { upvotes: paper.upvotes }),
    ...(aiSummary ? { aiSummary: collapseWhitespace(aiSummary) } : {}),
    keywords: paper.ai_keywords ?? extra.ai_keywords ?? [],
    sources: ['huggingface'],
    ...(listedOn ? { listedOn } : {}),
  };
}

/** Array.prototype.sort is stable: equal upvotes keep HF's order. */
function mostUpvotedFirst(papers: readonly Paper[]): Paper[] {
  return [...papers].sort((a, b) => (b.upvotes ?? 0) - (a.upvotes ?? 0));
}

function dedupe<T>(items: readonly T[], idOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(idOf(item)) && seen.add(idOf(item)));
}
