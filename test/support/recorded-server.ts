import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { type Cache, createCache } from '../../src/cache/create-cache.ts';
import { type Config, parseConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { createSources, type Sources, type SourcesDependencies } from '../../src/sources/index.ts';
import { createFakeClock, type FakeClock } from './fake-clock.ts';

/**
 * A local stand-in for Hugging Face, arXiv and Semantic Scholar: serves recorded fixtures
 * `{ url, status, headers, body }` matched by method + path + query (the fixture's host is
 * ignored), records every request, and can be scripted per test (one-shot answers, handlers,
 * dropped connections, slow answers).
 */

export interface Fixture {
  /** The upstream URL it was recorded from; only path and query are used for matching. */
  readonly url: string;
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON bodies are objects or arrays; XML and broken bodies are strings, sent as they are. */
  readonly body: unknown;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** `now()` when the request arrived (the fake clock in tests). */
  readonly at: number;
}

export type Reply = Fixture | { readonly drop: true } | { readonly delayMs: number; readonly reply: Fixture };

export interface RouteOptions {
  readonly method?: string;
  /** Serve this answer this many times, then fall through to later routes (default: forever). */
  readonly times?: number;
  /** Match the path whatever the query. */
  readonly anyQuery?: boolean;
}

export interface RecordedServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Serves a fixture at its own path and query. */
  serve(fixture: Fixture, options?: RouteOptions): void;
  /** Answers `pathAndQuery` (matched like a fixture URL) with a reply or a function of the request. */
  route(pathAndQuery: string, reply: Reply | ((request: RecordedRequest) => Reply), options?: RouteOptions): void;
  close(): Promise<void>;
}

interface Route {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly reply: (request: RecordedRequest) => Reply;
  readonly anyQuery: boolean;
  remaining: number;
}

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** Reads test/fixtures/<name>.json, e.g. `loadFixture('arxiv/search-new-and-old-ids')`. */
export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as Fixture;
}

export async function startRecordedServer({
  now = () => Date.now(),
}: {
  now?: () => number;
} = {}): Promise<RecordedServer> {
  const routes: Route[] = [];
  const requests: RecordedRequest[] = [];

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: now(),
    };
    requests.push(request);
    const route = routes.find((r) => r.remaining > 0 && r.method === request.method && matches(r, request));
    if (!route) {
      // 418 so that the client's generic 4xx handling shows up, not a retry loop.
      send(res, {
        url: '',
        status: 418,
        body: { error: `no fixture for ${request.method} ${url.pathname}${url.search}` },
      });
      return;
    }
    route.remaining--;
    await answer(res, route.reply(request));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const add = (pathAndQuery: string, reply: (request: RecordedRequest) => Reply, options: RouteOptions = {}) => {
    const url = new URL(pathAndQuery, 'http://127.0.0.1');
    routes.push({
      method: options.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      reply,
      anyQuery: options.anyQuery ?? false,
      remaining: options.times ?? Number.POSITIVE_INFINITY,
    });
  };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    serve(fixture, options) {
      add(fixture.url, () => fixture, options);
    },
    route(pathAndQuery, reply, options) {
      add(pathAndQuery, typeof reply === 'function' ? reply : () => reply, options);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function matches(route: Route, request: RecordedRequest): boolean {
  if (route.path !== request.path) return false;
  if (route.anyQuery) return true;
  const keys = Object.keys(route.query);
  return keys.length === Object.keys(request.query).length && keys.every((k) => route.query[k] === request.query[k]);
}

async function answer(res: ServerResponse, reply: Reply): Promise<void> {
  if ('drop' in reply) {
    res.socket?.destroy();
    return;
  }
  if ('delayMs' in reply) {
    await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (!res.destroyed) send(res, reply.reply);
    return;
  }
  send(res, reply);
}

function send(res: ServerResponse, fixture: Fixture): void {
  const body = typeof fixture.body === 'string' ? fixture.body : JSON.stringify(fixture.body);
  const headers: Record<string, string> = {
    'content-type': typeof fixture.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    ...fixture.headers,
  };
  res.writeHead(fixture.status, headers);
  res.end(body);
}

/** A base URL on 127.0.0.1 where nothing listens: connections are refused at once. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A base URL whose host never resolves: `.invalid` is reserved for that (RFC 2606). */
export const UNRESOLVABLE_URL = 'http://paperboy-test.invalid';

export interface SourcesHarness {
  readonly server: RecordedServer;
  readonly clock: FakeClock;
  readonly cache: Cache;
  readonly config: Config;
  readonly sources: Sources;
}

/**
 * The real source clients (createSources) wired to a recorded server, a temporary SQLite cache and
 * an auto-advancing fake clock (sleeps return at once and move time). Torn down when the test ends.
 */
export async function startSourcesHarness(
  env: Readonly<Record<string, string>> = {},
  deps: Pick<SourcesDependencies, 'lookupBudgetMs'> = {},
): Promise<SourcesHarness> {
  const clock = createFakeClock({ auto: true });
  const server = await startRecordedServer({ now: clock.now });
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-sources-'));
  const cache = await createCache({ url: undefined, dataDir, log: silentLogger() });
  onTestFinished(async () => {
    await server.close();
    await cache.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const config = parseConfig({
    PAPERBOY_DATA_DIR: dataDir,
    HF_BASE_URL: server.url,
    ARXIV_API_URL: `${server.url}/api/query`,
    ARXIV_RSS_URL: `${server.url}/rss`,
    ARXIV_HTML_URL: `${server.url}/html`,
    SEMANTIC_SCHOLAR_API_URL: `${server.url}/graph/v1`,
    SOURCE_TIMEOUT_MS: '2000',
    ...env,
  });
  // random = 0.5 pins the backoff jitter: waits are exactly 0.75 × the exponential step.
  const sources = createSources(config.sources, {
    cache,
    clock,
    log: silentLogger(),
    random: () => 0.5,
    version: '0.1.0',
    ...deps,
  });
  return { server, clock, cache, config, sources };
}
