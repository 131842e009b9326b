import type { Clock } from '../clock.ts';

/** Gives out turns to call a service; the returned function ends the turn (call it in `finally`). */
export interface RateLimiter {
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Holds every later turn until `untilMs` (clock time), e.g. after a 429 with Retry-After. */
  pauseUntil(untilMs: number): void;
}

/**
 * One turn at a time, turns starting at least `minIntervalMs` apart. arXiv asks for "no more than
 * one request every three seconds, and a single connection at a time" (API terms of use), so the
 * next turn waits for the previous one to end as well.
 */
export function createIntervalLimiter({ clock, minIntervalMs }: { clock: Clock; minIntervalMs: number }): RateLimiter {
  let tail: Promise<void> = Promise.resolve();
  let nextStart = Number.NEGATIVE_INFINITY;
  return {
    acquire(signal) {
      let release: () => void = () => {};
      const ended = new Promise<void>((resolve) => {
        release = resolve;
      });
      const turn = tail.then(async () => {
        signal?.throwIfAborted();
        const wait = nextStart - clock.now();
        if (wait > 0) await clock.sleep(wait, signal);
        nextStart = clock.now() + minIntervalMs;
      });
      // A turn that was aborted before it started frees the queue at once.
      tail = turn.then(
        () => ended,
        () => undefined,
      );
      return turn.then(() => release);
    },
    pauseUntil(untilMs) {
      nextStart = Math.max(nextStart, untilMs);
    },
  };
}

/**
 * At most `limit` turns started in any sliding `windowMs` (Hugging Face: 500 per 5 minutes),
 * concurrent turns allowed.
 */
export function createWindowLimiter({
  clock,
  limit,
  windowMs,
}: {
  clock: Clock;
  limit: number;
  windowMs: number;
}): RateLimiter {
  const starts: number[] = [];
  let pausedUntil = Number.NEGATIVE_INFINITY;
  return {
    async acquire(signal) {
      for (;;) {
        signal?.throwIfAborted();
        const now = clock.now();
        while (starts.length > 0 && (starts[0] ?? 0) <= now - windowMs) starts.shift();
        const waitForPause = pausedUntil - now;
        const waitForWindow = starts.length >= limit ? (starts[0] ?? now) + windowMs - now : 0;
        const wait = Math.max(waitForPause, waitForWindow);
        if (wait <= 0) {
          starts.push(now);
          return () => {};
        }
        await clock.sleep(wait, signal);
      }
    },
    pauseUntil(untilMs) {
      pausedUntil = Math.max(pausedUntil, untilMs);
    },
  };
}
