import type { IncomingMessage, Server } from 'node:http';
import {
  type APIGuildMember,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  type GatewayGuildCreateDispatchData,
  type GatewayIdentifyData,
  GatewayOpcodes,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { isRecord } from './http.ts';

/** One WebSocket connection the gateway accepted, with the query @discordjs/ws sent (`v`, `encoding`). */
export interface GatewayConnection {
  readonly query: Readonly<Record<string, string>>;
  readonly at: number;
}

export interface GatewayOptions {
  readonly heartbeatIntervalMs: number;
  /** Identifies allowed per IDENTIFY_WINDOW_MS, one per bucket `shard_id % maxConcurrency`. */
  readonly maxConcurrency: number;
  readonly now: () => number;
  readonly newSessionId: () => string;
  readonly resumeUrl: () => string;
  /** READY for a session; `inShard` tells which guild ids belong to the identifying shard. */
  readonly ready: (
    identify: GatewayIdentifyData,
    sessionId: string,
    inShard: (guildId: string) => boolean,
  ) => GatewayReadyDispatchData;
  readonly guilds: (inShard: (guildId: string) => boolean) => GatewayGuildCreateDispatchData[];
  readonly members: (guildId: string) => APIGuildMember[];
}

interface SentDispatch {
  readonly op: GatewayOpcodes.Dispatch;
  readonly t: GatewayDispatchEvents;
  readonly s: number;
  readonly d: unknown;
}

interface Session {
  readonly id: string;
  readonly shard: readonly [id: number, count: number];
  seq: number;
  socket: WebSocket | null;
  /** Kept so a RESUME can replay what the client missed. */
  readonly sent: SentDispatch[];
}

// Discord: "max_concurrency: the number of identify requests allowed per 5 seconds".
const IDENTIFY_WINDOW_MS = 5_000;

// Enough to replay a reconnect in a test; Discord keeps more.
const REPLAY_LIMIT = 500;

/** Discord's routing: a guild lives on shard `(guild_id >> 22) % shard_count`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

const isIdentify = (d: unknown): d is GatewayIdentifyData =>
  isRecord(d) && typeof d.token === 'string' && typeof d.intents === 'number' && isRecord(d.properties);

/**
 * The Discord gateway as @discordjs/ws sees it: Hello, heartbeat ACKs, Identify → READY plus one
 * GUILD_CREATE per guild, Resume with replay, plain JSON text frames (zlib-sync is not installed,
 * so the client asks for no transport compression).
 */
export class FakeGateway {
  readonly connections: GatewayConnection[] = [];
  readonly identifies: GatewayIdentifyData[] = [];
  readonly identifiesTooSoon: GatewayIdentifyData[] = [];
  /** When each identify bucket last let a shard in. */
  readonly #bucketOpenedAt = new Map<number, number>();
  readonly #server: WebSocketServer;
  readonly #sessions = new Map<string, Session>();
  readonly #options: GatewayOptions;

  constructor(server: Server, options: GatewayOptions) {
    this.#options = options;
    this.#server = new WebSocketServer({ server });
    this.#server.on('connection', (socket, request) => this.#accept(socket, request));
  }

  /**
   * Sends a dispatch to every connected session, or with `guildId` only to the shard that holds
   * that guild; returns how many sessions received it.
   */
  dispatch(event: GatewayDispatchEvents, data: unknown, guildId: string | null = null): number {
    let delivered = 0;
    for (const session of this.#sessions.values()) {
      if (session.socket === null) continue;
      if (guildId !== null && shardOf(guildId, session.shard[1]) !== session.shard[0]) continue;
      this.#send(session, event, data);
      delivered += 1;
    }
    return delivered;
  }

  /** Drops every connection with `code`; sessions stay resumable, as after a real outage. */
  disconnect(code: number = GatewayCloseCodes.UnknownError): void {
    for (const session of this.#sessions.values()) {
      session.socket?.close(code, 'fake discord: disconnect requested');
      session.socket = null;
    }
  }

  async close(): Promise<void> {
    for (const socket of this.#server.clients) socket.terminate();
    await new Promise<void>((resolve, reject) => {
      this.#server.close((error) => (error ? reject(error) : resolve()));
    });
  }

  #accept(socket: WebSocket, request: IncomingMessage): void {
    const url = new URL(request.url ?? '/', 'ws://127.0.0.1');
    this.connections.push({ query: Object.fromEntries(url.searchParams), at: this.#options.now() });
    if (url.searchParams.get('v') !== '10') {
      socket.close(GatewayCloseCodes.InvalidAPIVersion, 'fake discord speaks gateway v10 only');
      return;
    }
    const connection: { session: Session | null } = { session: null };
    socket.on('message', (raw) => this.#receive(socket, connection, raw));
    socket.on('close', () => {
      if (connection.session?.socket === socket) connection.session.socket = null;
    });
    socket.send(
      JSON.stringify({
        op: GatewayOpcodes.Hello,
        d: { heartbeat_interval: this.#options.heartbeatIntervalMs },
        s: null,
        t: null,
      }),
    );
  }

  #receive(socket: WebSocket, connection: { session: Session | null }, raw: RawData): void {
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString());
    } catch {
      // A client bug worth seeing: Discord closes with DecodeError too.
      socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    if (!isRecord(payload) || typeof payload.op !== 'number') {
      socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null }));
        return;
      case GatewayOpcodes.Identify:
        this.#identify(socket, connection, payload.d);
        return;
      case GatewayOpcodes.Resume:
        this.#resume(socket, connection, payload.d);
        return;
      default:
        break;
    }
    const session = connection.session;
    if (session === null) {
      socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
      return;
    }
    switch (payload.op) {
      case GatewayOpcodes.RequestGuildMembers:
        this.#sendMembers(session, payload.d);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
        return;
      default:
        socket.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  #identify(socket: WebSocket, connection: { session: Session | null }, d: unknown): void {
    if (connection.session !== null) {
      socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    if (!isIdentify(d)) {
      socket.close(GatewayCloseCodes.DecodeError, 'Invalid identify payload.');
      return;
    }
    const [shardId, shardCount] = d.shard ?? [0, 1];
    if (shardCount < 1 || shardId < 0 || shardId >= shardCount) {
      socket.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      return;
    }
    // Discord: clients exceeding max_concurrency when identifying get Opcode 9 Invalid Session.
    const bucket = shardId % this.#options.maxConcurrency;
    const now = this.#options.now();
    const opened = this.#bucketOpenedAt.get(bucket);
    if (opened !== undefined && now - opened < IDENTIFY_WINDOW_MS) {
      this.identifiesTooSoon.push(d);
      socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null }));
      return;
    }
    this.#bucketOpenedAt.set(bucket, now);
    this.identifies.push(d);
    const session: Session = {
      id: this.#options.newSessionId(),
      shard: [shardId, shardCount],
      seq: 0,
      socket,
      sent: [],
    };
    this.#sessions.set(session.id, session);
    connection.session = session;
    const inShard = (guildId: string): boolean => shardOf(guildId, shardCount) === shardId;
    this.#send(session, GatewayDispatchEvents.Ready, this.#options.ready(d, session.id, inShard));
    for (const guild of this.#options.guilds(inShard)) this.#send(session, GatewayDispatchEvents.GuildCreate, guild);
  }

  #resume(socket: WebSocket, connection: { session: Session | null }, d: unknown): void {
    const session = isRecord(d) && typeof d.session_id === 'string' ? this.#sessions.get(d.session_id) : undefined;
    if (!session || !isRecord(d)) {
      socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null }));
      return;
    }
    session.socket = socket;
    connection.session = session;
    const since = typeof d.seq === 'number' ? d.seq : 0;
    for (const missed of session.sent) if (missed.s > since) socket.send(JSON.stringify(missed));
    this.#send(session, GatewayDispatchEvents.Resumed, {});
  }

  #sendMembers(session: Session, d: unknown): void {
    if (!isRecord(d) || typeof d.guild_id !== 'string') return;
    const wanted = Array.isArray(d.user_ids)
      ? new Set(d.user_ids.map(String))
      : typeof d.user_ids === 'string'
        ? new Set([d.user_ids])
        : null;
    const members = this.#options
      .members(d.guild_id)
      .filter((m) => wanted === null || (m.user !== undefined && wanted.has(m.user.id)));
    this.#send(session, GatewayDispatchEvents.GuildMembersChunk, {
      guild_id: d.guild_id,
      members,
      chunk_index: 0,
      chunk_count: 1,
      ...(wanted === null ? {} : { not_found: [...wanted].filter((id) => !members.some((m) => m.user?.id === id)) }),
      ...(typeof d.nonce === 'string' ? { nonce: d.nonce } : {}),
    });
  }

  #send(session: Session, event: GatewayDispatchEvents, data: unknown): void {
    session.seq += 1;
    const payload: SentDispatch = { op: GatewayOpcodes.Dispatch, t: event, s: session.seq, d: data };
    session.sent.push(payload);
    if (session.sent.length > REPLAY_LIMIT) session.sent.shift();
    session.socket?.send(JSON.stringify(payload));
  }
}
