import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/**
 * A fake OpenAI-compatible server on 127.0.0.1 for tests: chat completions (plain, streaming, json_schema,
 * json_object, forced tool calls), embeddings and the model list. The real `openai` SDK and langchain's
 * `ChatOpenAI` / `OpenAIEmbeddings` talk to it through `baseURL`.
 */

const TextPart = z.looseObject({ type: z.string(), text: z.string().optional() });

const ToolCall = z.looseObject({
  id: z.string(),
  type: z.string(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const ChatMessage = z.looseObject({
  role: z.string(),
  content: z.union([z.string(), z.array(TextPart)]).nullish(),
  name: z.string().optional(),
  tool_call_id: z.string().optional(),
  tool_calls: z.array(ToolCall).optional(),
});

const JsonSchemaObject = z.record(z.string(), z.unknown());

const ResponseFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string(),
      description: z.string().optional(),
      schema: JsonSchemaObject.optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

const FunctionTool = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string(),
    description: z.string().optional(),
    parameters: JsonSchemaObject.optional(),
    strict: z.boolean().nullish(),
  }),
});

const ToolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.object({ name: z.string() }) }),
]);

const ChatBody = z.looseObject({
  model: z.string(),
  messages: z.array(ChatMessage).min(1),
  stream: z
    .boolean()
    .nullish()
    .transform((stream) => stream ?? false),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  response_format: ResponseFormat.nullish(),
  tools: z.array(FunctionTool).nullish(),
  tool_choice: ToolChoice.nullish(),
  max_tokens: z.number().int().nullish(),
  max_completion_tokens: z.number().int().nullish(),
  temperature: z.number().nullish(),
});

const TokenArray = z.array(z.number());
const EmbeddingBody = z.looseObject({
  model: z.string(),
  input: z.union([z.string(), z.array(z.string()), TokenArray, z.array(TokenArray)]),
  dimensions: z.number().int().positive().optional(),
  encoding_format: z.enum(['float', 'base64']).optional(),
});

export type ChatMessage = z.infer<typeof ChatMessage>;
export type FunctionTool = z.infer<typeof FunctionTool>;

/** A recorded `POST /v1/chat/completions`, with its parsed body. */
export type ChatRequest = z.infer<typeof ChatBody> & {
  readonly kind: 'chat';
  readonly headers: Readonly<Record<string, string>>;
};

/** A recorded `POST /v1/embeddings`; `texts` is the input as strings (token arrays joined with spaces). */
export type EmbeddingRequest = z.infer<typeof EmbeddingBody> & {
  readonly kind: 'embeddings';
  readonly headers: Readonly<Record<string, string>>;
  readonly texts: readonly string[];
};

export type RecordedRequest = ChatRequest | EmbeddingRequest;

/**
 * What a chat handler answers. A string is sent verbatim: as the message content, or as the tool call's
 * `arguments` when the request forces a tool. An object is sent as JSON: the content for `json_schema` /
 * `json_object` (and plain) requests, or a tool call's arguments when the request has tools.
 */
export type ChatReply = string | object;
export type ChatHandler = (request: ChatRequest) => ChatReply | Promise<ChatReply>;

export interface FailureOptions {
  /** HTTP status to answer, e.g. 429, 500, 503. */
  readonly status: number;
  /** Seconds, sent as `retry-after` (429 only). The openai SDK waits exactly this long; 0 retries at once. */
  readonly retryAfter?: number;
  /** How many consecutive API requests fail. Default 1. */
  readonly times?: number;
  readonly message?: string;
}

export interface FakeOpenAIOptions {
  /** Embedding size when the request has no `dimensions`. Default 64. */
  readonly dimensions?: number;
  /** Source of `created` timestamps. */
  readonly now?: () => Date;
  /**
   * The ids `GET /v1/models` lists before any request, as the endpoint's catalogue; every model a
   * request names is added. Default gpt-4o-mini and text-embedding-3-small.
   */
  readonly models?: readonly string[];
}

