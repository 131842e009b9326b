import { hostname } from 'node:os';
import { type Job, Queue, Worker } from 'bullmq';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../log.ts';
import type { DigestScheduler, ExecuteOutcome } from '../scheduling/scheduler.ts';
import type { DigestLedger, DigestRun } from '../storage/ledger.ts';
import { digestJobId } from './job-id.ts';

export const DIGEST_QUEUE = 'paperboy-digests';
// BullMQ's defaults: a worker that stops renewing its job's lock (it died or froze) for this long
// loses the job, and other workers look for such stalled jobs this often.
const DEFAULT_LOCK_MS = 30_000;
const DEFAULT_STALLED_INTERVAL_MS = 30_000;
// The ledger decides when a run gives up (RETRY_DELAYS_MS); this only stops a job that keeps
// failing for a reason outside the ledger, such as a run that is never due.
const MAX_ATTEMPTS = 20;
// A job that dies more often than this without finishing is failed; removeOnFail lets the next
// tick enqueue it again, so it is only a bound on a crash loop between two ticks.
const MAX_STALLED = 3;
const BACKOFF_TYPE = 'digest-ledger';
const DAY_S = 86_400;
// A node enqueues a due run once per attempt, and again after this long in case its job was lost
// (failed past MAX_STALLED, or Redis was flushed): every tick re-adding 10k ids would busy Redis.
const REDISPATCH_MS = 5 * 60_000;

export interface DigestJobsOptions {
  /** redis:// or rediss:// (REDIS_URL). */
  readonly redisUrl: string;
  /** Digests one worker posts at once. */
  readonly concurrency: number;
  /** Key prefix in Redis; BullMQ's "bull" by default. Tests use their own. */
  readonly prefix?: string;
  readonly lockMs?: number;
  readonly stalledIntervalMs?: number;
}

interface DigestJobData {
  readonly subscriptionId: string;
  readonly localDate: string;
}

/** Thrown by a job whose run the ledger put off: BullMQ delays the job until `at`. */
class RetryAt extends Error {
  override readonly name = 'RetryAt';
  readonly at: number;
  constructor(at: number, reason: string) {
    super(reason);
    this.at = at;
  }
}

/**
 * Digest runs as BullMQ jobs. Every node ticks as the in-process scheduler does (the ledger's
 * insert makes each day's run once) and enqueues the due runs under a deterministic job id, so of
 * several nodes enqueueing one run BullMQ keeps one job; any node's worker executes it. The job's
 * lock is the run's lease: renewed while the worker lives, checked (and renewed) before each post,
 * and when a worker dies BullMQ finds the job stalled and hands it to another, which resumes from
 * the ledger. A retry is BullMQ's delay to the attempt the ledger scheduled.
 *
 * `schedulerFor` builds the ticker with the dispatch this returns, and its `execute` runs jobs.
 */
export function createDigestJobs(
  options: DigestJobsOptions,
  deps: {
    readonly ledger: DigestLedger;
    readonly clock: Clock;
    readonly log: Logger;
    readonly schedulerFor: (dispatch: (runs: readonly DigestRun[]) => Promise<void>) => DigestScheduler;
  },
): DigestScheduler {
  const { ledger, clock } = deps;
  const log = deps.log.child({ module: 'digest-jobs' });
  const lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
  const connection = { url: options.redisUrl };
  const prefix = options.prefix ? { prefix: options.prefix } : {};
  const queue = new Queue<DigestJobData>(DIGEST_QUEUE, { connection, ...prefix });
  queue.on('error', (error) => log.warn({ err: error }, 'digest queue: redis error'));

  // What this node enqueued: run key → the attempt (nextAttemptAt) and when.
  const dispatched = new Map<string, { readonly attemptAt: number; readonly at: number }>();
  const scheduler = deps.schedulerFor(async (runs) => {
    const now = clock.now();
    const due = new Set<string>();
    const fresh = runs.filter(({ subscriptionId, localDate, nextAttemptAt }) => {
      const key = digestJobId(subscriptionId, localDate);
      due.add(key);
      const earlier = dispatched.get(key);
      return !earlier || earlier.attemptAt !== nextAttemptAt || now - earlier.at >= REDISPATCH_MS;
    });
    for (const key of dispatched.keys()) if (!due.has(key)) dispatched.delete(key);
    if (fresh.length === 0) return;
    await queue.addBulk(
      fresh.map(({ subscriptionId, localDate }) => ({
        name: 'digest',
        data: { subscriptionId, localDate },
        opts: {
          jobId: digestJobId(subscriptionId, localDate),
          attempts: MAX_ATTEMPTS,
          backoff: { type: BACKOFF_TYPE },
          // Kept a day to show who posted what (processedBy); the ledger is what prevents a repeat.
          removeOnComplete: { age: DAY_S },
          // A failed job must not block its id: a later dispatch enqueues the run again.
          removeOnFail: true,
        },
      })),
    );
    for (const { subscriptionId, localDate, nextAttemptAt } of fresh) {
      dispatched.set(digestJobId(subscriptionId, localDate), { attemptAt: nextAttemptAt, at: now });
    }
  });

  async function processJob(job: Job<DigestJobData>, token: string | undefined): Promise<ExecuteOutcome | 'not due'> {
    const { subscriptionId, localDate } = job.data;
    const lease = {
      // extendLock answers 1 only to the worker that holds the job's lock.
      held: async () => token !== undefined && (await job.extendLock(token, lockMs)) === 1,
      async release() {},
    };
    const outcome = await scheduler.execute({ subscriptionId, localDate }, lease);
    if (outcome?.kind === 'retry') throw new RetryAt(outcome.at, outcome.reason);
    if (outcome === undefined) {
      // Put off by another path (`digest run` failed and scheduled a retry): wait for it.
      const run = await ledger.getRun(subscriptionId, localDate);
      if (run && (run.status === 'pending' || run.status === 'posting')) {
        throw new RetryAt(run.nextAttemptAt, 'not due yet');
      }
      return 'not due';
    }
    return outcome;
  }

  let worker: Worker<DigestJobData> | undefined;

  return {
    tick: () => scheduler.tick(),
    execute: (run, lease) => scheduler.execute(run, lease),
    start() {
      if (worker) return;
      worker = new Worker<DigestJobData>(DIGEST_QUEUE, processJob, {
        // Shown as each job's processedBy: which node is posting a digest.
        name: `${hostname()}/${process.pid}`,
        connection,
        ...prefix,
        concurrency: options.concurrency,
        lockDuration: lockMs,
        stalledInterval: options.stalledIntervalMs ?? DEFAULT_STALLED_INTERVAL_MS,
        maxStalledCount: MAX_STALLED,
        settings: {
          backoffStrategy: (_attempts, _type, error) =>
            error instanceof RetryAt ? Math.max(0, error.at - clock.now()) : lockMs,
        },
      });
      worker.on('error', (error) => log.warn({ err: error }, 'digest worker: redis error'));
      worker.on('stalled', (jobId) => log.warn({ jobId }, 'digest job stalled (its worker stopped); retrying it'));
      worker.on('failed', (job, error) => {
        if (!(error instanceof RetryAt)) log.error({ err: error, jobId: job?.id }, 'digest job failed');
      });
      scheduler.start();
      log.info({ concurrency: options.concurrency }, 'digest worker started');
    },
    async stop() {
      await scheduler.stop();
      // close() waits for the jobs in progress to finish.
      await worker?.close();
      worker = undefined;
      await queue.close();
    },
  };
}
