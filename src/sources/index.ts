import type { Cache } from '../cache/create-cache.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { isPaperboyError, NotInLibraryError, SourceUnreachableError, UpstreamError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import { mergePapers } from '../papers/merge-papers.ts';
import type { Paper } from '../papers/paper.ts';
import type { ParsedPaperId } from '../papers/parse-paper-id.ts';
import { VERSION } from '../version.ts';
import { type ArxivClient, createArxivClient } from './arxiv.ts';
import { createArxivHtmlSource, type FullTextSource } from './arxiv-html.ts';
import { type ArxivRssClient, createArxivRssClient } from './arxiv-rss.ts';
import {
  createHttpClient,
  type FetchFunction,
  type HttpClient,
  type SourceName,
  type SourceStatus,
  userAgent,
} from './http.ts';
import { createHuggingFaceClient, type HuggingFaceClient } from './huggingface.ts';
import { createIntervalLimiter, createWindowLimiter } from './rate-limiter.ts';
import { isPaperAsked } from './same-paper.ts';
import { createSemanticScholarClient, type SemanticScholarClient } from './semantic-scholar.ts';

export type { ArxivClient, ArxivPage, ArxivQueryOptions } from './arxiv.ts';
export type { FullTextResult, FullTextSection, FullTextSource } from './arxiv-html.ts';
export type { ArxivQuery } from './arxiv-query.ts';
export type { Announcements, ArxivRssClient } from './arxiv-rss.ts';
export type { SourceName, SourceStatus } from './http.ts';
export type { HuggingFaceClient } from './huggingface.ts';
export type { SemanticScholarClient } from './semantic-scholar.ts';

export interface Sources {
  readonly huggingface: HuggingFaceClient;
  readonly arxiv: ArxivClient;
  readonly arxivRss: ArxivRssClient;
  /** Papers' full text from arXiv's HTML renderings, in the arXiv queue. */
  readonly arxivHtml: FullTextSource;
  /** Only when SEMANTIC_SCHOLAR_ENABLED=true. */
  readonly semanticScholar?: SemanticScholarClient;
  /**
   * One paper from every enabled source, merged (mergePapers); undefined when none knows it.
   * A source that fails is skipped while another answers; all of them together get
   * `lookupBudgetMs` when one is set.
   * @throws NotInLibraryError when no source can be asked: `offline` (OFFLINE=true), `disabled` (no
   *   enabled source looks up this kind of id), `unreachable` (none could be reached, or none
   *   answered within the budget); otherwise the first source's error when every source failed;
   *   the signal's reason on abort.
   */
  lookup(id: ParsedPaperId, options?: { readonly signal?: AbortSignal }): Promise<Paper | undefined>;
  /**
   * Per source: when it last answered and last failed (ISO time, and the failure's message), and
   * whether it is off (`mode`) or skipped after it could not be reached (`skippedUntil`).
   */
  status(): Readonly<Record<SourceName, Readonly<SourceStatusReport>>>;
}

/** A source's status as /status shows it. */
export interface SourceStatusReport extends SourceStatus {
  /** `offline`: OFFLINE=true; `disabled`: not enabled (Semantic Scholar without SEMANTIC_SCHOLAR_ENABLED). */
  readonly mode?: 'offline' | 'disabled';
  /** ISO time until which it is skipped, after it could not be reached. */
  readonly skippedUntil?: string;
}

export interface SourcesDependencies {
  readonly cache: Cache;
  readonly clock: Clock;
  readonly log: Logger;
  /** Defaults to the global fetch; tests pass none and point the base URLs at a local server. */
  readonly fetch?: FetchFunction;
  /** Jitter for backoff (tests pin it). */
  readonly random?: () => number;
  readonly version?: string;
  /**
   * The whole time one lookup may spend on the sources together (the chat's LIVE_BUDGET_MS);
   * unset, each request has only its own timeout and retries (the bot, where a deferred reply
   * may take minutes).
   */
  readonly lookupBudgetMs?: number;
}

// Hugging Face: 500 requests per 5 minutes for anonymous callers (DESIGN.md, Source etiquette).
const HF_LIMIT = { limit: 500, windowMs: 5 * 60_000 };
// Semantic Scholar: about one request per second without a key.
const S2_INTERVAL_MS = 1000;

