// Digest fan-out (issue 13): the time to post N subscriptions that are all due at once, as BullMQ
// jobs worked by 1, 2 and 4 worker processes against the fake Discord on this machine. Each
// digest is small (compact style, two papers, extractive TL;DRs, no LLM), so the figure is the
// cost of the machinery: ticking, enqueueing, claiming, the ledger's writes and the posts.
//
//   npm run bench:digest-fanout -- [--subscriptions 10000] [--workers 1,2,4] [--concurrency 8]
//                                  [--rest-per-second 50] [--redis redis://…] [--database postgres://…]
//
// Each digest is two messages, and discord.js holds each process to Discord's global limit of 50
// requests a second: with the default, one worker needs 400 s for 10,000 digests and more workers
// help only because each has a limiter of its own. Real Discord counts the limit per bot, across
// every process (hence one REST proxy for all nodes); --rest-per-second 1000 measures the
// machinery instead. Without --redis it starts a redis-server of its own. With --database the
// workers share PostgreSQL (a database per measurement, dropped after) instead of one SQLite file. The last line is
// `fanout <N> subscriptions: 1 worker=<s> s, 2 workers=<s> s (x<ratio>), …`.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import pg from 'pg';
import { DIGEST_QUEUE } from '../src/digest/jobs/digest-jobs.ts';
import { openDatabase } from '../src/library/database.ts';
import { silentLogger } from '../src/log.ts';
import { dueNow } from '../test/support/digest-due-now.ts';
import { DIGEST_WORKER_CHILD, type WorkerChildOptions } from '../test/support/digest-worker-child.ts';
import { FAKE_GUILD_ID, startFakeDiscord } from '../test/support/fake-discord.ts';
import { startRedisServer } from '../test/support/redis-server.ts';
import { parseArgs } from './lib/args.ts';

export interface DigestFanoutOptions {
  readonly subscriptions?: number;
  /** Worker process counts to measure, each on a fresh data directory; default 1, 2, 4. */
  readonly workers?: readonly number[];
  /** Digests each worker posts at once (DIGEST_WORKER_CONCURRENCY). */
  readonly concurrency?: number;
  /** A Redis to use (its own key prefix per run); a redis-server of its own when absent. */
  readonly redisUrl?: string;
  /**
   * discord.js's global request limit per worker process. Default 50 a second, Discord's own per
   * bot: with it one worker is bound by that limit, not by the machinery.
   */
  readonly restPerSecond?: number;
  /**
   * A PostgreSQL server (postgres://…) for subscriptions and the ledger; each measurement creates
   * a database of its own there and drops it. The data directory's SQLite file when absent.
   */
  readonly databaseUrl?: string;
  /** Called with each worker count's figures as soon as they are measured. */
  readonly onResult?: (result: DigestFanoutResult) => void;
  /** Give up on one measurement after this long. */
  readonly timeoutMs?: number;
}

export interface DigestFanoutResult {
  readonly workers: number;
  readonly subscriptions: number;
  /** From the first worker's start to the last run recorded done. */
  readonly ms: number;
  readonly digestsPerSecond: number;
  /** Messages in the fake Discord's channels: one per digest when nothing was posted twice. */
  readonly messages: number;
  /** Time of one worker over time of this many (1 for one worker). */
  readonly speedup: number;
}

export async function measureDigestFanout(options: DigestFanoutOptions = {}): Promise<DigestFanoutResult[]> {
  const subscriptions = options.subscriptions ?? 10_000;
  const counts = options.workers ?? [1, 2, 4];
  const ownRedis = options.redisUrl ? undefined : await startRedisServer();
  const redisUrl = options.redisUrl ?? ownRedis?.url ?? '';
  const results: DigestFanoutResult[] = [];
  try {
    for (const workers of counts) {
      const measured = await measureOnce({ subscriptions, workers, redisUrl, options });
      const base = results[0]?.ms ?? measured.ms;
      results.push({ ...measured, speedup: base / measured.ms });
      options.onResult?.(results.at(-1) as DigestFanoutResult);
    }
  } finally {
    await ownRedis?.stop();
  }
  return results;
}

