// A digest worker node, for tests that run several and kill one mid-post (and bench/digest-fanout.ts):
//   node test/support/digest-worker-child.ts '<WorkerChildOptions as JSON>'
// It wires the digest service as `paperboy worker` does with REDIS_URL set (the shared SQLite
// file or PostgreSQL, BullMQ jobs, discord.js's REST client), with fixed candidate papers (WORKER_PAPERS),
// BullMQ's lock and stalled check shortened to two seconds so that a killed worker's job moves on
// quickly, and a fast tick. Prints "ready" once its worker runs; stops cleanly on SIGTERM.

import { REST } from 'discord.js';
import { createDigestService } from '../../src/digest/digest-service.ts';
import { createDiscordRest } from '../../src/discord/deploy.ts';
import { createDigestDelivery } from '../../src/discord/digest-channel.ts';
import { openSharedState } from '../../src/storage/shared-state.ts';
import { makePaper } from './builders.ts';
import { CHILD_PAPERS, childServiceDeps } from './digest-child.ts';
import { FAKE_BOT_TOKEN } from './fake-discord/fixture.ts';

export const DIGEST_WORKER_CHILD = new URL('./digest-worker-child.ts', import.meta.url).pathname;
export const CHILD_LOCK_MS = 2_000;

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

export interface WorkerChildOptions {
  readonly dataDir: string;
  readonly apiUrl: string;
  readonly redisUrl: string;
  readonly prefix: string;
  /** Subscriptions and the ledger in PostgreSQL (DATABASE_URL) instead of the data directory's SQLite file. */
  readonly databaseUrl?: string;
  readonly retryDelaysMs?: readonly number[];
  /** Extractive TL;DRs (no LLM at all) instead of the one-line stub. */
  readonly extractive?: boolean;
  readonly concurrency?: number;
  /**
   * discord.js's global request limit for this process; default 50 a second, Discord's per bot.
   * Raised, the benchmark measures the machinery instead of that limit.
   */
  readonly restPerSecond?: number;
  /** The scheduler's tick; 200 ms by default, so that tests need not wait. */
  readonly tickMs?: number;
}

async function main(json: string | undefined): Promise<void> {
  if (!json) throw new Error("usage: digest-worker-child '<options as JSON>'");
  const options = JSON.parse(json) as WorkerChildOptions;
  const { llm, db, ...deps } = childServiceDeps(options.dataDir, WORKER_PAPERS);
  const stores = await openSharedState({ url: options.databaseUrl, db, clock: deps.clock, log: deps.log });
  const service = createDigestService({
    ...deps,
    stores,
    ...(options.extractive ? {} : { llm }),
    jobs: {
      redisUrl: options.redisUrl,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 4,
      lockMs: CHILD_LOCK_MS,
      stalledIntervalMs: 500,
    },
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
  });
  const rest = options.restPerSecond
    ? new REST({ api: options.apiUrl, globalRequestsPerSecond: options.restPerSecond }).setToken(FAKE_BOT_TOKEN)
    : createDiscordRest(options.apiUrl, FAKE_BOT_TOKEN);
  const scheduler = service.createScheduler(createDigestDelivery(rest), {
    tickMs: options.tickMs ?? 200,
  });
  const stopped = new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  scheduler.start();
  process.stdout.write('ready\n');
  await stopped;
  await scheduler.stop();
  await stores.close();
  db.close();
}

if (process.argv[1] === DIGEST_WORKER_CHILD) await main(process.argv[2]);
