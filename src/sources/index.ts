import type { Cache } from '../cache/create-cache.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { isPaperboyError, UpstreamError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import { mergePapers } from '../papers/merge-papers.ts';
import type { Paper } from '../papers/paper.ts';
import type { ParsedPaperId } from '../papers/parse-paper-id.ts';
import { VERSION } from '../version.ts';
import { type ArxivClient, createArxivClient } from './arxiv.ts';
import { type ArxivRssClient, createArxivRssClient } from './arxiv-rss.ts';
import { createHttpClient, type FetchFunction, type SourceName, type SourceStatus, userAgent } from './http.ts';
import { createHuggingFaceClient, type HuggingFaceClient } from './huggingface.ts';
import { createIntervalLimiter, createWindowLimiter } from './rate-limiter.ts';
import { createSemanticScholarClient, type SemanticScholarClient } from './semantic-scholar.ts';

export type { ArxivClient, ArxivPage, ArxivQueryOptions } from './arxiv.ts';
export type { ArxivQuery } from './arxiv-query.ts';
export type { Announcements, ArxivRssClient } from './arxiv-rss.ts';
export type { SourceName, SourceStatus } from './http.ts';
export type { HuggingFaceClient } from './huggingface.ts';
export type { SemanticScholarClient } from './semantic-scholar.ts';

export interface Sources {
  readonly huggingface: HuggingFaceClient;
  readonly arxiv: ArxivClient;
  readonly arxivRss: ArxivRssClient;
  /** Only when SEMANTIC_SCHOLAR_ENABLED=true. */
  readonly semanticScholar?: SemanticScholarClient;
  /**
   * One paper from every enabled source, merged (mergePapers); undefined when none knows it.
   * A source that fails is skipped while another answers.
   * @throws the first source's error when every source failed (e.g. all unreachable).
   */
  lookup(id: ParsedPaperId, options?: { readonly signal?: AbortSignal }): Promise<Paper | undefined>;
  /** When each source last answered and last failed (ISO time, and the failure's message). */
  status(): Readonly<Record<SourceName, Readonly<SourceStatus>>>;
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

  let semanticScholar: SemanticScholarClient | undefined;
  if (config.semanticScholar.enabled) {
    const s2Http = createHttpClient({
      ...common,
      service: 'semanticscholar',
      limiter: createIntervalLimiter({ clock, minIntervalMs: S2_INTERVAL_MS }),
      status: statuses.semanticscholar,
      ...(config.semanticScholar.apiKey ? { headers: { 'x-api-key': config.semanticScholar.apiKey } } : {}),
    });
    semanticScholar = createSemanticScholarClient({ apiUrl: config.semanticScholar.apiUrl, http: s2Http, cache, log });
  }
  const lookupLog = log.child({ module: 'sources' });

  return {
    huggingface,
    arxiv,
    arxivRss,
    ...(semanticScholar ? { semanticScholar } : {}),
    async lookup(id, options = {}) {
      const { signal } = options;
      const attempts: Array<Promise<Paper | undefined>> = [];
      if (id.kind === 'arxiv') {
        attempts.push(huggingface.paper(id.arxivId, { signal }));
        attempts.push(arxiv.byIds([id.id], { signal }).then((papers) => papers[0]));
      }
      if (semanticScholar) attempts.push(semanticScholar.paper(id.id, { signal }));
      const results = await Promise.allSettled(attempts);
      const found = results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      for (const error of failures) lookupLog.warn({ err: error, id: id.id }, 'a source failed during lookup');
      if (found.length > 0) return mergePapers(found);
      const [firstFailure] = failures;
      if (firstFailure !== undefined && failures.length === results.length) {
        throw isPaperboyError(firstFailure)
          ? firstFailure
          : new UpstreamError('arxiv', 'unavailable', 'lookup failed', { cause: firstFailure });
      }
      return undefined;
    },
    status: () => structuredClone(statuses),
  };
}
