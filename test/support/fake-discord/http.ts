import type { IncomingMessage, ServerResponse } from 'node:http';

/** A file part of a multipart request, with its bytes (a test reads an export back). */
export interface RecordedFile {
  readonly field: string;
  readonly filename: string;
  readonly contentType: string | null;
  readonly size: number;
  readonly data: Buffer;
}

/** One REST request as the fake saw it. `status` is set once the fake has answered. */
export interface RecordedRequest {
  readonly method: string;
  /** Decoded, without the `/api/v10` prefix: `/webhooks/1/abc/messages/@original`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Parsed JSON; for multipart, the parsed `payload_json` part; `null` without a body. */
  readonly body: unknown;
  readonly files: readonly RecordedFile[];
  /** `X-Audit-Log-Reason`, decoded. */
  readonly reason: string | null;
  readonly at: number;
  status: number;
  /** False when no route matched (answered 404 "Unknown route"). */
  routed: boolean;
  /** True when `failNext` produced the answer. */
  injected: boolean;
  /** A first response that came back inline as the answer to an HTTP interaction, not as a REST call. */
  readonly viaHttp?: boolean;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers === undefined ? { status, body } : { status, body, headers };
}

export function noContent(): Reply {
  return { status: 204 };
}

export function discordError(status: number, code: number, message: string, errors?: unknown): Reply {
  return json(status, errors === undefined ? { code, message } : { code, message, errors });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  }
  return Buffer.concat(chunks);
}

/** Parses JSON or multipart bodies the way Discord reads them (`payload_json` carries the JSON). */
export function parseBody(contentType: string | undefined, raw: Buffer): { body: unknown; files: RecordedFile[] } {
  if (raw.length === 0) return { body: null, files: [] };
  const boundary = /^multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (boundary) return parseMultipart(raw, boundary[1] ?? boundary[2] ?? '');
  return { body: parseJson(raw.toString('utf8')), files: [] };
}

/** Thrown by `parseBody`; the fake answers it like Discord does, 400 with code 50109. */
export class InvalidJsonBodyError extends Error {
  override readonly name = 'InvalidJsonBodyError';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidJsonBodyError(`request body is not JSON: ${text.slice(0, 200)}`, { cause: error });
  }
}

function parseMultipart(raw: Buffer, boundary: string): { body: unknown; files: RecordedFile[] } {
  // latin1 keeps one char per byte, so part sizes stay byte-accurate.
  const text = raw.toString('latin1');
  const files: RecordedFile[] = [];
  let body: unknown = null;
  for (const part of text.split(`--${boundary}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const headers = part.slice(0, headerEnd);
    const content = part.slice(headerEnd + 4).replace(/\r\n$/, '');
    const field = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    if (filename !== undefined) {
      files.push({
        field,
        filename,
        contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? null,
        size: content.length,
        data: Buffer.from(content, 'latin1'),
      });
    } else if (field === 'payload_json') {
      body = parseJson(Buffer.from(content, 'latin1').toString('utf8'));
    }
  }
  return { body, files };
}

export function writeReply(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) {
    response.writeHead(reply.status, headers).end();
    return;
  }
  headers['content-type'] = 'application/json';
  response.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
}