async function measureOnce({
  subscriptions,
  workers,
  redisUrl,
  options,
}: {
  subscriptions: number;
  workers: number;
  redisUrl: string;
  options: DigestFanoutOptions;
}): Promise<Omit<DigestFanoutResult, 'speedup'>> {
  const discord = await startFakeDiscord();
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-bench-fanout-'));
  const prefix = `bench-fanout-${process.pid}-${workers}`;
  const db = openDatabase(join(dataDir, 'paperboy.sqlite'), { log: silentLogger() });
  const children: ChildProcess[] = [];
  const database = options.databaseUrl ? await freshDatabase(options.databaseUrl, prefix) : undefined;
  let due: Awaited<ReturnType<typeof dueNow>> | undefined;
  try {
    // Written an hour ago for the current minute: every one is due when the workers start.
    due = await dueNow(db, database?.url);
    const { service, settings: dueSettings } = due;
    const settings = dueSettings({ topics: 'reasoning', maxPapers: 2 });
    const channels: string[] = [];
    db.exec('BEGIN');
    for (let i = 0; i < subscriptions; i++) {
      const channelId = discord.addChannel({ name: `papers-${i}` });
      channels.push(channelId);
      await service.subscriptions.subscribe({ guildId: FAKE_GUILD_ID, channelId, createdBy: 'bench', settings });
    }
    db.exec('COMMIT');

    const childOptions: WorkerChildOptions = {
      dataDir,
      apiUrl: discord.apiUrl,
      redisUrl,
      prefix,
      ...(database ? { databaseUrl: database.url } : {}),
      extractive: true,
      // The production tick: the first one, at start, enqueues every run; later ones only retries.
      tickMs: 30_000,
      concurrency: options.concurrency ?? 8,
      ...(options.restPerSecond ? { restPerSecond: options.restPerSecond } : {}),
    };
    // From the first worker's start (its first tick enqueues every run), not counting node's boot.
    let started: number | undefined;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        const child = spawn(process.execPath, [DIGEST_WORKER_CHILD, JSON.stringify(childOptions)], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        children.push(child);
        await once(child.stdout ?? child, 'data');
        started ??= performance.now();
      }),
    );
    const from = started ?? performance.now();
    const count = async (where: string): Promise<number> => {
      const sql = `SELECT count(*) AS n FROM digest_runs WHERE ${where}`;
      if (database) return Number((await database.pool.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
      return Number((db.prepare(sql).get() as { n: number }).n);
    };
    const deadline = from + (options.timeoutMs ?? 15 * 60_000);
    let finished = 0;
    while (finished < subscriptions) {
      if (performance.now() > deadline) throw new Error(`only ${finished} of ${subscriptions} digests finished`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      finished = await count("status IN ('done', 'failed', 'skipped')");
    }
    const ms = performance.now() - from;
    const failed = await count("status <> 'done'");
    if (failed > 0) throw new Error(`${failed} digests did not post`);
    const messages = channels.reduce((sum, channelId) => sum + discord.messagesIn(channelId).length, 0);
    return { workers, subscriptions, ms, digestsPerSecond: subscriptions / (ms / 1000), messages };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));
    const queue = new Queue(DIGEST_QUEUE, { connection: { url: redisUrl }, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
    await due?.close();
    await database?.drop();
    db.close();
    await discord.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A database of its own on the server at `serverUrl`, and a pool on it for counting runs. */
async function freshDatabase(serverUrl: string, name: string) {
  const database = name.replaceAll('-', '_');
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${database}`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
  return {
    url: url.toString(),
    pool,
    drop: async () => {
      await pool.end();
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}

const formatResult = (r: DigestFanoutResult): string =>
  `${r.workers} worker(s): ${(r.ms / 1000).toFixed(1)} s, ${r.digestsPerSecond.toFixed(0)} digests/s, ` +
  `${r.messages} messages for ${r.subscriptions} digests, x${r.speedup.toFixed(2)} vs 1 worker`;

/** One line per worker count, then the summary line. */
export function formatDigestFanout(results: readonly DigestFanoutResult[]): string {
  const lines = results.map(formatResult);
  const summary = results
    .map(
      (r) =>
        `${r.workers} worker${r.workers === 1 ? '' : 's'}=${(r.ms / 1000).toFixed(1)} s (x${r.speedup.toFixed(2)})`,
    )
    .join(', ');
  return [...lines, `fanout ${results[0]?.subscriptions ?? 0} subscriptions: ${summary}`].join('\n');
}

if (process.argv[1] === import.meta.filename) {
  const args = parseArgs(process.argv.slice(2));
  const redis = args.get('redis');
  const results = await measureDigestFanout({
    subscriptions: Number(args.get('subscriptions') ?? 10_000),
    workers: (args.get('workers') ?? '1,2,4').split(',').map(Number),
    concurrency: Number(args.get('concurrency') ?? 8),
    ...(args.has('rest-per-second') ? { restPerSecond: Number(args.get('rest-per-second')) } : {}),
    ...(redis ? { redisUrl: redis } : {}),
    ...(args.has('database') ? { databaseUrl: args.get('database') } : {}),
    onResult: (result) => process.stderr.write(`${formatResult(result)}\n`),
  });
  process.stdout.write(`${formatDigestFanout(results)}\n`);
}
