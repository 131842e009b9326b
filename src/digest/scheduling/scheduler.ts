import type { Clock } from '../../clock.ts';
import type { Logger } from '../../log.ts';
import type { DigestLedger, DigestRun } from '../storage/ledger.ts';
import type { SubscriptionStore } from '../storage/subscriptions.ts';
import type { Subscription } from '../types.ts';
import { addDays, createLocalTime, type LocalTime, weekdayOf } from './local-time.ts';
import { inProcessClaims, type RunClaims, type RunLease } from './run-claims.ts';
import type { DigestRunner, RunOutcome } from './run-digest.ts';

const HOUR_MS = 3_600_000;
export const DEFAULT_TICK_MS = 30_000;

export interface TickReport {
  /** Runs created as due (pending) in this tick. */
  readonly created: number;
  /** Occurrences missed by more than the grace period, recorded as skipped. */
  readonly skipped: number;
  readonly outcomes: ReadonlyArray<{
    readonly subscriptionId: string;
    readonly localDate: string;
    readonly outcome: ExecuteOutcome;
  }>;
}

export interface DigestSchedulerDeps {
  readonly subscriptions: SubscriptionStore;
  readonly ledger: DigestLedger;
  readonly runner: DigestRunner;
  readonly clock: Clock;
  readonly log: Logger;
  /** A digest missed (downtime) by less than this is posted late; older ones are skipped. */
  readonly graceHours: number;
  readonly tickMs?: number;
  readonly claims?: RunClaims;
  readonly localTime?: LocalTime;
  /**
   * Hands each tick's due runs to a job queue (src/digest/jobs/) instead of executing them here;
   * the queue's workers call `execute`.
   */
  readonly dispatch?: (runs: readonly DigestRun[]) => Promise<void>;
}

export type ExecuteOutcome = RunOutcome | { kind: 'skipped'; reason: string };

export interface DigestScheduler {
  /** One pass: record due occurrences, then execute every due run. Overlapping calls wait for the running one. */
  tick(): Promise<TickReport>;
  /** Starts the single ticker (every tickMs of the injected clock). */
  start(): void;
  /** Stops the ticker and waits for the current tick to end. */
  stop(): Promise<void>;
  /**
   * Executes one claimed run if it is still due (read again: another process may have moved it
   * on); undefined when it is not. A crash schedules a retry like any other failure.
   */
  execute(run: Pick<DigestRun, 'subscriptionId' | 'localDate'>, lease: RunLease): Promise<ExecuteOutcome | undefined>;
}

/**
 * The digest scheduler: one ticker for all subscriptions. Each tick finds every subscription whose
 * local time has come (time-zone and DST correct through Intl), creates its run in the ledger —
 * the insert is what makes a day's digest exactly-once, across restarts — and executes due runs.
 * It remembers each subscription's next due instant, so a tick over 10k idle subscriptions is a
 * map lookup each.
 */