export interface FakeOpenAI {
  /** `http://127.0.0.1:PORT/v1`, for `new OpenAI({ baseURL })` or `configuration: { baseURL }`. */
  readonly baseURL: string;
  /** Every chat and embeddings request in arrival order, failed and timed-out ones included. */
  readonly requests: readonly RecordedRequest[];
  /** Answers chat completions with `handler` from now on (replaces the default echo). */
  reply(handler: ChatHandler): void;
  /** The next `times` API requests answer `status` in OpenAI's error shape. */
  failNext(failure: FailureOptions): void;
  /** The next `times` API requests wait `ms` before answering (to exercise client timeouts). */
  delayNext(ms: number, times?: number): void;
  /**
   * The next `times` API requests (default 1; `Infinity` for all) are read and never answered: a hung
   * endpoint. Each stays open until the client gives up on it or the fake closes.
   */
  hangNext(times?: number): void;
  /** How many hung requests the client still holds open (0 once it has cancelled them all). */
  openHangs(): number;
  /** How many times `GET /v1/models` was asked (kept apart from `requests`, which are chat and embeddings). */
  modelListRequests(): number;
  chatRequests(): readonly ChatRequest[];
  embeddingRequests(): readonly EmbeddingRequest[];
  /** Forgets recorded requests, the handler, and pending failures, delays and hangs. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_CHAT_MODEL = 'gpt-4o-mini';
const DEFAULT_EMBEDDING_MODEL = 'text-embedding-3-small';
const DEFAULT_DIMENSIONS = 64;

/** Starts the fake on 127.0.0.1 on a free port. Close it with `close()` (e.g. in `onTestFinished`). */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const now = options.now ?? (() => new Date());
  const defaultDimensions = options.dimensions ?? DEFAULT_DIMENSIONS;
  const requests: RecordedRequest[] = [];
  const modelsSeen = new Set<string>(options.models ?? [DEFAULT_CHAT_MODEL, DEFAULT_EMBEDDING_MODEL]);
  let modelLists = 0;
  const failures: FailureOptions[] = [];
  const delays: number[] = [];
  let hangsLeft = 0;
  const hanging = new Set<ServerResponse>();
  const shutdown = new AbortController();
  let handler: ChatHandler | undefined;
  let sequence = 0;

  const nextId = (prefix: string): string => `${prefix}${String(++sequence).padStart(6, '0')}`;
  const created = (): number => Math.floor(now().getTime() / 1000);

