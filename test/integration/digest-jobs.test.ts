import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { createDigestService } from '../../src/digest/digest-service.ts';
import { DIGEST_QUEUE } from '../../src/digest/jobs/digest-jobs.ts';
import { digestJobId } from '../../src/digest/jobs/job-id.ts';
import { openDatabase } from '../../src/library/database.ts';
import { silentLogger } from '../../src/log.ts';
import { openSharedState } from '../../src/storage/shared-state.ts';
import { dueNow } from '../support/digest-due-now.ts';
import { DIGEST_WORKER_CHILD, WORKER_PAPERS, type WorkerChildOptions } from '../support/digest-worker-child.ts';
import { FAKE_GUILD_ID, type FakeDiscord, startFakeDiscord } from '../support/fake-discord.ts';
import { freshPostgresDatabase, postgresUrl } from '../support/postgres.ts';
import { until } from '../support/timing.ts';

const redisUrl = inject('redisUrl');
const DIGEST_LINES = 1 + WORKER_PAPERS.length;

interface Worker {
  readonly process: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Where the workers share subscriptions and the ledger: DATABASE_URL, or none for the SQLite file. */
const BACKENDS: ReadonlyArray<readonly [string, () => Promise<string | undefined>]> = [
  ['a shared SQLite file', async () => undefined],
  ...(postgresUrl ? [['PostgreSQL', freshPostgresDatabase] as const] : []),
];

/**
 * `count` threads-style subscriptions in their own channels, all due at the current UTC minute
 * (written an hour ago, so today's occurrence counts), in a data directory that worker processes
 * share (and PostgreSQL at `databaseUrl`); a BullMQ prefix of the test's own in the shared Redis.
 */
async function cluster(count: number, databaseUrl: string | undefined) {
  const discord: FakeDiscord = await startFakeDiscord();
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-digest-jobs-'));
  const prefix = `test-digest-jobs-${randomBytes(4).toString('hex')}`;
  const queue = new Queue(DIGEST_QUEUE, { connection: { url: redisUrl }, prefix });
  const workers: Worker[] = [];
  const db = openDatabase(join(dataDir, 'paperboy.sqlite'), { log: silentLogger() });
  onTestFinished(async () => {
    for (const worker of workers)
      if (worker.process.exitCode === null && worker.process.signalCode === null) worker.process.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    await queue.obliterate({ force: true });
    await queue.close();
    await discord.close();
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { service, today, settings, close } = await dueNow(db, databaseUrl);
  onTestFinished(close);
  const channels: Array<{ channelId: string; subscriptionId: string }> = [];
  for (let i = 0; i < count; i++) {
    const channelId = discord.addChannel({ name: `papers-${i}` });
    const { subscription } = await service.subscriptions.subscribe({
      guildId: FAKE_GUILD_ID,
      channelId,
      createdBy: 'test',
      settings: settings({ topics: 'reasoning', style: 'threads' }),
    });
    channels.push({ channelId, subscriptionId: subscription.id });
  }

  const startWorker = async (retryDelaysMs?: readonly number[]): Promise<Worker> => {
    const options: WorkerChildOptions = {
      dataDir,
      apiUrl: discord.apiUrl,
      redisUrl,
      prefix,
      ...(databaseUrl ? { databaseUrl } : {}),
      ...(retryDelaysMs ? { retryDelaysMs } : {}),
    };
    const child = spawn(process.execPath, [DIGEST_WORKER_CHILD, JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const exited = once(child, 'exit').then(([code, signal]) => ({
      code: code as number | null,
      signal: signal as NodeJS.Signals | null,
    }));
    const worker = { process: child, exited };
    workers.push(worker);
    const ready = new Promise<void>((resolve) => child.stdout?.on('data', () => resolve()));
    await Promise.race([
      ready,
      exited.then(() => {
        throw new Error(`digest worker exited before it was ready:\n${stderr}`);
      }),
    ]);
    return worker;
  };

  /** The first line of every message in the channel, in order. */
  const lines = (channelId: string) => discord.messagesIn(channelId).map((m) => m.content.split('\n')[0] ?? '');
  const allDone = async () => {
    const runs = await Promise.all(channels.map(({ subscriptionId }) => service.ledger.getRun(subscriptionId, today)));
    return runs.every((run) => run?.status === 'done');
  };

  /** Every channel shows its digest once: a header and each paper, in order, and the ledger agrees. */
  const expectEachPostedOnce = async () => {
    for (const { channelId, subscriptionId } of channels) {
      const shown = lines(channelId);
      expect(shown).toEqual([
        expect.stringMatching(/^\*\*Papers for .* — 4 matching 'reasoning'\*\*$/),
        ...WORKER_PAPERS.map((_, i) => expect.stringMatching(new RegExp(`^\\*\\*${i + 1}\\.\\*\\* `))),
      ]);
      for (const paper of WORKER_PAPERS) expect(shown.filter((line) => line.includes(paper.title))).toHaveLength(1);
      expect((await service.ledger.posts(subscriptionId, today)).map((p) => p.messageId)).toEqual(
        discord.messagesIn(channelId).map((m) => m.id),
      );
    }
  };

  /** A node of its own on the shared data directory and Redis, with no worker running. */
  const node = async () => {
    const nodeDb = openDatabase(join(dataDir, 'paperboy.sqlite'), { log: silentLogger() });
    onTestFinished(() => nodeDb.close());
    const stores = await openSharedState({ url: databaseUrl, db: nodeDb, clock: systemClock, log: silentLogger() });
    onTestFinished(() => stores.close());
    const nodeService = createDigestService({
      stores,
      clock: systemClock,
      log: silentLogger(),
      config: { graceHours: 6, whenEmpty: 'notice' },
      sources: {},
      jobs: { redisUrl, prefix, concurrency: 1 },
    });
    const scheduler = nodeService.createScheduler({
      post: async () => {
        throw new Error('this node only enqueues');
      },
      findPosted: async () => undefined,
    });
    onTestFinished(() => scheduler.stop());
    return scheduler;
  };

  return { discord, queue, service, channels, today, startWorker, node, lines, allDone, expectEachPostedOnce };
}

describe.runIf(redisUrl).each(BACKENDS)(
  'digest runs as BullMQ jobs on %s (real Redis, worker processes, the fake Discord)',
  (_, backend) => {
    it('posts 20 digests due in the same minute exactly once across three workers', async () => {
      const c = await cluster(20, await backend());
      const workers = await Promise.all([c.startWorker(), c.startWorker(), c.startWorker()]);

      expect(await until(c.allDone, 60_000)).toBe(true);
      await c.expectEachPostedOnce();
      // Every tick of every worker enqueued the due runs; BullMQ kept one job per run, and the work spread out.
      const jobs = await Promise.all(
        c.channels.map(({ subscriptionId }) => c.queue.getJob(digestJobId(subscriptionId, c.today))),
      );
      expect(jobs.map((job) => job?.returnvalue)).toEqual(
        c.channels.map(() => ({ kind: 'done', posted: DIGEST_LINES })),
      );
      const pids = new Set(workers.map((w) => `${hostname()}/${w.process.pid}`));
      const posters = new Set(jobs.map((job) => job?.processedBy));
      expect([...posters].every((poster) => pids.has(poster ?? ''))).toBe(true);
      expect(posters.size).toBeGreaterThan(1);
    }, 120_000);

    it('finishes a digest whose worker was SIGKILLed after Discord accepted message 2 of 5: no duplicate, no gap', async () => {
      const c = await cluster(20, await backend());
      const target = c.channels[0];
      if (!target) throw new Error('no channel');
      // Discord stores the second message of the first digest; its worker dies before it hears so.
      const held = c.discord.holdReply(
        (request) =>
          request.method === 'POST' &&
          request.path === `/channels/${target.channelId}/messages` &&
          c.discord.channelMessages(target.channelId).indexOf(request) === 1,
      );
      const workers = await Promise.all([c.startWorker(), c.startWorker(), c.startWorker()]);
      await held.reached;
      const job = await c.queue.getJob(digestJobId(target.subscriptionId, c.today));
      const holder = workers.find((w) => `${hostname()}/${w.process.pid}` === job?.processedBy);
      if (!holder) throw new Error(`no worker holds the digest job (processedBy ${job?.processedBy})`);
      holder.process.kill('SIGKILL');
      expect((await holder.exited).signal).toBe('SIGKILL');
      held.release();

      // BullMQ finds the job stalled once its lock lapses and a survivor resumes from the ledger.
      expect(await until(c.allDone, 60_000)).toBe(true);
      await c.expectEachPostedOnce();
      expect(c.lines(target.channelId)).toHaveLength(DIGEST_LINES);
      const finished = await c.queue.getJob(digestJobId(target.subscriptionId, c.today));
      expect(finished?.processedBy).not.toBe(job?.processedBy);
      expect(finished?.returnvalue).toMatchObject({ kind: 'done' });
    }, 120_000);

    it('keeps one job per due run when several nodes enqueue it, under an id BullMQ accepts', async () => {
      const c = await cluster(3, await backend());
      const [first, second] = [await c.node(), await c.node()];
      expect((await first.tick()).created).toBe(3);
      expect((await second.tick()).created).toBe(0);
      await first.tick();

      const jobs = await c.queue.getJobs(['waiting', 'delayed', 'active', 'completed']);
      expect(jobs.map((job) => job.id).sort()).toEqual(
        c.channels.map(({ subscriptionId }) => digestJobId(subscriptionId, c.today)).sort(),
      );
      expect(jobs.map((job) => job.opts.backoff)).toEqual(c.channels.map(() => ({ type: 'digest-ledger' })));
    });

    it('retries a failing post after the ledger backoff, as a delayed BullMQ job', async () => {
      const c = await cluster(1, await backend());
      const target = c.channels[0];
      if (!target) throw new Error('no channel');
      const posts = `/channels/${target.channelId}/messages`;
      // Four 500s: discord.js's own three retries, then the attempt fails.
      c.discord.failNext({ method: 'POST', pathPattern: new RegExp(`^${posts}$`), status: 500, times: 4 });
      await c.startWorker([700, 1400]);

      expect(await until(c.allDone, 20_000)).toBe(true);
      await c.expectEachPostedOnce();
      const requests = c.discord.requests.filter((r) => r.method === 'POST' && r.path === posts);
      const failed = requests.filter((r) => r.status === 500);
      const accepted = requests.find((r) => r.status === 200);
      expect(failed).toHaveLength(4);
      // The second attempt waited the first backoff step after the failure.
      expect((accepted?.at ?? 0) - (failed.at(-1)?.at ?? 0)).toBeGreaterThanOrEqual(700);
      expect(await c.service.ledger.getRun(target.subscriptionId, c.today)).toMatchObject({
        status: 'done',
        attempts: 1,
      });
      const id = digestJobId(target.subscriptionId, c.today);
      // The ledger says done inside the processor; BullMQ counts the attempt only once it has
      // moved the job to completed, a moment later.
      expect(await until(async () => (await c.queue.getJobState(id)) === 'completed', 5_000)).toBe(true);
      // BullMQ counts the attempt that failed and the one that posted.
      expect((await c.queue.getJob(id))?.attemptsMade).toBe(2);
    }, 40_000);
  },
);
