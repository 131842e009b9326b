import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';
import { populateErrorResponse, populateSuccessfulResponse } from '@discordjs/proxy';
import { REST, type RequestMethod } from '@discordjs/rest';
import type { Logger } from '../log.ts';
import { maskSecrets } from '../mask-secrets.ts';

// One REST rate-limit authority for every node: each node's discord.js sends its REST traffic
// here (DISCORD_REST_PROXY_URL), and this one @discordjs/rest queue holds Discord's per-route
// buckets and its global limit (50 requests/s per bot, and a global 429 stops everything until
// retry_after) for all of them, instead of each node guessing alone.

// A request may be waiting out a rate limit; nodes retry what is cut off.
const CLOSE_GRACE_MS = 5_000;

export interface RestProxyOptions {
  /** Discord's REST base as discord.js's `rest.api` takes it (DISCORD_API_URL). */
  readonly apiUrl: string;
  readonly port: number;
  readonly host?: string;
  readonly log: Logger;
}

export interface RestProxy {
  /** What nodes set as DISCORD_REST_PROXY_URL (`http://host:port/api`). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * @discordjs/proxy's proxyRequests, except that the body is read into memory first: it hands
 * @discordjs/rest the request stream itself, which a retry after a 429 finds already consumed, so
 * the retried request reaches Discord empty ("Cannot send an empty message").
 */
function forwardTo(rest: REST) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://proxy');
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'authorization', 'x-audit-log-reason'] as const) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const body = await buffer(request);
    try {
      const answer = await rest.queueRequest({
        fullRoute: url.pathname.replace(/^\/api(\/v\d+)?/, '') as `/${string}`,
        // Discord answers an unknown method itself (405).
        method: (request.method ?? 'GET') as RequestMethod,
        query: url.searchParams,
        headers,
        ...(body.length > 0 ? { body } : {}),
        passThroughBody: true,
        // The node's own Authorization header goes through; the proxy has no token to add.
        auth: false,
      });
      await populateSuccessfulResponse(response, answer);
    } catch (error) {
      if (!populateErrorResponse(response, error)) throw error;
    } finally {
      response.end();
    }
  };
}

/**
 * Starts the proxy. It holds no token: @discordjs/proxy forwards each request's own Authorization
 * header (the node's bot token), and interaction callbacks and webhooks need none.
 */
export async function startRestProxy({ apiUrl, port, host = '127.0.0.1', log }: RestProxyOptions): Promise<RestProxy> {
  const rest = new REST({ api: apiUrl });
  // Waiting out a route's bucket is routine at scale; a global limit means the bot sends too much.
  rest.on('rateLimited', (info) => {
    const detail = { route: info.route, global: info.global, retryAfterMs: info.retryAfter, scope: info.scope };
    if (info.global) log.warn(detail, 'discord global rate limit: every request waits');
    else log.debug(detail, 'discord rate limit: requests on this route wait');
  });
  const forward = forwardTo(rest);
  const server: Server = createServer((request, response) => {
    Promise.resolve(forward(request, response)).catch((err: unknown) => {
      // A network failure towards Discord: the node's discord.js sees a 502 and retries as for Discord's own.
      log.error({ err, method: request.method, path: maskSecrets(request.url ?? '') }, 'rest proxy request failed');
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 0, message: 'REST proxy could not reach Discord' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/api`;
  log.info({ url, upstream: apiUrl }, 'discord rest proxy listening');
  return {
    url,
    /** Stops taking requests, lets those in flight finish (up to CLOSE_GRACE_MS), then drops the rest. */
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(grace);
    },
  };
}
