import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Logger } from '../log.ts';

// DESIGN.md: the event loop only routes; anything over a few milliseconds belongs in a worker.
// A delay past this in a reporting period is worth a warning: an interaction waiting that long
// cannot even be acknowledged (Discord's first response is due within 3 s).
export const EVENT_LOOP_BLOCKED_MS = 250;
const DEFAULT_REPORT_MS = 60_000;

export interface EventLoopDelay {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface EventLoopMonitor {
  /** Delay figures since start (or since the last report). */
  snapshot(): EventLoopDelay;
  stop(): void;
}

/**
 * Measures how late the event loop runs its timers (perf_hooks.monitorEventLoopDelay), and logs
 * the figures every `reportMs`: at info, or at warn when the worst delay passed EVENT_LOOP_BLOCKED_MS.
 */
export function createEventLoopMonitor({
  log,
  reportMs = DEFAULT_REPORT_MS,
}: {
  readonly log: Logger;
  readonly reportMs?: number;
}): EventLoopMonitor {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  const snapshot = (): EventLoopDelay => ({
    p50Ms: ms(histogram.percentile(50)),
    p99Ms: ms(histogram.percentile(99)),
    maxMs: ms(histogram.max),
  });
  const timer = setInterval(() => {
    const delay = snapshot();
    histogram.reset();
    if (delay.maxMs > EVENT_LOOP_BLOCKED_MS) log.warn({ eventLoopDelay: delay }, 'event loop blocked');
    else log.info({ eventLoopDelay: delay }, 'event loop delay');
  }, reportMs);
  timer.unref();
  return {
    snapshot,
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