export function createDigestScheduler(deps: DigestSchedulerDeps): DigestScheduler {
  const { subscriptions, ledger, runner, clock } = deps;
  const log = deps.log.child({ module: 'digest-scheduler' });
  const localTime = deps.localTime ?? createLocalTime();
  const claims = deps.claims ?? inProcessClaims();
  const graceMs = deps.graceHours * HOUR_MS;
  const tickMs = deps.tickMs ?? DEFAULT_TICK_MS;
  // How far back a tick looks for missed occurrences: the grace period plus the day itself.
  const lookbackDays = Math.ceil(deps.graceHours / 24) + 1;
  const nextDue = new Map<string, { readonly updatedAt: string; readonly at: number }>();
  let current: Promise<TickReport> | undefined;
  let ticker: { controller: AbortController; done: Promise<void> } | undefined;

  function occurrence(subscription: Subscription, localDate: string): number | undefined {
    if (subscription.days === 'weekdays') {
      const weekday = weekdayOf(localDate);
      if (weekday === 0 || weekday === 6) return undefined;
    }
    return localTime.toInstant(localDate, subscription.time, subscription.timezone);
  }

  function nextOccurrenceAfter(subscription: Subscription, now: number): number {
    const today = localTime.localDate(now, subscription.timezone);
    for (let offset = 0; offset <= 8; offset++) {
      const at = occurrence(subscription, addDays(today, offset));
      if (at !== undefined && at > now) return at;
    }
    return now + 24 * HOUR_MS;
  }

  async function recordDue(now: number): Promise<{ created: number; skipped: number }> {
    let created = 0;
    let skipped = 0;
    const active = await subscriptions.listActive();
    const seen = new Set<string>();
    for (const subscription of active) {
      seen.add(subscription.id);
      const cached = nextDue.get(subscription.id);
      if (cached && cached.updatedAt === subscription.updatedAt && cached.at > now) continue;
      // Settings count from their last change: subscribing (or changing the time) at 10:00 for
      // 09:00 starts tomorrow instead of posting a "late" digest at once.
      const since = Date.parse(subscription.updatedAt);
      const today = localTime.localDate(now, subscription.timezone);
      for (let back = lookbackDays; back >= 0; back--) {
        const localDate = addDays(today, -back);
        const at = occurrence(subscription, localDate);
        if (at === undefined || at > now || at < since) continue;
        if (await ledger.getRun(subscription.id, localDate)) continue;
        const late = now - at;
        if (late <= graceMs) {
          if (
            await ledger.createRun({ subscriptionId: subscription.id, localDate, scheduledAt: at, status: 'pending' })
          )
            created++;
        } else {
          const reason = `missed by ${(late / HOUR_MS).toFixed(1)} h (grace ${deps.graceHours} h)`;
          if (
            await ledger.createRun({
              subscriptionId: subscription.id,
              localDate,
              scheduledAt: at,
              status: 'skipped',
              error: reason,
            })
          ) {
            skipped++;
            log.warn({ subscriptionId: subscription.id, localDate, reason }, 'digest skipped');
          }
        }
      }
      nextDue.set(subscription.id, { updatedAt: subscription.updatedAt, at: nextOccurrenceAfter(subscription, now) });
    }
    for (const id of nextDue.keys()) if (!seen.has(id)) nextDue.delete(id);
    return { created, skipped };
  }

  async function executeDue(now: number): Promise<TickReport['outcomes']> {
    const outcomes: Array<TickReport['outcomes'][number]> = [];
    for (const run of await ledger.dueRuns(now)) {
      const lease = await claims.claim(`${run.subscriptionId}|${run.localDate}`);
      if (!lease) continue;
      try {
        const outcome = await execute(run, lease, now);
        if (outcome) outcomes.push({ subscriptionId: run.subscriptionId, localDate: run.localDate, outcome });
      } finally {
        await lease.release();
      }
    }
    return outcomes;
  }

  async function execute(
    { subscriptionId, localDate }: Pick<DigestRun, 'subscriptionId' | 'localDate'>,
    lease: RunLease,
    now = clock.now(),
  ): Promise<ExecuteOutcome | undefined> {
    try {
      // Listed before the claim: another process may have posted or rescheduled it meanwhile.
      const current = await ledger.getRun(subscriptionId, localDate);
      if (!current || !isDue(current, now)) return undefined;
      return await executeOne(current, now, lease);
    } catch (error) {
      // One of the three catch sites (STYLE.md): a bug in one digest must not stop the others,
      // and the run is tried again after the backoff like any other failure.
      log.error({ err: error, subscriptionId, localDate }, 'digest run crashed');
      const reason = `internal error: ${error instanceof Error ? error.message : String(error)}`;
      return runner.retryOrFail(subscriptionId, localDate, reason);
    }
  }

  const isDue = (run: DigestRun, now: number): boolean =>
    (run.status === 'pending' || run.status === 'posting') && run.nextAttemptAt <= now;

  async function executeOne(run: DigestRun, now: number, lease: RunLease): Promise<ExecuteOutcome> {
    const subscription = await subscriptions.get(run.subscriptionId);
    if (!subscription || subscription.pausedReason) {
      const reason = subscription ? `paused: ${subscription.pausedReason}` : 'unsubscribed';
      await ledger.finish(run.subscriptionId, run.localDate, 'skipped', reason);
      return { kind: 'skipped', reason };
    }
    // A run recorded as due but never started before a long outage is as stale as a missed one.
    if (run.status === 'pending' && run.attempts === 0 && now - run.scheduledAt > graceMs) {
      const reason = `missed by ${((now - run.scheduledAt) / HOUR_MS).toFixed(1)} h (grace ${deps.graceHours} h)`;
      await ledger.finish(run.subscriptionId, run.localDate, 'skipped', reason);
      log.warn({ subscriptionId: run.subscriptionId, localDate: run.localDate, reason }, 'digest skipped');
      return { kind: 'skipped', reason };
    }
    return runner.execute(subscription, run, lease);
  }

  async function tickOnce(): Promise<TickReport> {
    const now = clock.now();
    const { created, skipped } = await recordDue(now);
    if (!deps.dispatch) return { created, skipped, outcomes: await executeDue(now) };
    await deps.dispatch(await ledger.dueRuns(now));
    return { created, skipped, outcomes: [] };
  }

  const scheduler: DigestScheduler = {
    execute: (run, lease) => execute(run, lease),
    async tick() {
      // Wait for a tick in progress; its failure belongs to (and is reported by) its own caller.
      while (current) await current.catch(() => undefined);
      current = tickOnce();
      try {
        return await current;
      } finally {
        current = undefined;
      }
    },
    start() {
      if (ticker) return;
      const controller = new AbortController();
      const loop = async () => {
        while (!controller.signal.aborted) {
          try {
            await scheduler.tick();
          } catch (error) {
            log.error({ err: error }, 'digest tick failed');
          }
          try {
            await clock.sleep(tickMs, controller.signal);
          } catch (error) {
            if (controller.signal.aborted) return;
            throw error;
          }
        }
      };
      ticker = { controller, done: loop() };
      log.info({ tickMs }, 'digest scheduler started');
    },
    async stop() {
      if (!ticker) return;
      ticker.controller.abort();
      await ticker.done;
      ticker = undefined;
    },
  };
  return scheduler;
}
