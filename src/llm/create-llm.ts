import type { Cache } from '../cache/create-cache.ts';
import type { Clock } from '../clock.ts';
import { RateLimitedError, UpstreamError, UserInputError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import type { Paper } from '../papers/paper.ts';
import { AnswerOutput, askPrompt, groundAnswer } from './ask.ts';
import { type LlmCacheKeyParts, llmCacheKey } from './cache-key.ts';
import { type ChatClient, createChatClient, type LlmConfig } from './chat-model.ts';
import { ComparisonOutput, comparePrompt, groundComparison, MAX_COMPARE, MIN_COMPARE } from './compare.ts';
import { extractiveAnswer, extractiveComparison, extractiveSummary, extractiveTldr } from './extractive.ts';
import type { PromptName, PromptRegistry } from './prompts.ts';
import { checkRewrite, extractiveQuery, RewriteOutput, rewritePrompt } from './rewrite-query.ts';
import { groundSummary, SummaryOutput, summarizePrompt } from './summarize.ts';
import { groundTldr, TldrOutput, tldrPrompt } from './tldr.ts';
import { type Comparison, type Generator, type Llm, SUMMARY_STYLES } from './types.ts';
import { noUsageCounters, type UsageCounters } from './usage-counters.ts';

// Outputs depend only on the key's parts, so they stay valid for long; a month bounds the cache's size.
export const LLM_CACHE_TTL_MS = 30 * 24 * 60 * 60 * 1000;
// Retrieval gives ask a handful of papers; more would only dilute the prompt.
export const MAX_ASK_PAPERS = 10;
const LANGUAGE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/;
const NOT_CONFIGURED: Generator = { kind: 'extractive', reason: 'not-configured' };
const LLM_UNAVAILABLE: Generator = { kind: 'extractive', reason: 'llm-unavailable' };

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
}

/**
 * Summaries, comparisons, answers, TL;DRs and search-query rewrites: through the configured model, cached in Keyv
 * namespace `llm` (concurrent identical calls share one upstream request), or extractive when no
 * model is configured.
 * @throws UserInputError for a bad language code, style, paper count or empty question.
 * @throws UpstreamError / RateLimitedError('llm') only when `fallbackOnError` is false.
 */
