import { type AIMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import type { z } from 'zod';
import type { Config, StructuredOutputMethod } from '../config.ts';
import { isPaperboyError, RateLimitedError, UpstreamError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import { type ConcurrencyLimit, createConcurrencyLimit } from './concurrency-limit.ts';
import type { RenderedPrompt } from './prompts.ts';
import type { UsageCounters } from './usage-counters.ts';

export type LlmConfig = Config['llm'];
export type LlmTask = keyof LlmConfig['models'];

/** Config names (the env switch) → langchain's withStructuredOutput methods. */
const STRUCTURED_METHODS = {
  json_schema: 'jsonSchema',
  function_calling: 'functionCalling',
  json_mode: 'jsonMode',
} as const satisfies Record<StructuredOutputMethod, string>;

// A local server (Ollama, vLLM) needs no key, but the openai SDK refuses to start without one.
export const PLACEHOLDER_API_KEY = 'not-needed';
// When a 429 carries no retry-after, this is when trying again is worth it.
const DEFAULT_RETRY_AFTER_MS = 20_000;

export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface StructuredRequest<T> {
  readonly task: LlmTask;
  /** Names the schema for the model (json_schema name or the forced tool's name). */
  readonly schemaName: string;
  readonly schema: z.ZodType<T>;
  readonly prompt: RenderedPrompt;
  readonly signal?: AbortSignal;
}

export interface StructuredResult<T> {
  readonly value: T;
  readonly model: string;
  readonly usage: TokenUsage;
}

/** The LLM endpoint as the chains see it: one structured call at a time per caller, capped globally. */
export interface ChatClient {
  /** False when neither an API key nor a base URL is configured: nothing may be sent. */
  readonly configured: boolean;
  modelFor(task: LlmTask): string;
  /**
   * Sends the prompt and parses the reply into `schema`.
   * @throws RateLimitedError('llm') on a 429 that outlasted the retries.
   * @throws UpstreamError('llm', 'unavailable') on 5xx, connection and auth failures, and when no
   *   answer came within LLM_TIMEOUT_MS, which bounds the whole call: queueing, retries, backoff.
   * @throws UpstreamError('llm', 'bad_response') when the reply does not fit the schema.
   * The caller's abort reason is rethrown as is.
   */
  structured<T>(request: StructuredRequest<T>): Promise<StructuredResult<T>>;
}

export interface CreateChatClientOptions {
  readonly config: LlmConfig;
  readonly log: Logger;
  readonly usage?: UsageCounters;
  /** Shared by every call of this client; defaults to a new limit of config.concurrency. */
  readonly limit?: ConcurrencyLimit;
}

export function createChatClient({ config, log, usage, limit }: CreateChatClientOptions): ChatClient {
  const llmLog = log.child({ module: 'llm' });
  const configured = Boolean(config.apiKey || config.baseUrl);
  const cap = limit ?? createConcurrencyLimit(config.concurrency);
  const models = new Map<string, ChatOpenAI>();

  const chatModel = (model: string): ChatOpenAI => {
    let chat = models.get(model);
    if (!chat) {
      chat = new ChatOpenAI({
        model,
        apiKey: config.apiKey ?? PLACEHOLDER_API_KEY,
        timeout: config.timeoutMs,
        // langchain retries 429 and 5xx with exponential backoff (and honours retry-after);
        // the SDK client under it is built with maxRetries 0, so retries never multiply.
        maxRetries: config.maxRetries,
        maxTokens: config.maxOutputTokens,
        configuration: config.baseUrl ? { baseURL: config.baseUrl } : {},
      });
      models.set(model, chat);
    }
    return chat;
  };

  return {
    configured,
    modelFor: (task) => config.models[task],
    async structured<T>({ task, schemaName, schema, prompt, signal }: StructuredRequest<T>) {
      if (!configured) throw new Error('createChatClient: no LLM is configured; use the extractive fallback');
      const model = config.models[task];
      const method = STRUCTURED_METHODS[config.structuredOutput];
      const runnable = chatModel(model).withStructuredOutput(schema as z.ZodType<Record<string, unknown>>, {
        method,
        name: schemaName,
        includeRaw: true,
      });
      const messages = [new SystemMessage(prompt.system), new HumanMessage(prompt.user)];
      llmLog.debug({ task, model, prompt }, 'llm request');
      const started = performance.now();
      // One deadline for the whole request (issue 11): the wait for a slot, every attempt and the
      // backoff between them. The SDK's own timeout is per attempt, so with retries a hung
      // endpoint cost (1 + LLM_MAX_RETRIES) × LLM_TIMEOUT_MS before the fallback could answer.
      const deadline = AbortSignal.timeout(config.timeoutMs);
      const bounded = signal ? AbortSignal.any([signal, deadline]) : deadline;
      let result: { raw: unknown; parsed: unknown };
      try {
        result = await cap.run(() => runnable.invoke(messages, { signal: bounded }), bounded);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (deadline.aborted) {
          throw new UpstreamError('llm', 'unavailable', `timed out after ${config.timeoutMs} ms`, { cause: error });
        }
        throw wrapError(error, config.timeoutMs);
      }
      const ms = Math.round(performance.now() - started);
      const tokens = usageOf(result.raw);
      await usage?.add({
        'llm.calls': 1,
        'llm.prompt_tokens': tokens.promptTokens,
        'llm.completion_tokens': tokens.completionTokens,
      });
      llmLog.debug({ task, model, ms, ...tokens }, 'llm usage');
      const parsed = schema.safeParse(result.parsed);
      if (!parsed.success) {
        throw new UpstreamError('llm', 'bad_response', `${model} reply does not fit the ${schemaName} schema`, {
          cause: parsed.error,
        });
      }
      return { value: parsed.data, model, usage: tokens };
    },
  };
}

function usageOf(raw: unknown): TokenUsage {
  const metadata = (raw as Partial<AIMessage> | undefined)?.usage_metadata;
  return { promptTokens: metadata?.input_tokens ?? 0, completionTokens: metadata?.output_tokens ?? 0 };
}

/** Maps what langchain and the openai SDK throw onto our error types, keeping the original as cause. */
export function wrapError(error: unknown, timeoutMs: number): Error {
  if (isPaperboyError(error)) return error;
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    status?: unknown;
    message?: unknown;
    retryAfterMs?: unknown;
    headers?: { get?: (name: string) => string | null };
  };
  const status = typeof fields.status === 'number' ? fields.status : undefined;
  const message = typeof fields.message === 'string' ? fields.message : String(error);
  if (status === 429) {
    const header = Number(fields.headers?.get?.('retry-after'));
    const retryAfterMs =
      typeof fields.retryAfterMs === 'number'
        ? fields.retryAfterMs
        : Number.isFinite(header) && header > 0
          ? header * 1000
          : DEFAULT_RETRY_AFTER_MS;
    return new RateLimitedError('llm', retryAfterMs, { cause: error });
  }
  if (fields.name === 'TimeoutError') {
    return new UpstreamError('llm', 'unavailable', `timed out after ${timeoutMs} ms`, { cause: error });
  }
  if (status === 401 || status === 403) {
    return new UpstreamError('llm', 'unavailable', `authentication failed (${status}); check OPENAI_API_KEY`, {
      cause: error,
    });
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new UpstreamError('llm', 'bad_response', `request rejected (${status}): ${message}`, { cause: error });
  }
  if (status !== undefined) {
    return new UpstreamError('llm', 'unavailable', `server error (${status})`, { cause: error });
  }
  // langchain's parsers throw these when the reply is not JSON or does not fit the schema.
  const unparsable = error instanceof SyntaxError || fields.name === 'OutputParserException';
  if (unparsable || (typeof fields.name === 'string' && fields.name.includes('ZodError'))) {
    return new UpstreamError('llm', 'bad_response', `reply does not parse: ${message}`, { cause: error });
  }
  return new UpstreamError('llm', 'unavailable', message, { cause: error });
}
