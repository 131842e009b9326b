import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Client, Events, type Interaction } from 'discord.js';
import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../log.ts';
import type { InteractionDispatcher } from '../interaction-dispatcher.ts';
import type { InlineResponse, InlineResponses } from './inline-responses.ts';
import type { ReplayGuard } from './replay-guard.ts';
import type { VerifySignature } from './signature.ts';

// Discord's payloads are a few KB (a message context menu carries the whole message); this is far above.
export const MAX_BODY_BYTES = 1024 * 1024;
// A signed request older than this (or this far in the future) is a replay, not a slow network.
export const TIMESTAMP_WINDOW_MS = 5 * 60_000;
// Discord waits 3 s for the first response; past this the answer would arrive too late anyway.
const RESPONSE_DEADLINE_MS = 2_900;
// Closing waits for this long without a new request (a connection just accepted looks idle until
// its request is read, and closing it would drop that request), but no longer than the bound.
const QUIET_BEFORE_CLOSE_MS = 250;
const MAX_CLOSE_WAIT_MS = 5_000;

const Envelope = z.looseObject({ id: z.string().min(1), token: z.string().min(1), type: z.number().int() });
const PING = 1;

export type Readiness = 'starting' | 'ready' | 'draining';

export interface InteractionsServerOptions {
  /** The discord.js client whose REST transport is `inline.transport(…)`; it never logs in. */
  readonly client: Client;
  readonly inline: InlineResponses;
  readonly dispatcher: InteractionDispatcher;
  readonly verify: VerifySignature;
  readonly replays: ReplayGuard;
  readonly clock: Clock;
  readonly log: Logger;
  /** Whether the node can work (its database is open); /readyz is 503 `unhealthy` when not. */
  readonly healthy?: () => boolean;
}

export interface InteractionsServer {
  /** Starts listening (port 0: any free port); resolves with the port. */
  listen(port: number, host?: string): Promise<number>;
  setReadiness(state: Readiness): void;
  /**
   * Answers with `Connection: close` from now on, waits until requests stop coming (bounded), then
   * stops accepting connections, closes idle keep-alive sockets and waits for open responses.
   */
  close(): Promise<void>;
}

// discord.js builds Interaction objects from a raw payload in this action (the gateway's
// INTERACTION_CREATE goes through it) and emits `interactionCreate`; it is not in its typings.
interface InteractionAction {
  readonly actions: { readonly InteractionCreate: { handle(data: unknown): void } };
}

/**
 * Discord's Interactions Endpoint: `POST /interactions` (signed, answered inline), and `/healthz`
 * and `/readyz` for the load balancer.
 */