  async function handleChat(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const parsed = ChatBody.safeParse(body);
    if (!parsed.success) return sendInvalid(res, parsed.error);
    const request: ChatRequest = { ...parsed.data, kind: 'chat', headers: headersOf(req) };
    requests.push(request);
    modelsSeen.add(request.model);
    if (await applyDelayAndFailure(res)) return;

    if (request.response_format?.type === 'json_object' && !mentionsJson(request.messages)) {
      // OpenAI rejects JSON mode unless a message asks for JSON; Ollama and vLLM don't, so prompts must.
      return sendError(res, 400, {
        message:
          "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        type: 'invalid_request_error',
        param: 'messages',
        code: null,
      });
    }

    const forcedTool = forcedToolOf(request);
    const reply = handler === undefined ? defaultReply(request, forcedTool) : await handler(request);
    const tools = request.tools ?? [];
    const toolsAllowed = tools.length > 0 && request.tool_choice !== 'none';
    const tool = forcedTool ?? tools[0];
    const asToolCall = toolsAllowed && tool !== undefined && (forcedTool !== undefined || typeof reply !== 'string');
    const raw = typeof reply === 'string' ? reply : JSON.stringify(reply);
    const limit = request.max_completion_tokens ?? request.max_tokens ?? undefined;
    const truncated = limit !== undefined && estimateTokens(raw) > limit;
    const text = truncated ? raw.slice(0, limit * 4) : raw;
    const finishReason = truncated ? 'length' : asToolCall ? 'tool_calls' : 'stop';
    const usage = usageOf(estimateTokens(promptText(request)), estimateTokens(text));
    const id = nextId('chatcmpl-fake');
    const call = asToolCall && tool !== undefined ? { id: nextId('call_fake'), name: tool.function.name } : undefined;
    const head = { id, created: created(), model: request.model, system_fingerprint: 'fp_fake' };

    if (!request.stream) {
      const message =
        call === undefined
          ? { role: 'assistant', content: text, refusal: null, annotations: [] }
          : {
              role: 'assistant',
              content: null,
              refusal: null,
              annotations: [],
              tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: text } }],
            };
      return sendJson(res, 200, {
        ...head,
        object: 'chat.completion',
        choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
        usage,
      });
    }

    const includeUsage = request.stream_options?.include_usage === true;
    const chunk = (delta: object, finish: string | null): object => ({
      ...head,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
      ...(includeUsage ? { usage: null } : {}),
    });
    const events: object[] = [];
    if (call === undefined) {
      events.push(chunk({ role: 'assistant', content: '', refusal: null }, null));
      for (const piece of splitForStream(text)) events.push(chunk({ content: piece }, null));
    } else {
      events.push(
        chunk(
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
          },
          null,
        ),
      );
      for (const piece of text.match(/[\s\S]{1,16}/g) ?? []) {
        events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null));
      }
    }
    events.push(chunk({}, finishReason));
    if (includeUsage) events.push({ ...head, object: 'chat.completion.chunk', choices: [], usage });
    sendSse(res, events);
  }

  async function handleEmbeddings(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const parsed = EmbeddingBody.safeParse(body);
    if (!parsed.success) return sendInvalid(res, parsed.error);
    const texts = inputTexts(parsed.data.input);
    const request: EmbeddingRequest = { ...parsed.data, kind: 'embeddings', headers: headersOf(req), texts };
    requests.push(request);
    modelsSeen.add(request.model);
    if (await applyDelayAndFailure(res)) return;

    const dimensions = request.dimensions ?? defaultDimensions;
    const promptTokens = texts.reduce((sum, text) => sum + estimateTokens(text), 0);
    sendJson(res, 200, {
      object: 'list',
      data: texts.map((text, index) => {
        const vector = embed(text, dimensions);
        return {
          object: 'embedding',
          index,
          embedding: request.encoding_format === 'base64' ? toBase64Float32(vector) : vector,
        };
      }),
      model: request.model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    });
  }

  function handleModels(res: ServerResponse): void {
    modelLists++;
    sendJson(res, 200, {
      object: 'list',
      data: [...modelsSeen].map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake-openai' })),
    });
  }

  /** Returns true when the response was already sent (a failure) or can no longer be sent. */
  async function applyDelayAndFailure(res: ServerResponse): Promise<boolean> {
    if (hangsLeft > 0) {
      hangsLeft--;
      hanging.add(res);
      await new Promise<void>((resolve) => {
        res.once('close', () => resolve());
        shutdown.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      hanging.delete(res);
      return true;
    }
    const delay = delays.shift();
    if (delay !== undefined && delay > 0) await sleep(delay, shutdown.signal);
    if (res.destroyed || shutdown.signal.aborted) return true;
    const failure = failures[0];
    if (failure === undefined) return false;
    const remaining = (failure.times ?? 1) - 1;
    if (remaining > 0) failures[0] = { ...failure, times: remaining };
    else failures.shift();
    sendFailure(res, failure);
    return true;
  }

  function defaultReply(request: ChatRequest, forcedTool: FunctionTool | undefined): ChatReply {
    if (forcedTool !== undefined) return asReply(sampleFromSchema(forcedTool.function.parameters ?? {}));
    const format = request.response_format;
    if (format?.type === 'json_schema') return asReply(sampleFromSchema(format.json_schema.schema ?? {}));
    if (format?.type === 'json_object') return {};
    const lastUser = [...request.messages].reverse().find((message) => message.role === 'user');
    const said = lastUser === undefined ? '' : textOf(lastUser).slice(0, 80);
    return `fake reply to: ${said}`;
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent && !res.destroyed) {
        sendError(res, 500, { message: `fake-openai handler failed: ${message}`, type: 'server_error', code: null });
      } else {
        res.destroy();
      }
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/+$/, '');
    const key = `${req.method ?? 'GET'} ${path}`;
    if (key === 'GET /v1/models') return handleModels(res);
    if (key !== 'POST /v1/chat/completions' && key !== 'POST /v1/embeddings') {
      req.resume();
      return sendError(res, 404, {
        message: `Invalid URL (${req.method ?? 'GET'} ${path})`,
        type: 'invalid_request_error',
        code: null,
      });
    }
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (error) {
      return sendError(res, 400, {
        message: `We could not parse the JSON body of your request. (${error instanceof Error ? error.message : ''})`,
        type: 'invalid_request_error',
        code: null,
      });
    }
    if (key === 'POST /v1/embeddings') return handleEmbeddings(req, res, body);
    return handleChat(req, res, body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    reply(next) {
      handler = next;
    },
    failNext(failure) {
      failures.push(failure);
    },
    delayNext(ms, times = 1) {
      for (let i = 0; i < times; i++) delays.push(ms);
    },
    hangNext(times = 1) {
      hangsLeft += times;
    },
    openHangs: () => hanging.size,
    modelListRequests: () => modelLists,
    chatRequests: () => requests.filter((request): request is ChatRequest => request.kind === 'chat'),
    embeddingRequests: () => requests.filter((request): request is EmbeddingRequest => request.kind === 'embeddings'),
    reset() {
      requests.length = 0;
      modelLists = 0;
      failures.length = 0;
      delays.length = 0;
      hangsLeft = 0;
      handler = undefined;
    },
    async close() {
      shutdown.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** The text of a message: its string content, or its text parts joined. */
export function textOf(message: ChatMessage): string {
  const { content } = message;
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => part.text ?? '').join('');
}

/** Token estimate the fake uses for usage and max_tokens: ceil(chars / 4). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * The fake's embedding: lowercase word tokens hashed into signed buckets, L2-normalised, so texts sharing words
 * point the same way. An input without words maps to the first unit vector.
 */
export function embed(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const token of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const hash = fnv1a(token);
    const bucket = hash % dimensions;
    vector[bucket] = (vector[bucket] ?? 0) + ((hash >>> 31) & 1 ? -1 : 1);
  }
  const norm = Math.hypot(...vector);
  if (norm === 0) return vector.map((_, index) => (index === 0 ? 1 : 0));
  return vector.map((value) => value / norm);
}

/**
 * A minimal value satisfying a JSON schema (strings 'x', numbers 0 or their minimum, arrays empty or at their
 * minItems, every listed property present), so clients parse the default structured reply.
 */
export function sampleFromSchema(schema: unknown, root: unknown = schema, depth = 0): unknown {
  if (!isRecord(schema) || depth > 32) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (typeof schema.$ref === 'string') return sampleFromSchema(resolveRef(schema.$ref, root), root, depth + 1);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) {
      const preferred = options.find((option) => !(isRecord(option) && option.type === 'null')) ?? options[0];
      return sampleFromSchema(preferred, root, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...schema.allOf.map((part) => sampleFromSchema(part, root, depth + 1)));
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((candidate) => candidate !== 'null') ?? types[0];
  switch (type) {
    case 'string':
      return sampleString(schema);
    case 'number':
    case 'integer':
      return typeof schema.minimum === 'number' ? Math.max(0, schema.minimum) : 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: count }, () => sampleFromSchema(schema.items, root, depth + 1));
    }
    default: {
      if (type !== 'object' && !isRecord(schema.properties)) return null;
      const properties = isRecord(schema.properties) ? schema.properties : {};
      return Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, sampleFromSchema(property, root, depth + 1)]),
      );
    }
  }
}