/** Builds the source clients. Call once per process: the arXiv queue must be shared by API and RSS. */
export function createSources(config: Config['sources'], deps: SourcesDependencies): Sources {
  const { cache, clock, log } = deps;
  const fetchFn = deps.fetch ?? globalThis.fetch.bind(globalThis);
  const agent = userAgent(deps.version ?? VERSION);
  const statuses: Record<SourceName, SourceStatus> = { huggingface: {}, arxiv: {}, semanticscholar: {} };
  const common = {
    fetch: fetchFn,
    clock,
    log,
    timeoutMs: config.timeoutMs,
    userAgent: agent,
    offline: config.offline,
    random: deps.random,
  };

  // One arXiv limiter for the API and RSS clients: arXiv counts requests per client, not per endpoint.
  const arxivHttp = createHttpClient({
    ...common,
    service: 'arxiv',
    limiter: createIntervalLimiter({ clock, minIntervalMs: config.arxiv.minIntervalMs }),
    status: statuses.arxiv,
  });
  const hfHttp = createHttpClient({
    ...common,
    service: 'huggingface',
    limiter: createWindowLimiter({ clock, ...HF_LIMIT }),
    status: statuses.huggingface,
  });
  const huggingface = createHuggingFaceClient({ baseUrl: config.huggingface.baseUrl, http: hfHttp, cache, clock, log });
  const arxiv = createArxivClient({ apiUrl: config.arxiv.apiUrl, http: arxivHttp, cache, log });
  const arxivRss = createArxivRssClient({ rssUrl: config.arxiv.rssUrl, http: arxivHttp, cache, clock, log });
  const arxivHtml = createArxivHtmlSource({ htmlUrl: config.arxiv.htmlUrl, http: arxivHttp, cache, log });

  let semanticScholar: SemanticScholarClient | undefined;
  let s2Http: HttpClient | undefined;
  if (config.semanticScholar.enabled) {
    s2Http = createHttpClient({
      ...common,
      service: 'semanticscholar',
      limiter: createIntervalLimiter({ clock, minIntervalMs: S2_INTERVAL_MS }),
      status: statuses.semanticscholar,
      ...(config.semanticScholar.apiKey ? { headers: { 'x-api-key': config.semanticScholar.apiKey } } : {}),
    });
    semanticScholar = createSemanticScholarClient({ apiUrl: config.semanticScholar.apiUrl, http: s2Http, cache, log });
  }
  const lookupLog = log.child({ module: 'sources' });
  const clients: ReadonlyArray<readonly [SourceName, HttpClient | undefined]> = [
    ['huggingface', hfHttp],
    ['arxiv', arxivHttp],
    ['semanticscholar', s2Http],
  ];

  return {
    huggingface,
    arxiv,
    arxivRss,
    arxivHtml,
    ...(semanticScholar ? { semanticScholar } : {}),
    async lookup(id, options = {}) {
      if (config.offline) throw new NotInLibraryError(id.id, 'offline');
      const budget = deps.lookupBudgetMs === undefined ? undefined : AbortSignal.timeout(deps.lookupBudgetMs);
      const signals = [options.signal, budget].filter((s): s is AbortSignal => s !== undefined);
      const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
      const attempts: Array<Promise<Paper | undefined>> = [];
      if (id.kind === 'arxiv') {
        attempts.push(huggingface.paper(id.arxivId, { signal }));
        attempts.push(arxiv.byIds([id.id], { signal }).then((papers) => papers[0]));
      }
      if (semanticScholar) attempts.push(semanticScholar.paper(id.id, { signal }));
      // Only Semantic Scholar knows DOIs and its own ids.
      if (attempts.length === 0) throw new NotInLibraryError(id.id, 'disabled');
      const results = await Promise.allSettled(attempts);
      options.signal?.throwIfAborted();
      const answers = results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
      // Each client checks its answers; this holds for a client (or a cache entry) that did not.
      const found = answers.filter((paper) => isPaperAsked(id, paper));
      if (found.length < answers.length) {
        lookupLog.warn({ id: id.id, answered: answers.map((p) => p.id) }, 'a source answered with another paper');
      }
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      for (const error of failures) {
        // An unreachable source has already said so once (src/sources/http.ts); the rest is detail.
        const level = error instanceof SourceUnreachableError || budget?.aborted ? 'debug' : 'warn';
        lookupLog[level]({ err: error, id: id.id }, 'a source failed during lookup');
      }
      if (found.length > 0) return mergePapers(found);
      const [firstFailure] = failures;
      if (firstFailure !== undefined && failures.length === results.length) {
        if (budget?.aborted || failures.every((error) => error instanceof SourceUnreachableError)) {
          throw new NotInLibraryError(id.id, 'unreachable', { cause: firstFailure });
        }
        throw isPaperboyError(firstFailure)
          ? firstFailure
          : new UpstreamError('arxiv', 'unavailable', 'lookup failed', { cause: firstFailure });
      }
      return undefined;
    },
    status() {
      const report: Record<SourceName, SourceStatusReport> = structuredClone(statuses);
      for (const [name, http] of clients) {
        const until = http?.skippedUntil();
        const mode = config.offline ? 'offline' : http ? undefined : 'disabled';
        report[name] = {
          ...report[name],
          ...(mode ? { mode } : {}),
          ...(until !== undefined && !mode ? { skippedUntil: new Date(until).toISOString() } : {}),
        };
      }
      return report;
    },
  };
}
