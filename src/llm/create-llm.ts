import type { Cache } from '../cache/create-cache.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { type ChatClient, createChatClient, type LlmConfig, type LlmTask } from './chat-model.ts';
import { endpointHost, type ModelCatalog, modelAvailability } from './model-catalog.ts';
import type { PromptRegistry } from './prompts.ts';
import { createTaskRunner } from './run-task.ts';
import { LLM_TASKS } from './tasks/index.ts';
import type { Llm } from './types.ts';
import { noUsageCounters, type UsageCounters } from './usage-counters.ts';

export interface CreateLlmOptions {
  readonly config: LlmConfig;
  readonly cache: Cache;
  readonly log: Logger;
  readonly clock: Clock;
  readonly prompts: PromptRegistry;
  /** Persisted spend and cache counters (`paperboy stats`); none when omitted. */
  readonly usage?: UsageCounters;
  /**
   * When the configured LLM fails (UpstreamError or RateLimitedError after retries), answer with
   * the extractive fallback, labelled as such, instead of an error. Default true: a labelled key-sentence
   * summary helps a user more than "try again later", and nothing is cached, so the next call tries
   * the model again.
   */
  readonly fallbackOnError?: boolean;
  /** Overrides the client built from `config` (tests share one across apps). */
  readonly chat?: ChatClient;
  /** The endpoint's model list from the start-up check (checkModels); describe() says unchecked without it. */
  readonly models?: ModelCatalog;
}

/**
 * Summaries, comparisons, answers, TL;DRs and search-query rewrites, one entry each in LLM_TASKS
 * (src/llm/tasks/), run by the shared task runner: through the configured model, cached in Keyv
 * namespace `llm` (concurrent identical calls share one upstream request), or extractive when no
 * model is configured.
 * @throws UserInputError for a bad language code, style, paper count or empty question.
 * @throws UpstreamError / RateLimitedError('llm') only when `fallbackOnError` is false.
 */
export function createLlm(options: CreateLlmOptions): Llm {
  const { config, cache, clock, prompts } = options;
  const log = options.log.child({ module: 'llm' });
  const usage = options.usage ?? noUsageCounters();
  const chat = options.chat ?? createChatClient({ config, log: options.log, usage });
  const run = createTaskRunner({
    chat,
    cache,
    clock,
    log,
    prompts,
    usage,
    fallbackOnError: options.fallbackOnError ?? true,
  });

  return {
    configured: chat.configured,
    describe() {
      if (!chat.configured) return { configured: false };
      const tasks = Object.keys(config.models) as LlmTask[];
      return {
        configured: true,
        endpoint: options.models?.endpoint ?? endpointHost(config),
        models: tasks.map((task) => {
          const model = chat.modelFor(task);
          return { task, model, availability: modelAvailability(options.models, model) };
        }),
      };
    },
    summarize: (paper, { style, language, ...call }) => run(LLM_TASKS.summarize, { paper, style, language }, call),
    compare: (papers, { language, ...call } = {}) => run(LLM_TASKS.compare, { papers, language }, call),
    ask: (question, papers, { language, ...call } = {}) => run(LLM_TASKS.ask, { question, papers, language }, call),
    askPaper: (question, paper, passages, { language, ...call } = {}) =>
      run(LLM_TASKS.askPaper, { question, paper, passages, language }, call),
    tldr: (paper, call) => run(LLM_TASKS.tldr, { paper }, call),
    rewriteQuery: (question, call) => run(LLM_TASKS.rewriteQuery, { question }, call),
  };
}
