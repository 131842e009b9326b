import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { type Cache, createCache } from '../../src/cache/create-cache.ts';
import { systemClock } from '../../src/clock.ts';
import { parseConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/library/database.ts';
import type { LlmConfig } from '../../src/llm/chat-model.ts';
import { type CreateLlmOptions, createLlm } from '../../src/llm/create-llm.ts';
import { defaultPromptsDir, loadPrompts, type PromptRegistry } from '../../src/llm/prompts.ts';
import type { Llm } from '../../src/llm/types.ts';
import { createUsageCounters, type UsageCounters } from '../../src/llm/usage-counters.ts';
import { silentLogger } from '../../src/log.ts';
import { type ChatRequest, type FakeOpenAI, startFakeOpenAI, textOf } from './fake-openai.ts';

/** The LLM slice of a config parsed from `env` (through the real parseConfig), pointing at `baseURL`. */
export function llmConfigFor(baseURL: string | undefined, env: Record<string, string> = {}): LlmConfig {
  return parseConfig({ ...(baseURL ? { OPENAI_BASE_URL: baseURL } : {}), LLM_MAX_RETRIES: '0', ...env }, tmpdir()).llm;
}

export interface LlmHarness {
  readonly fake: FakeOpenAI;
  readonly llm: Llm;
  readonly cache: Cache;
  readonly usage: UsageCounters;
  readonly prompts: PromptRegistry;
}

export interface LlmHarnessOptions {
  /** Extra environment for parseConfig (e.g. LLM_STRUCTURED_OUTPUT, LLM_TIMEOUT_MS). */
  readonly env?: Record<string, string>;
  /** No OPENAI_BASE_URL: the Llm runs extractive only (the fake still starts, to prove it gets no request). */
  readonly unconfigured?: boolean;
  readonly fallbackOnError?: CreateLlmOptions['fallbackOnError'];
}

/**
 * A fake OpenAI server, a temporary SQLite cache and usage counters, and the real Llm wired to them
 * with the repository's prompts; everything is torn down when the test finishes.
 */
export async function startLlmHarness(options: LlmHarnessOptions = {}): Promise<LlmHarness> {
  const log = silentLogger();
  const fake = await startFakeOpenAI();
  onTestFinished(() => fake.close());
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-llm-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const cache = await createCache({ url: undefined, dataDir: dir, log });
  onTestFinished(() => cache.close());
  const db = openDatabase(':memory:', { log });
  onTestFinished(() => db.close());
  const usage = createUsageCounters({ db, clock: systemClock });
  const prompts = loadPrompts(defaultPromptsDir());
  const llm = createLlm({
    config: llmConfigFor(options.unconfigured ? undefined : fake.baseURL, options.env),
    cache,
    log,
    clock: systemClock,
    prompts,
    usage,
    fallbackOnError: options.fallbackOnError,
  });
  return { fake, llm, cache, usage, prompts };
}

/** The system and user messages of a recorded request, as text. */
export function messagesOf(request: ChatRequest | undefined): { system: string; user: string } {
  const messages = request?.messages ?? [];
  return {
    system: textOf(messages.find((m) => m.role === 'system') ?? { role: 'system', content: '' }),
    user: textOf(messages.find((m) => m.role === 'user') ?? { role: 'user', content: '' }),
  };
}