export function createInteractionsServer(options: InteractionsServerOptions): InteractionsServer {
  const { client, inline, dispatcher, clock } = options;
  const log = options.log.child({ module: 'http-interactions' });
  let readiness: Readiness = 'starting';
  let closing = false;
  let active = 0;
  let lastRequestAt = clock.now();
  const server: Server = createServer((request, response) => {
    active++;
    lastRequestAt = clock.now();
    response.once('close', () => {
      active--;
      lastRequestAt = clock.now();
    });
    // A keep-alive socket ends with its current answer, so nothing is left idle to be cut off.
    if (closing) response.setHeader('connection', 'close');
    route(request, response).catch((err: unknown) => {
      log.error({ err }, 'interaction request failed');
      if (!response.headersSent) send(response, 500, { error: 'internal error' });
      else response.destroy();
    });
  });
  // Discord keeps connections alive; a short idle timeout would race its next request.
  server.keepAliveTimeout = 65_000;

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz' || path === '/readyz') {
      if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed(response, 'GET, HEAD');
      if (path === '/healthz') return send(response, 200, { status: 'ok' });
      const healthy = options.healthy?.() ?? true;
      const status = readiness === 'ready' && !healthy ? 'unhealthy' : readiness;
      return send(response, status === 'ready' ? 200 : 503, { status });
    }
    if (path !== '/interactions') return send(response, 404, { error: 'not found' });
    if (request.method !== 'POST') return methodNotAllowed(response, 'POST');
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') return send(response, 415, { error: 'expected application/json' });
    const body = await readLimited(request, MAX_BODY_BYTES);
    if (!body) return send(response, 413, { error: 'body too large' }, { connection: 'close' });
    const signature = header(request, 'x-signature-ed25519');
    const timestamp = header(request, 'x-signature-timestamp');
    const refuse = (reason: string) => {
      log.warn({ reason, remote: request.socket.remoteAddress }, 'interaction request refused');
      send(response, 401, { error: 'invalid request signature' });
    };
    if (!options.verify(signature, timestamp, body)) return refuse('bad or missing signature');
    const signedAt = Number(timestamp) * 1000;
    // NaN compares false, so a timestamp that is not a number must be refused explicitly.
    if (!Number.isFinite(signedAt) || Math.abs(clock.now() - signedAt) > TIMESTAMP_WINDOW_MS) {
      return refuse('stale timestamp');
    }
    if (!(await options.replays.firstSeen(signature ?? ''))) return refuse('signature replayed');
    let parsed: z.infer<typeof Envelope>;
    try {
      parsed = Envelope.parse(JSON.parse(body.toString('utf8')));
    } catch (err) {
      log.warn({ err }, 'signed interaction body is not an interaction');
      return send(response, 400, { error: 'not an interaction' });
    }
    if (parsed.type === PING) return send(response, 200, { type: PING });
    await answer(parsed, response);
  }

  async function answer(payload: z.infer<typeof Envelope>, response: ServerResponse): Promise<void> {
    const first = inline.expect(payload.id);
    let work: Promise<void> | undefined;
    const take = (interaction: Interaction) => {
      if (interaction.id === payload.id) work = dispatcher.dispatch(interaction);
    };
    // The action emits synchronously, so the listener sees exactly this payload's interaction.
    client.on(Events.InteractionCreate, take);
    try {
      (client as unknown as InteractionAction).actions.InteractionCreate.handle(payload);
    } finally {
      client.off(Events.InteractionCreate, take);
    }
    if (!work) {
      inline.cancel(payload.id);
      log.warn({ interactionId: payload.id, type: payload.type }, 'interaction kind not handled');
      return send(response, 400, { error: 'interaction type not supported' });
    }
    const timer = new AbortController();
    const outcome = await Promise.race<InlineResponse | 'no answer' | 'too late'>([
      first,
      work.then(() => 'no answer' as const),
      clock.sleep(RESPONSE_DEADLINE_MS, timer.signal).then(
        () => 'too late' as const,
        () => 'too late' as const,
      ),
    ]).finally(() => timer.abort());
    if (typeof outcome === 'string') {
      inline.cancel(payload.id);
      log.error({ interactionId: payload.id, outcome }, 'interaction got no first response in time');
      return send(response, 500, { error: 'no response' });
    }
    response.writeHead(200, { 'content-type': outcome.contentType, 'content-length': outcome.body.length });
    response.end(outcome.body);
  }

  return {
    listen(port, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    setReadiness(state) {
      readiness = state;
    },
    async close() {
      closing = true;
      const giveUpAt = clock.now() + MAX_CLOSE_WAIT_MS;
      while (clock.now() < giveUpAt && (active > 0 || clock.now() - lastRequestAt < QUIET_BEFORE_CLOSE_MS)) {
        await clock.sleep(25);
      }
      return new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      });
    },
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The body, or undefined once it passes `limit` bytes (the rest is not read). */
async function readLimited(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (Number(request.headers['content-length'] ?? 0) > limit) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function methodNotAllowed(response: ServerResponse, allow: string): void {
  send(response, 405, { error: 'method not allowed' }, { allow });
}
