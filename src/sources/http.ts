import type { Clock } from '../clock.ts';
import { RateLimitedError, SourceUnreachableError, UpstreamError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import { createCircuitBreaker } from './circuit-breaker.ts';
import type { RateLimiter } from './rate-limiter.ts';

export type SourceName = 'huggingface' | 'arxiv' | 'semanticscholar';
export type FetchFunction = typeof fetch;

export interface SourceStatus {
  lastSuccess?: string;
  lastError?: string;
}

/** What every client of one service shares: transport, politeness and bookkeeping. */
export interface HttpClientOptions {
  readonly service: SourceName;
  readonly fetch: FetchFunction;
  readonly clock: Clock;
  readonly log: Logger;
  readonly limiter: RateLimiter;
  readonly timeoutMs: number;
  readonly userAgent: string;
  /** OFFLINE=true: fail fast, never touch the network. */
  readonly offline: boolean;
  readonly headers?: Readonly<Record<string, string>>;
  /** Attempts in all, including the first (default 4). */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A Retry-After longer than this is not waited out; the caller gets RateLimitedError at once. */
  readonly maxRetryAfterMs?: number;
  /** Jitter source in [0, 1); injectable so tests can pin backoff delays. */
  readonly random?: () => number;
  readonly status?: SourceStatus;
}

export interface HttpRequest {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  /** Sent as JSON. */
  readonly json?: unknown;
  readonly signal?: AbortSignal;
  readonly accept?: string;
  /** Non-2xx statuses whose body the caller parses itself (arXiv's error feed comes with 400). */
  readonly passStatuses?: readonly number[];
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export interface HttpClient {
  readonly service: SourceName;
  /**
   * Sends a request politely (rate limiter, timeout, retries with jittered backoff on dropped
   * connections, timeouts, 5xx and 429) and returns a 2xx (or `passStatuses`) response with its
   * body read. A service that cannot be reached (its host does not resolve, the connection is
   * refused, no route) is not retried, and is skipped for the breaker's cool-down.
   * @throws SourceUnreachableError (unreachable, or skipped since); UpstreamError `unavailable`
   *   (offline, network, timeout, 5xx), `not_found` (404), `bad_response` (other 4xx);
   *   RateLimitedError after retried 429s; the signal's reason on abort.
   */
  request(request: HttpRequest): Promise<HttpResponse>;
  /** `request`, then JSON.parse. @throws UpstreamError `bad_response` when the body is not JSON. */
  json(request: HttpRequest): Promise<unknown>;
  /** Records a failure found after transport (e.g. an unparseable body) in the source status. */
  noteFailure(error: unknown): void;
  /** Until when (clock ms) the service is skipped after it could not be reached; undefined when it is not. */
  skippedUntil(): number | undefined;
}

export function userAgent(version: string): string {
  return `Paperboy/${version} (+https://github.com/paperboy-bot/paperboy)`;
}

class RetryableFailure {
  readonly error: Error;
  readonly retryAfterMs: number | undefined;

  constructor(error: Error, retryAfterMs: number | undefined) {
    this.error = error;
    this.retryAfterMs = retryAfterMs;
  }
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const {
    service,
    clock,
    limiter,
    maxAttempts = 4,
    baseDelayMs = 1000,
    maxDelayMs = 30_000,
    maxRetryAfterMs = 120_000,
    random = Math.random,
  } = options;
  const log = options.log.child({ module: 'sources', service });
  const status = options.status ?? {};
  // Skips the service for a while after it could not be reached.
  const breaker = createCircuitBreaker({ clock });

  const fail = (error: unknown): never => {
    noteFailure(error);
    throw error;
  };
  function noteFailure(error: unknown): void {
    status.lastError = `${new Date(clock.now()).toISOString()} ${error instanceof Error ? error.message : String(error)}`;
  }

  async function attempt(request: HttpRequest): Promise<HttpResponse | RetryableFailure> {
    const release = await limiter.acquire(request.signal);
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const started = clock.now();
    try {
      const headers: Record<string, string> = {
        'user-agent': options.userAgent,
        accept: request.accept ?? 'application/json',
        ...options.headers,
      };
      if (request.json !== undefined) headers['content-type'] = 'application/json';
      let response: Response;
      let text: string;
      try {
        response = await options.fetch(request.url, {
          method: request.method ?? 'GET',
          headers,
          body: request.json === undefined ? undefined : JSON.stringify(request.json),
          signal,
        });
        text = await response.text();
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason;
        const unreachable = timeout.aborted ? undefined : unreachableCode(error);
        if (unreachable) {
          throw new SourceUnreachableError(service, `${unreachable} (${safeUrl(request.url)})`, { cause: error });
        }
        const detail = timeout.aborted ? `timed out after ${options.timeoutMs} ms` : 'network error';
        return new RetryableFailure(
          new UpstreamError(service, 'unavailable', `${detail} (${safeUrl(request.url)})`, { cause: error }),
          undefined,
        );
      }
      breaker.reached();
      log.debug({ url: safeUrl(request.url), status: response.status, ms: clock.now() - started }, 'source response');
      const { status: code } = response;
      if ((code >= 200 && code < 300) || request.passStatuses?.includes(code)) {
        return { status: code, headers: response.headers, text };
      }
      if (code === 429) {
        const retryAfterMs = parseRetryAfter(response.headers, clock.now());
        if (retryAfterMs !== undefined) limiter.pauseUntil(clock.now() + retryAfterMs);
        return new RetryableFailure(new RateLimitedError(service, retryAfterMs ?? baseDelayMs), retryAfterMs);
      }
      if (code >= 500) {
        return new RetryableFailure(
          new UpstreamError(service, 'unavailable', `HTTP ${code} (${safeUrl(request.url)})`),
          parseRetryAfter(response.headers, clock.now()),
        );
      }
      if (code === 404) throw new UpstreamError(service, 'not_found', `HTTP 404 (${safeUrl(request.url)})`);
      throw new UpstreamError(service, 'bad_response', `HTTP ${code} (${safeUrl(request.url)})`);
    } finally {
      release();
    }
  }

  async function request(request: HttpRequest): Promise<HttpResponse> {
    if (options.offline) return fail(new UpstreamError(service, 'unavailable', 'offline mode (OFFLINE=true)'));
    const skippedUntil = breaker.skippedUntil();
    if (skippedUntil !== undefined) {
      // Not a new failure: status keeps the one that opened the circuit.
      throw new SourceUnreachableError(
        service,
        `skipped until ${new Date(skippedUntil).toISOString()} after it could not be reached`,
      );
    }
    for (let attemptNo = 1; ; attemptNo++) {
      let outcome: HttpResponse | RetryableFailure;
      try {
        outcome = await attempt(request);
      } catch (error) {
        if (request.signal?.aborted) throw error;
        if (error instanceof SourceUnreachableError) {
          const first = breaker.unreachable();
          const until = new Date(breaker.skippedUntil() ?? clock.now()).toISOString();
          // One warning per outage; the requests skipped meanwhile fail at once, unlogged.
          if (first) log.warn({ err: error, skippedUntil: until }, 'source unreachable; skipping it for a while');
          else log.debug({ err: error, skippedUntil: until }, 'source still unreachable');
        }
        return fail(error);
      }
      if (!(outcome instanceof RetryableFailure)) {
        status.lastSuccess = new Date(clock.now()).toISOString();
        return outcome;
      }
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attemptNo - 1)) * (0.5 + random() / 2);
      const wait = outcome.retryAfterMs ?? backoff;
      const isRateLimit = outcome.error instanceof RateLimitedError;
      if (attemptNo >= maxAttempts || wait > maxRetryAfterMs) {
        return fail(isRateLimit ? new RateLimitedError(service, wait, { cause: outcome.error }) : outcome.error);
      }
      log.warn({ err: outcome.error, attempt: attemptNo, waitMs: Math.round(wait) }, 'source request failed; retrying');
      await clock.sleep(wait, request.signal);
    }
  }

  return {
    service,
    request,
    async json(req) {
      const response = await request(req);
      try {
        return JSON.parse(response.text) as unknown;
      } catch (error) {
        return fail(
          new UpstreamError(service, 'bad_response', `body is not JSON (${safeUrl(req.url)})`, { cause: error }),
        );
      }
    },
    noteFailure,
    skippedUntil: () => breaker.skippedUntil(),
  };
}

