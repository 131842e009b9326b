import type { Cache } from '../cache/create-cache.ts';
import type { Clock } from '../clock.ts';
import { RateLimitedError, UpstreamError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import { type LlmCacheKeyParts, llmCacheKey } from './cache-key.ts';
import type { ChatClient } from './chat-model.ts';
import type { PromptRegistry } from './prompts.ts';
import type { LlmTaskDefinition } from './tasks/task.ts';
import type { Generator, LlmCallOptions } from './types.ts';
import type { UsageCounters } from './usage-counters.ts';

// Outputs depend only on the key's parts, so they stay valid for long; a month bounds the cache's size.
export const LLM_CACHE_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const NOT_CONFIGURED: Generator = { kind: 'extractive', reason: 'not-configured' };
const LLM_UNAVAILABLE: Generator = { kind: 'extractive', reason: 'llm-unavailable' };
const LLM_REJECTED: Generator = { kind: 'extractive', reason: 'llm-rejected' };

export interface TaskRunnerOptions {
  readonly chat: ChatClient;
  readonly cache: Cache;
  readonly clock: Clock;
  /** The llm module's logger. */
  readonly log: Logger;
  readonly prompts: PromptRegistry;
  readonly usage: UsageCounters;
  /** Answer with the labelled extractive fallback when the model fails (see CreateLlmOptions). */
  readonly fallbackOnError: boolean;
}

export type RunTask = <Request, Input, Reply, Stored, Output>(
  task: LlmTaskDefinition<Request, Input, Reply, Stored, Output>,
  request: Request,
  options?: LlmCallOptions,
) => Promise<Output>;

/**
 * The work every task shares: without a model, the task's extractive answer; with one, a cached
 * call (Keyv namespace `llm`; concurrent identical calls share one upstream request) of the task's
 * prompt and schema, grounded by the task, counted in `usage`, and replaced by the labelled
 * extractive answer when the model fails.
 * @throws UserInputError from the task's `prepare`.
 * @throws UpstreamError / RateLimitedError('llm') only when `fallbackOnError` is false.
 */
export function createTaskRunner(options: TaskRunnerOptions): RunTask {
  const { chat, cache, clock, log, prompts, usage, fallbackOnError } = options;

  async function cached<T>(parts: LlmCacheKeyParts, refresh: boolean | undefined, compute: () => Promise<T>) {
    const key = llmCacheKey(parts);
    const started = clock.now();
    let computed = false;
    const value = await cache.getOrSet(
      'llm',
      key,
      async () => {
        computed = true;
        return compute();
      },
      { ttlMs: LLM_CACHE_TTL_MS, refresh },
    );
    await usage.add(computed ? { 'llm.cache_misses': 1 } : { 'llm.cache_hits': 1 });
    log.debug({ task: parts.task, key, hit: !computed, ms: clock.now() - started }, 'llm cache');
    return value;
  }

  return async function runTask<Request, Input, Reply, Stored, Output>(
    task: LlmTaskDefinition<Request, Input, Reply, Stored, Output>,
    request: Request,
    { refresh, signal }: LlmCallOptions = {},
  ): Promise<Output> {
    const input = task.prepare(request);
    if (!chat.configured) return task.extractive(input, NOT_CONFIGURED);
    if (task.skipModel?.(input)) return task.extractive(input, LLM_UNAVAILABLE);
    const prompt = task.prompt(prompts, input);
    const parts: LlmCacheKeyParts = {
      task: task.name,
      prompt: `${task.name}@${prompts.get(task.name).version}`,
      model: chat.modelFor(task.model),
      ...task.keyInputs(input),
      promptInputs: prompt.inputs,
    };
    try {
      const stored = await cached(parts, refresh, async () => {
        const { value, model } = await chat.structured({
          task: task.model,
          schemaName: task.schemaName,
          schema: task.schema,
          prompt,
          signal,
        });
        return task.ground(value, input, { model, log });
      });
      // Without `finish`, LlmTaskDefinition only admits a Stored that is the Output.
      return task.finish ? task.finish(stored, input, log) : (stored as unknown as Output);
    } catch (error) {
      if (!fallbackOnError || !(error instanceof UpstreamError || error instanceof RateLimitedError)) throw error;
      log.warn({ err: error, task: task.name }, 'llm failed; answering with the extractive fallback');
      await usage.add({ 'llm.fallbacks': 1 });
      // A reply that came but failed the checks is told apart from a model that did not answer.
      const rejected = error instanceof UpstreamError && error.failure === 'bad_response';
      return task.extractive(input, rejected ? LLM_REJECTED : LLM_UNAVAILABLE);
    }
  };
}
