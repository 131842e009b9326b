// Load check for the Discord runtime: N concurrent /papers and N concurrent /summarize (cached)
// interactions through the fake Discord, against the real app on a temporary data directory.
// Run: node bench/bot.ts [N]   (targets: ack p95 < 150 ms, cached summary final p95 < 300 ms)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands, routes } from '../commands/index.ts';
import { botDependencies, createApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { createBot } from '../src/discord/bot.ts';
import { silentLogger } from '../src/log.ts';
import { makePaper } from '../test/support/builders.ts';
import { FAKE_APPLICATION_ID, FAKE_BOT_TOKEN, startFakeDiscord } from '../test/support/fake-discord.ts';
import { startFakeOpenAI } from '../test/support/fake-openai.ts';

const N = Number(process.argv[2] ?? 50);
const PAPER_COUNT = 20;

interface Timing {
  readonly ack: number;
  readonly final: number;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-bench-bot-'));
  const fake = await startFakeDiscord();
  const openai = await startFakeOpenAI();
  const log = silentLogger();
  const config = parseConfig({
    PAPERBOY_DATA_DIR: dataDir,
    OFFLINE: 'true',
    DISCORD_TOKEN: FAKE_BOT_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    OPENAI_BASE_URL: openai.baseURL,
    // The bench measures the runtime, not the per-user budget.
    RATE_LIMIT_USER_PER_MINUTE: '100000',
    RATE_LIMIT_GUILD_PER_MINUTE: '100000',
  });
  const app = await createApp(config, { log });
  const papers = Array.from({ length: PAPER_COUNT }, (_, i) =>
    makePaper({
      id: `arxiv:2401.${String(10000 + i)}`,
      title: `Speculative decoding variant ${i}`,
      abstract: `We study speculative decoding variant ${i} for fast language model inference with a draft model.`,
    }),
  );
  app.library.upsert(papers);
  const bot = createBot({ ...botDependencies(app), commands, routes, token: FAKE_BOT_TOKEN, apiUrl: fake.apiUrl, log });
  try {
    await bot.start();
    const summarize = (i: number) =>
      fake.chatInput('summarize', { paper: papers[i % PAPER_COUNT]?.id ?? '', language: 'en' });
    // Warm the LLM cache so the timed /summarize calls are cache hits.
    await Promise.all(papers.map((_, i) => run(fake, () => summarize(i))));
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const searches = await Promise.all(
      Array.from({ length: N }, (_, i) => run(fake, () => fake.chatInput('papers', { query: `decoding ${i % 5}` }))),
    );
    // @discordjs/rest allows 50 requests per second across the client (Discord's global limit),
    // and counts interaction webhooks too; start the next burst in a fresh one-second window.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const summaries = await Promise.all(Array.from({ length: N }, (_, i) => run(fake, () => summarize(i))));
    report(`/papers x${N}`, searches);
    report(`/summarize (cached) x${N}`, summaries);
    const all = [...searches, ...summaries];
    const ackP95 = percentile(
      all.map((t) => t.ack),
      95,
    );
    const finalP95 = percentile(
      summaries.map((t) => t.final),
      95,
    );
    console.log(
      `targets: ack p95 ${ackP95} ms ${ackP95 < 150 ? '<' : '≥'} 150 ms; cached summary final p95 ${finalP95} ms ${finalP95 < 300 ? '<' : '≥'} 300 ms`,
    );
  } finally {
    await bot.stop();
    await app.close();
    await openai.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Payload = ReturnType<Awaited<ReturnType<typeof startFakeDiscord>>['chatInput']>;

async function run(fake: Awaited<ReturnType<typeof startFakeDiscord>>, build: () => Payload): Promise<Timing> {
  const sentAt = Date.now();
  const { id, token } = fake.sendInteraction(build());
  const ack = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${id}/`), 30_000);
  const base = `/webhooks/${FAKE_APPLICATION_ID}/${token}`;
  const final = await fake.waitForRequest(
    (r) =>
      (r.method === 'PATCH' && r.path === `${base}/messages/@original`) || (r.method === 'POST' && r.path === base),
    30_000,
  );
  if (final.status !== 200) throw new Error(`final reply failed with ${final.status}`);
  return { ack: ack.at - sentAt, final: final.at - sentAt };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function report(label: string, timings: readonly Timing[]): void {
  const acks = timings.map((t) => t.ack);
  const finals = timings.map((t) => t.final);
  console.log(
    `${label}: ack p50 ${percentile(acks, 50)} ms, p95 ${percentile(acks, 95)} ms; ` +
      `final p50 ${percentile(finals, 50)} ms, p95 ${percentile(finals, 95)} ms`,
  );
}

await main();
