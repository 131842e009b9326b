import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/errors/index.ts';
import { makePaper } from '../support/builders.ts';
import { startLlmHarness } from '../support/llm-helpers.ts';
import { timed, until } from '../support/timing.ts';

// Short enough for a test, long enough that three attempts (the old per-attempt bound) could not
// fit under LIMIT_MS. The margin covers start-up of the request and the extractive fallback.
const TIMEOUT_MS = 400;
const LIMIT_MS = TIMEOUT_MS + 500;
const HUNG_ENV = { LLM_TIMEOUT_MS: String(TIMEOUT_MS), LLM_MAX_RETRIES: '2' };

const paper = makePaper();

describe('createLlm against an endpoint that never answers', () => {
  it('answers with the extractive fallback within LLM_TIMEOUT_MS, retries included', async () => {
    const { fake, llm, usage } = await startLlmHarness({ env: HUNG_ENV });
    fake.hangNext(Number.POSITIVE_INFINITY);

    const summary = await timed(() => llm.summarize(paper, { style: 'tldr', language: 'en' }));

    expect(summary.value.generator).toEqual({ kind: 'extractive', reason: 'llm-unavailable' });
    expect(summary.ms).toBeLessThan(LIMIT_MS);
    expect((await usage.read())['llm.fallbacks']).toBe(1);
  });

  it('cancels the hung HTTP request when the deadline passes', async () => {
    const { fake, llm } = await startLlmHarness({ env: HUNG_ENV });
    fake.hangNext(Number.POSITIVE_INFINITY);

    await llm.summarize(paper, { style: 'tldr', language: 'en' });

    expect(fake.chatRequests().length).toBeGreaterThan(0);
    expect(await until(() => fake.openHangs() === 0)).toBe(true);
  });

  it('counts the wait for a slot held by a hung request against the same deadline', async () => {
    const { fake, llm } = await startLlmHarness({ env: { ...HUNG_ENV, LLM_CONCURRENCY: '1' } });
    fake.hangNext(Number.POSITIVE_INFINITY);
    const papers = ['a', 'b', 'c'].map((n) => makePaper({ id: `local:${n}`, title: `Paper ${n}` }));

    const summaries = await timed(() =>
      Promise.all(papers.map((p) => llm.summarize(p, { style: 'tldr', language: 'en' }))),
    );

    expect(summaries.value.map((s) => s.generator.kind)).toEqual(['extractive', 'extractive', 'extractive']);
    expect(summaries.ms).toBeLessThan(LIMIT_MS);
  });

  it('throws UpstreamError naming LLM_TIMEOUT_MS when the fallback is off', async () => {
    const { fake, llm } = await startLlmHarness({ env: HUNG_ENV, fallbackOnError: false });
    fake.hangNext(Number.POSITIVE_INFINITY);

    const error = await llm.summarize(paper, { style: 'tldr', language: 'en' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toBe(`llm unavailable: timed out after ${TIMEOUT_MS} ms`);
  });

  it("stops at once on the caller's abort, with the caller's reason and no fallback", async () => {
    const { fake, llm, usage } = await startLlmHarness({ env: { LLM_TIMEOUT_MS: '10000', LLM_MAX_RETRIES: '2' } });
    fake.hangNext(Number.POSITIVE_INFINITY);
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 100);

    const outcome = await timed(() =>
      llm.summarize(paper, { style: 'tldr', language: 'en', signal: controller.signal }).catch((e: unknown) => e),
    );

    expect(outcome.value).toBe(reason);
    expect(outcome.ms).toBeLessThan(LIMIT_MS);
    expect((await usage.read())['llm.fallbacks'] ?? 0).toBe(0);
    expect(await until(() => fake.openHangs() === 0)).toBe(true);
  });
});
