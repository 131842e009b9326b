// LLM layer bench against the fake OpenAI server: cache-hit latency, single-flight, prompt size; and
// how well the extractive fallback files sentences under comparison aspects (a hand-labelled set).
// Run: node bench/llm.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createCache } from '../src/cache/create-cache.ts';
import { systemClock } from '../src/clock.ts';
import { parseConfig } from '../src/config.ts';
import { openDatabase } from '../src/library/database.ts';
import { createLlm } from '../src/llm/create-llm.ts';
import { defaultPromptsDir, loadPrompts } from '../src/llm/prompts.ts';
import { createUsageCounters } from '../src/llm/usage-counters.ts';
import { silentLogger } from '../src/log.ts';
import { type AspectScore, loadAspectLabels, scoreAspects } from '../test/support/aspect-labels.ts';
import { startFakeOpenAI } from '../test/support/fake-openai.ts';
import { crystalTransformer, feedbackSelfLearning, nemotronCrossthink, smart } from '../test/unit/llm/sample-papers.ts';

const HIT_SAMPLES = 500;
const CONCURRENT = 50;
const HIT_TARGET_MS = 20;

const SUMMARY = {
  tldr: 'A summary.',
  keyPoints: ['One point.', 'Another point.'],
  method: 'A method.',
  results: 'Some results.',
  limitations: 'Not stated in the abstract.',
};

/** The aspect scores of the abstracts the cues were tuned on and of the held-out ones, as one line. */
function aspectLine(): string {
  const labelled = loadAspectLabels();
  const tuned = scoreAspects(labelled.filter((a) => !a.heldOut));
  const heldOut = scoreAspects(labelled.filter((a) => a.heldOut));
  const share = (right: number, of: number) => `${((100 * right) / of).toFixed(1)}%`;
  const part = (name: string, score: AspectScore) =>
    `${name} (${score.abstracts} abstracts): sentences ${share(score.sentences.right, score.sentences.total)} of ` +
    `${score.sentences.total}, cells ${share(score.cells.right, score.cells.filled)} of ${score.cells.filled} filled`;
  return `extractive aspect assignment (test/fixtures/extractive/aspects.json): ${part('held out', heldOut)}; ${part('tuned on', tuned)}`;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const log = silentLogger();
  const fake = await startFakeOpenAI();
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-llm-'));
  const cache = await createCache({ url: undefined, dataDir: dir, log });
  const db = openDatabase(':memory:', { log });
  const usage = createUsageCounters({ db, clock: systemClock });
  const config = parseConfig({ OPENAI_BASE_URL: fake.baseURL, LLM_MAX_RETRIES: '0' }, dir).llm;
  const llm = createLlm({ config, cache, log, clock: systemClock, prompts: loadPrompts(defaultPromptsDir()), usage });
  try {
    fake.reply(() => SUMMARY);

    // Prompt tokens per summary (the fake estimates ceil(chars / 4), like OpenAI's rule of thumb).
    const samples = [smart, crystalTransformer, feedbackSelfLearning, nemotronCrossthink];
    for (const paper of samples) await llm.summarize(paper, { style: 'detailed', language: 'en' });
    const afterSummaries = await usage.read();
    const promptTokens = afterSummaries['llm.prompt_tokens'] / afterSummaries['llm.calls'];

    // Cache hits: the same summary again, from the SQLite cache.
    const timings: number[] = [];
    for (let i = 0; i < HIT_SAMPLES; i++) {
      const started = performance.now();
      await llm.summarize(smart, { style: 'detailed', language: 'en' });
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    const p50 = percentile(timings, 50);
    const p95 = percentile(timings, 95);

    // Single-flight: 50 identical requests at once against a slow upstream.
    fake.reset();
    fake.reply(async () => {
      await sleep(200);
      return SUMMARY;
    });
    await Promise.all(
      Array.from({ length: CONCURRENT }, () => llm.summarize(smart, { style: 'eli5', language: 'en' })),
    );
    const upstreamCalls = fake.chatRequests().length;

    const lines = [
      `cache-hit latency over ${HIT_SAMPLES} summaries: p50 ${p50.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms (target < ${HIT_TARGET_MS} ms) ${p95 < HIT_TARGET_MS ? 'OK' : 'SLOW'}`,
      `single-flight: ${CONCURRENT} concurrent identical summaries -> ${upstreamCalls} upstream call(s) ${upstreamCalls === 1 ? 'OK' : 'FAIL'}`,
      `prompt tokens per detailed summary (4 sample abstracts): ${promptTokens.toFixed(0)}`,
      aspectLine(),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (p95 >= HIT_TARGET_MS || upstreamCalls !== 1) process.exitCode = 1;
  } finally {
    await cache.close();
    db.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