export function createLlm(options: CreateLlmOptions): Llm {
  const { config, cache, clock, prompts } = options;
  const log = options.log.child({ module: 'llm' });
  const usage = options.usage ?? noUsageCounters();
  const fallbackOnError = options.fallbackOnError ?? true;
  const chat = options.chat ?? createChatClient({ config, log: options.log, usage });

  const promptId = (name: PromptName) => `${name}@${prompts.get(name).version}`;

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
    usage.add(computed ? { 'llm.cache_misses': 1 } : { 'llm.cache_hits': 1 });
    log.debug({ task: parts.task, key, hit: !computed, ms: clock.now() - started }, 'llm cache');
    return value;
  }

  async function orFallback<T>(
    task: string,
    work: () => Promise<T>,
    fallback: (generator: Generator) => T,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!fallbackOnError || !(error instanceof UpstreamError || error instanceof RateLimitedError)) throw error;
      log.warn({ err: error, task }, 'llm failed; answering with the extractive fallback');
      usage.add({ 'llm.fallbacks': 1 });
      return fallback(LLM_UNAVAILABLE);
    }
  }

  return {
    configured: chat.configured,

    async summarize(paper, { style, language, refresh, signal }) {
      checkLanguage(language);
      if (!SUMMARY_STYLES.includes(style)) {
        throw new UserInputError(`Pick a style: ${SUMMARY_STYLES.join(', ')}.`);
      }
      const extractive = (generator: Generator) =>
        groundSummary(extractiveSummary(paper, style), paper, { style, language, generator });
      if (!chat.configured) return extractive(NOT_CONFIGURED);
      const parts: LlmCacheKeyParts = {
        task: 'summarize',
        prompt: promptId('summarize'),
        model: chat.modelFor('summarize'),
        papers: [paper],
        style,
        language,
      };
      return orFallback(
        'summarize',
        () =>
          cached(parts, refresh, async () => {
            const { value, model } = await chat.structured({
              task: 'summarize',
              schemaName: 'summary',
              schema: SummaryOutput,
              prompt: summarizePrompt(prompts, paper, style, language),
              signal,
            });
            return groundSummary(value, paper, { style, language, generator: { kind: 'llm', model } });
          }),
        extractive,
      );
    },

    async compare(papers, { language = 'en', refresh, signal } = {}) {
      checkLanguage(language);
      const unique = dedupe(papers);
      if (unique.length < MIN_COMPARE || unique.length > MAX_COMPARE) {
        throw new UserInputError(`Compare needs ${MIN_COMPARE} to ${MAX_COMPARE} different papers.`);
      }
      const extractive = (generator: Generator): Comparison => {
        const output = extractiveComparison(unique);
        return { ...groundComparison(output, unique, generator).comparison, sharedTerms: output.sharedTerms };
      };
      if (!chat.configured) return extractive(NOT_CONFIGURED);
      const parts: LlmCacheKeyParts = {
        task: 'compare',
        prompt: promptId('compare'),
        model: chat.modelFor('compare'),
        papers: unique,
        language,
      };
      return orFallback(
        'compare',
        () =>
          cached(parts, refresh, async () => {
            const { value, model } = await chat.structured({
              task: 'compare',
              schemaName: 'comparison',
              schema: ComparisonOutput,
              prompt: comparePrompt(prompts, unique, language),
              signal,
            });
            const { comparison, repairs } = groundComparison(value, unique, { kind: 'llm', model });
            if (repairs === unique.length * comparison.rows.length) {
              throw new UpstreamError('llm', 'bad_response', `${model} returned no usable comparison cells`);
            }
            if (repairs > 0) log.warn({ task: 'compare', model, repairs }, 'comparison cells repaired');
            return comparison;
          }),
        extractive,
      );
    },

    async ask(question, papers, { language = 'en', refresh, signal } = {}) {
      checkLanguage(language);
      const trimmed = question.trim();
      if (!trimmed) throw new UserInputError('Ask a question, e.g. "Which papers use speculative decoding?"');
      const given = dedupe(papers).slice(0, MAX_ASK_PAPERS);
      const extractive = (generator: Generator) => groundAnswer(extractiveAnswer(trimmed, given), given, generator);
      if (!chat.configured) return extractive(NOT_CONFIGURED);
      // Nothing to ground an answer on: "not answered" without asking the model. Neither reason quite
      // fits; /ask never gets here (it says "no papers found" first), `paperboy ask` may.
      if (given.length === 0) return extractive(LLM_UNAVAILABLE);
      const parts: LlmCacheKeyParts = {
        task: 'ask',
        prompt: promptId('ask'),
        model: chat.modelFor('ask'),
        papers: given,
        language,
        question: trimmed,
      };
      return orFallback(
        'ask',
        () =>
          cached(parts, refresh, async () => {
            const { value, model } = await chat.structured({
              task: 'ask',
              schemaName: 'answer',
              schema: AnswerOutput,
              prompt: askPrompt(prompts, trimmed, given, language),
              signal,
            });
            return groundAnswer(value, given, { kind: 'llm', model });
          }),
        extractive,
      );
    },

    async tldr(paper, { refresh, signal } = {}) {
      const extractive = () => groundTldr({ tldr: extractiveTldr(paper) });
      if (!chat.configured) return extractive();
      const parts: LlmCacheKeyParts = {
        task: 'tldr',
        prompt: promptId('tldr'),
        model: chat.modelFor('tldr'),
        papers: [paper],
      };
      return orFallback(
        'tldr',
        () =>
          cached(parts, refresh, async () => {
            const { value } = await chat.structured({
              task: 'tldr',
              schemaName: 'tldr',
              schema: TldrOutput,
              prompt: tldrPrompt(prompts, paper),
              signal,
            });
            return groundTldr(value);
          }),
        extractive,
      );
    },

    async rewriteQuery(question, { refresh, signal } = {}) {
      const trimmed = question.trim();
      if (!trimmed) throw new UserInputError('Ask a question, e.g. "Which papers use speculative decoding?"');
      const extractive = () => extractiveQuery(trimmed);
      if (!chat.configured) return extractive();
      const parts: LlmCacheKeyParts = {
        task: 'query-rewrite',
        prompt: promptId('query-rewrite'),
        // Rewriting serves /ask, so it runs on ask's model (LLM_MODEL_ASK).
        model: chat.modelFor('ask'),
        papers: [],
        question: trimmed,
      };
      return orFallback(
        'query-rewrite',
        async () => {
          // The raw reply is cached and checked on every use, so a rejected rewrite costs no second call.
          const { query } = await cached(parts, refresh, async () => {
            const { value } = await chat.structured({
              task: 'ask',
              schemaName: 'search_query',
              schema: RewriteOutput,
              prompt: rewritePrompt(prompts, trimmed),
              signal,
            });
            return value;
          });
          const checked = checkRewrite(query);
          if (checked === undefined) {
            // Only the length: the rejected text may be anything the question talked the model into.
            log.warn(
              { task: 'query-rewrite', chars: query.length },
              'query rewrite rejected; searching with the question',
            );
            return trimmed;
          }
          log.debug({ task: 'query-rewrite', query: checked }, 'query rewritten');
          return checked;
        },
        extractive,
      );
    },
  };
}

function checkLanguage(language: string): void {
  if (!LANGUAGE.test(language)) {
    throw new UserInputError('Give the language as a code such as en, de or pt-BR.');
  }
}

function dedupe(papers: readonly Paper[]): Paper[] {
  const seen = new Set<string>();
  return papers.filter((paper) => !seen.has(paper.id) && seen.add(paper.id));
}
