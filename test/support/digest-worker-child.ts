// A digest worker node, for tests that run several and kill one mid-post:
//   node test/support/digest-worker-child.ts <dataDir> <discordApiUrl> <redisUrl> <prefix> [retryDelaysMs,…]
// It wires the digest service as `paperboy worker` does with REDIS_URL set (the shared SQLite
// file, BullMQ jobs, discord.js's REST client), with fixed candidate papers (WORKER_PAPERS),
// BullMQ's lock and stalled check shortened to a second so that a killed worker's job moves on
// quickly, and a fast tick. Prints "ready" once its worker runs; stops cleanly on SIGTERM.
import { createDigestService } from '../../src/digest/digest-service.ts';
import { createDiscordRest } from '../../src/discord/deploy.ts';
import { createDigestDelivery } from '../../src/discord/digest-channel.ts';
import { makePaper } from './builders.ts';
import { CHILD_PAPERS, childServiceDeps } from './digest-child.ts';
import { FAKE_BOT_TOKEN } from './fake-discord/fixture.ts';

export const DIGEST_WORKER_CHILD = new URL('./digest-worker-child.ts', import.meta.url).pathname;
export const CHILD_LOCK_MS = 1_000;

/** Four papers on reasoning: a threads-style digest of them is five messages (a header, then one each). */
export const WORKER_PAPERS = [
  ...CHILD_PAPERS,
  makePaper({
    id: 'arxiv:2409.12201',
    title: 'Reasoning traces as training data',
    abstract: 'Traces of reasoning.',
    upvotes: 9,
  }),
  makePaper({
    id: 'arxiv:2409.12202',
    title: 'When reasoning models overthink',
    abstract: 'Long reasoning.',
    upvotes: 5,
  }),
];

async function main([dataDir, apiUrl, redisUrl, prefix, delays]: string[]): Promise<void> {
  if (!dataDir || !apiUrl || !redisUrl || !prefix)
    throw new Error('usage: digest-worker-child <dataDir> <apiUrl> <redisUrl> <prefix> [retryDelaysMs,…]');
  const deps = childServiceDeps(dataDir, WORKER_PAPERS);
  const service = createDigestService({
    ...deps,
    jobs: { redisUrl, prefix, concurrency: 4, lockMs: CHILD_LOCK_MS, stalledIntervalMs: 500 },
    ...(delays ? { retryDelaysMs: delays.split(',').map(Number) } : {}),
  });
  const scheduler = service.createScheduler(createDigestDelivery(createDiscordRest(apiUrl, FAKE_BOT_TOKEN)), {
    tickMs: 200,
  });
  const stopped = new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  scheduler.start();
  process.stdout.write('ready\n');
  await stopped;
  await scheduler.stop();
  deps.db.close();
}

if (process.argv[1] === DIGEST_WORKER_CHILD) await main(process.argv.slice(2));
