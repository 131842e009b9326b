import type { Clock } from '../../src/clock.ts';

export interface FakeClock extends Clock {
  /** Every sleep asked for, in order (ms). */
  readonly sleeps: number[];
  /** Moves time forward, waking sleepers whose time has come, in order. */
  advance(ms: number): Promise<void>;
  /** Sleepers not yet woken. */
  pending(): number;
}

interface Sleeper {
  readonly at: number;
  readonly resolve: () => void;
}

/**
 * A clock for tests. With `auto: true` every sleep returns at once after moving time forward by its
 * duration (sequential code never waits); otherwise sleepers wake only on `advance`.
 */
export function createFakeClock({ start = Date.UTC(2024, 8, 18, 12), auto = false } = {}): FakeClock {
  let now = start;
  const sleepers: Sleeper[] = [];
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep(ms, signal) {
      sleeps.push(ms);
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (auto) {
        now += Math.max(0, ms);
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const sleeper = { at: now + Math.max(0, ms), resolve };
        sleepers.push(sleeper);
        signal?.addEventListener(
          'abort',
          () => {
            sleepers.splice(sleepers.indexOf(sleeper), 1);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    },
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers[0];
        if (!next || next.at > target) break;
        sleepers.shift();
        now = next.at;
        next.resolve();
        // Let the woken code run (and maybe sleep again) before looking at the queue.
        for (let i = 0; i < 20; i++) await Promise.resolve();
      }
      now = target;
    },
    pending: () => sleepers.length,
  };
}