// Errors that mean the service cannot be reached from here at all: DNS has no answer (ENOTFOUND,
// EAI_AGAIN: no network or no resolver), nothing listens (ECONNREFUSED), or there is no route.
// Retrying within a second would fail the same way, so these are not retried (issue 15).
const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * The system error code behind a failed fetch when it means "unreachable". undici's `fetch failed`
 * TypeError carries it as `cause.code`, or in `cause.errors` when several addresses were tried.
 */
function unreachableCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return code;
  if (Array.isArray(errors)) {
    const codes = errors.map((inner) => unreachableCode(inner, depth + 1));
    // Every address failed; one refused and one unresolvable still make the host unreachable.
    if (codes.length > 0 && codes.every((c) => c !== undefined)) return codes[0];
  }
  return unreachableCode(cause, depth + 1);
}

/**
 * Milliseconds to wait from `Retry-After` (seconds or an HTTP date) or Hugging Face's
 * `RateLimit: "api";r=0;t=42` (IETF draft-ietf-httpapi-ratelimit-headers: t = seconds to reset).
 */
export function parseRetryAfter(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const rateLimit = headers.get('ratelimit');
  const reset = rateLimit ? /(?:^|;)\s*t=(\d+)/.exec(rateLimit)?.[1] : undefined;
  return reset === undefined ? undefined : Number(reset) * 1000;
}

/** The URL without query values that might carry keys (none do today; cheap insurance for logs). */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    // Not a URL at all; log a marker rather than the raw text.
    return '(invalid url)';
  }
}
