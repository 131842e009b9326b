import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { makePaper } from '../support/builders.ts';
import { type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai.ts';

// Issue 13: single-flight of LLM calls across nodes. Two apps (two nodes) share one Redis cache;
// the first to miss a key holds a short lock in Redis while the other waits for its entry.

const redisUrl = inject('redisUrl');

const SUMMARY = {
  tldr: 'A draft-and-verify scheme speeds up decoding.',
  keyPoints: ['Draft tokens are verified in parallel.'],
  method: 'A small model drafts; the large model verifies.',
  results: 'Decoding is 2.5x faster.',
  limitations: 'Not stated in the abstract.',
};

async function twoNodes(fake: FakeOpenAI): Promise<[App, App]> {
  const start = async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-flight-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const config = parseConfig({
      PAPERBOY_DATA_DIR: dataDir,
      OFFLINE: 'true',
      CACHE_URL: redisUrl,
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: 'sk-test',
    });
    const app = await createApp(config, { log: silentLogger(), mode: 'one-shot' });
    onTestFinished(() => app.close());
    return app;
  };
  return [await start(), await start()];
}

/** A paper no earlier run has cached (the shared Redis outlives test runs). */
const freshPaper = () =>
  makePaper({ id: `arxiv:2401.${String(randomInt(10_000, 99_999))}`, version: randomInt(1, 1e6) });

describe.runIf(redisUrl !== '')('LLM calls shared across nodes through Redis', () => {
  it('makes one LLM request for the same summary asked on two nodes at once', async () => {
    const fake = await startFakeOpenAI();
    onTestFinished(() => fake.close());
    fake.reply(() => SUMMARY);
    fake.delayNext(400);
    const [a, b] = await twoNodes(fake);
    const paper = freshPaper();
    const ask = (app: App) => app.llm.summarize(paper, { style: 'tldr', language: 'en' });

    const [first, second] = await Promise.all([ask(a), ask(b)]);

    expect(fake.chatRequests()).toHaveLength(1);
    expect(second).toEqual(first);
    expect(first.tldr).toBe(SUMMARY.tldr);
  });

  it('computes on the waiting node too when the first one fails', async () => {
    const fake = await startFakeOpenAI();
    onTestFinished(() => fake.close());
    fake.reply(() => SUMMARY);
    const [a, b] = await twoNodes(fake);
    const paper = freshPaper();
    // The first request fails for good (no retries left), slowly enough that the second node waits.
    fake.delayNext(300);
    fake.failNext({ status: 400, message: 'bad request' });
    const results = await Promise.allSettled([
      a.llm.summarize(paper, { style: 'tldr', language: 'en' }),
      b.llm.summarize(paper, { style: 'tldr', language: 'en' }),
    ]);
    expect(results.some((r) => r.status === 'fulfilled' && r.value.tldr === SUMMARY.tldr)).toBe(true);
    expect(fake.chatRequests()).toHaveLength(2);
  });
});
