// Load check for the Discord runtime: C concurrent /papers (SciFact claims as queries) against an
// N-paper synthetic library, then C concurrent cached /summarize, through the fake Discord with the
// real discord.js client and the real app.
//
//   npm run bench:bot -- [--papers 20] [--concurrency 50] [--bursts 3] [--read-workers auto|N]
//
// Targets (issue 11) at N = 50,000 and 1,000,000, C = 50: ack p95 < 150 ms, no ack over 1 s;
// final p95 < 1 s at 50k and < 1.5 s at 1M. Libraries are built once per size and seed and kept in
// the OS temp dir (paperboy-bench-libraries/), since a million papers take minutes to index.
// The last line is `ack p95=<ms> max=<ms> final p95=<ms>`.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { commands } from '../commands/index.ts';
import { botDependencies, createApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { createBot } from '../src/discord/bot.ts';
import { silentLogger } from '../src/log.ts';
import { FAKE_APPLICATION_ID, FAKE_BOT_TOKEN, startFakeDiscord } from '../test/support/fake-discord.ts';
import { startFakeOpenAI } from '../test/support/fake-openai.ts';
import { parseArgs } from './lib/args.ts';
import { loadCorpus, loadQueries } from './lib/beir.ts';
import { percentile } from './lib/metrics.ts';
import { syntheticLibraryDir } from './lib/synthetic-library.ts';

const args = parseArgs(process.argv.slice(2));
const PAPERS = Number(args.get('papers') ?? 20);
const CONCURRENCY = Number(args.get('concurrency') ?? 50);
const BURSTS = Number(args.get('bursts') ?? 3);
// 0 runs library reads on the main thread, as before issue 11; default: the app's own (auto).
const READ_WORKERS = args.get('read-workers');
const SEED = 7;
const scifact = resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'scifact');

interface Timing {
  readonly ack: number;
  /** NaN when the acknowledgement missed Discord's deadline (there is no final reply then). */
  readonly final: number;
  readonly missed: boolean;
}

type Fake = Awaited<ReturnType<typeof startFakeDiscord>>;
type Payload = ReturnType<Fake['chatInput']>;

/** One interaction: when Discord got the acknowledgement and the final reply, or that it missed. */
async function send(fake: Fake, payload: Payload): Promise<Timing> {
  const sentAt = performance.now();
  const { id, token } = fake.sendInteraction(payload);
  const ack = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${id}/`), 60_000);
  const ackAt = performance.now();
  // The fake answers 404 Unknown Interaction once Discord's 3 s have passed, as Discord does.
  if (ack.status >= 300) return { ack: ackAt - sentAt, final: Number.NaN, missed: true };
  const base = `/webhooks/${FAKE_APPLICATION_ID}/${token}`;
  const final = await fake.waitForRequest(
    (r) =>
      (r.method === 'PATCH' && r.path === `${base}/messages/@original`) || (r.method === 'POST' && r.path === base),
    60_000,
  );
  if (final.status !== 200) throw new Error(`final reply failed with ${final.status}`);
  return { ack: ackAt - sentAt, final: performance.now() - sentAt, missed: false };
}

// @discordjs/rest allows 50 requests per second across a client (Discord's global limit) and
// counts interaction edits too, so each burst starts in a fresh one-second window.
const nextWindow = () => new Promise((done) => setTimeout(done, 1100));

function report(label: string, timings: readonly Timing[]): void {
  const acks = timings.map((t) => t.ack);
  const finals = timings.filter((t) => !t.missed).map((t) => t.final);
  const missed = timings.filter((t) => t.missed).length;
  const f = (n: number) => n.toFixed(0);
  console.log(
    `${label.padEnd(28)} ack p50 ${f(percentile(acks, 50))} p95 ${f(percentile(acks, 95))} max ${f(Math.max(...acks))} ms; ` +
      `final p50 ${f(percentile(finals, 50))} p95 ${f(percentile(finals, 95))} max ${f(Math.max(...finals))} ms` +
      (missed > 0 ? `; ${missed} missed Discord's 3 s deadline` : ''),
  );
}

async function main(): Promise<void> {
  const libraryStarted = performance.now();
  const library = syntheticLibraryDir({
    papers: PAPERS,
    wordsFrom: loadCorpus(join(scifact, 'corpus.jsonl')),
    seed: SEED,
  });
  const libraryMs = performance.now() - libraryStarted;
  // The app keeps its cache beside the library; a cache left by the last run would turn every
  // search into a cache hit, so each run starts with none.
  for (const suffix of ['', '-wal', '-shm']) rmSync(join(library, `cache.sqlite${suffix}`), { force: true });
  const fake = await startFakeDiscord();
  const openai = await startFakeOpenAI();
  const log = silentLogger();
  const config = parseConfig({
    PAPERBOY_DATA_DIR: library,
    OFFLINE: 'true',
    DISCORD_TOKEN: FAKE_BOT_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    OPENAI_BASE_URL: openai.baseURL,
    // The bench measures the runtime, not the per-user budget.
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    RATE_LIMIT_GUILD_PER_MINUTE: '1000000',
    ...(READ_WORKERS ? { LIBRARY_READ_WORKERS: READ_WORKERS } : {}),
  });
  const app = await createApp(config, { log, mode: 'bot' });
  const bot = createBot({ ...botDependencies(app), commands, log });
  const claims = loadQueries(join(scifact, 'queries.jsonl')).map((q) => q.text);
  try {
    await bot.start();
    console.log(
      `library ${app.library.count().toLocaleString('en')} papers (${libraryMs < 1000 ? 'cached' : `built in ${(libraryMs / 1000).toFixed(0)} s`}); concurrency ${CONCURRENCY}, ${BURSTS} bursts; read workers ${config.library.readWorkers}`,
    );
    const searches: Timing[] = [];
    for (let burst = 0; burst < BURSTS; burst++) {
      await nextWindow();
      const queries = Array.from(
        { length: CONCURRENCY },
        (_, i) => claims[(burst * CONCURRENCY + i) % claims.length] ?? 'protein',
      );
      searches.push(
        ...(await Promise.all(
          queries.map((query) => send(fake, fake.chatInput('papers', { query: query.slice(0, 300) }))),
        )),
      );
    }
    report(`/papers x${CONCURRENCY}x${BURSTS}`, searches);

    const ids = (await app.library.lookup('a', 20)).map((paper) => paper.id);
    const summarize = (i: number) => fake.chatInput('summarize', { paper: ids[i % ids.length] ?? '', language: 'en' });
    await nextWindow();
    await Promise.all(ids.map((_, i) => send(fake, summarize(i)))); // warm the LLM cache
    await nextWindow();
    const summaries = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => send(fake, summarize(i))));
    report(`/summarize (cached) x${CONCURRENCY}`, summaries);

    const acks = [...searches, ...summaries].map((t) => t.ack);
    const finals = searches.filter((t) => !t.missed).map((t) => t.final);
    const missed = [...searches, ...summaries].filter((t) => t.missed).length;
    console.log(
      `ack p95=${percentile(acks, 95).toFixed(0)} max=${Math.max(...acks).toFixed(0)} final p95=${percentile(finals, 95).toFixed(0)}${missed ? ` missed=${missed}` : ''}`,
    );
  } finally {
    await bot.stop();
    await app.close();
    await openai.close();
    await fake.close();
  }
}

await main();
