import type { z } from 'zod';
import type { Logger } from '../../log.ts';
import type { LlmCacheKeyParts } from '../cache-key.ts';
import type { LlmTask } from '../chat-model.ts';
import type { PromptName, PromptRegistry, RenderedPrompt } from '../prompts.ts';
import type { Generator } from '../types.ts';

/** What a task adds to the cache key; task, prompt version and model are added by the runner. */
export type CacheKeyInputs = Pick<LlmCacheKeyParts, 'papers' | 'style' | 'language' | 'question'>;

export interface GroundContext {
  /** The model that wrote the reply. */
  readonly model: string;
  readonly log: Logger;
}

/**
 * One LLM task as data, run by `createTaskRunner` (src/llm/run-task.ts): how a request is checked,
 * which prompt and schema go to which model, what the cache key holds, how a reply is grounded,
 * and what answers without a model. Adding a task is adding one of these.
 *
 * `Stored` is what the cache holds; `finish` turns it into the caller's `Output` on every use, fresh
 * or cached (without `finish` the stored value is the output).
 */
export type LlmTaskDefinition<Request, Input, Reply, Stored, Output> = TaskCore<Request, Input, Reply, Stored, Output> &
  ([Stored] extends [Output]
    ? { readonly finish?: Finish<Stored, Input, Output> }
    : { readonly finish: Finish<Stored, Input, Output> });

type Finish<Stored, Input, Output> = (stored: Stored, input: Input, log: Logger) => Output;

interface TaskCore<Request, Input, Reply, Stored, Output> {
  /** The prompt (prompts/<name>.md) and the cache key's task. */
  readonly name: PromptName & LlmCacheKeyParts['task'];
  /** Whose model runs it: config.llm.models (LLM_MODEL_<TASK>). */
  readonly model: LlmTask;
  /** Names the schema for the model (json_schema name or the forced tool's name). */
  readonly schemaName: string;
  readonly schema: z.ZodType<Reply>;
  /**
   * Checks and normalises the caller's request (trims, dedupes, applies defaults).
   * @throws UserInputError when the request cannot be answered as given.
   */
  prepare(request: Request): Input;
  /** True when the model has nothing to work on: the fallback answers, labelled llm-unavailable, unasked. */
  skipModel?(input: Input): boolean;
  prompt(prompts: PromptRegistry, input: Input): RenderedPrompt;
  /** Everything besides task, prompt and model that changes the output. */
  keyInputs(input: Input): CacheKeyInputs;
  /**
   * The model's parsed reply → what is cached. Throwing UpstreamError rejects the reply: nothing is
   * cached and the extractive fallback answers (when the runner falls back).
   */
  ground(reply: Reply, input: Input, context: GroundContext): Stored;
  /** The answer without a model, labelled with why (`generator`). */
  extractive(input: Input, generator: Generator): Output;
}

/** Declares a task; only an identity, so that its types are inferred from the entry itself. */
export function defineTask<Request, Input, Reply, Stored, Output>(
  task: LlmTaskDefinition<Request, Input, Reply, Stored, Output>,
): LlmTaskDefinition<Request, Input, Reply, Stored, Output> {
  return task;
}