function sampleString(schema: Record<string, unknown>): string {
  if (schema.format === 'date-time') return '1970-01-01T00:00:00.000Z';
  if (schema.format === 'date') return '1970-01-01';
  if (schema.format === 'uri' || schema.format === 'url') return 'https://example.com/x';
  if (schema.format === 'email') return 'x@example.com';
  const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
  return 'x'.repeat(Math.max(1, min));
}

function resolveRef(ref: string, root: unknown): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const segment of ref.slice(1).split('/').filter(Boolean)) {
    node = isRecord(node) ? node[decodeURIComponent(segment.replace(/~1/g, '/').replace(/~0/g, '~'))] : undefined;
  }
  return node;
}

function asReply(value: unknown): ChatReply {
  return typeof value === 'object' && value !== null ? value : JSON.stringify(value ?? null);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function forcedToolOf(request: ChatRequest): FunctionTool | undefined {
  const tools = request.tools ?? [];
  const choice = request.tool_choice;
  if (choice === 'required') return tools[0];
  if (typeof choice === 'object' && choice !== null) {
    return tools.find((tool) => tool.function.name === choice.function.name);
  }
  return undefined;
}

function mentionsJson(messages: readonly ChatMessage[]): boolean {
  return messages.some((message) => textOf(message).toLowerCase().includes('json'));
}

function promptText(request: ChatRequest): string {
  return request.messages.map(textOf).join('\n');
}

function usageOf(promptTokens: number, completionTokens: number): object {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  };
}

