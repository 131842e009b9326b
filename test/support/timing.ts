import { setTimeout as sleep } from 'node:timers/promises';

/** Runs `work` and returns its result with how long it took, for tests of bounded waits. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** Checks `check` every 20 ms until it holds or `withinMs` passes; returns whether it holds. */
export async function until(check: () => boolean | Promise<boolean>, withinMs = 2_000): Promise<boolean> {
  const deadline = performance.now() + withinMs;
  while (performance.now() < deadline) {
    if (await check()) return true;
    await sleep(20);
  }
  return check();
}