/** Word-sized pieces, so clients see several deltas and must concatenate them (tool arguments: 16 chars). */
function splitForStream(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function inputTexts(input: z.infer<typeof EmbeddingBody>['input']): string[] {
  if (typeof input === 'string') return [input];
  if (input.length === 0) return [];
  if (input.every((item) => typeof item === 'number')) return [input.join(' ')];
  return input.map((item) => (typeof item === 'string' ? item : Array.isArray(item) ? item.join(' ') : String(item)));
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function toBase64Float32(vector: readonly number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function readBody(req: IncomingMessage): Promise<string> {
  req.setEncoding('utf8');
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

interface ErrorBody {
  readonly message: string;
  readonly type: string;
  readonly param?: string | null;
  readonly code: string | null;
}

function sendFailure(res: ServerResponse, failure: FailureOptions): void {
  if (failure.status === 429) {
    const retryAfter = failure.retryAfter ?? 1;
    res.setHeader('retry-after', String(retryAfter));
    res.setHeader('x-ratelimit-limit-requests', '500');
    res.setHeader('x-ratelimit-remaining-requests', '0');
    res.setHeader('x-ratelimit-reset-requests', `${retryAfter}s`);
    res.setHeader('x-ratelimit-limit-tokens', '200000');
    res.setHeader('x-ratelimit-remaining-tokens', '0');
    res.setHeader('x-ratelimit-reset-tokens', `${retryAfter}s`);
  }
  sendError(res, failure.status, failureBody(failure));
}

/** Bodies as OpenAI words them; a 429 message must not mention quota or billing, or langchain stops retrying. */
function failureBody({ status, message }: FailureOptions): ErrorBody {
  if (status === 429) {
    return {
      message: message ?? 'Rate limit reached for requests (fake-openai). Please try again later.',
      type: 'requests',
      code: 'rate_limit_exceeded',
    };
  }
  if (status >= 500) {
    const fallback =
      status === 503
        ? 'The engine is currently overloaded, please try again later.'
        : 'The server had an error while processing your request. Sorry about that!';
    return { message: message ?? fallback, type: 'server_error', code: null };
  }
  if (status === 401) {
    return {
      message: message ?? 'Incorrect API key provided.',
      type: 'invalid_request_error',
      code: 'invalid_api_key',
    };
  }
  return { message: message ?? `fake-openai failure ${status}`, type: 'invalid_request_error', code: null };
}

function sendInvalid(res: ServerResponse, error: z.ZodError): void {
  const issue = error.issues[0];
  sendError(res, 400, {
    message: `Invalid request: ${issue === undefined ? 'bad body' : `${issue.path.join('.')}: ${issue.message}`}`,
    type: 'invalid_request_error',
    param: issue === undefined ? null : issue.path.join('.'),
    code: null,
  });
}

function sendError(res: ServerResponse, status: number, error: ErrorBody): void {
  sendJson(res, status, { error: { param: null, ...error } });
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  if (res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

function sendSse(res: ServerResponse, events: readonly object[]): void {
  if (res.destroyed) return;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  for (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`);
  res.end('data: [DONE]\n\n');
}
