/**
 * Peak resident memory of one benchmark phase. Timers don't fire during synchronous SQLite work,
 * so the phase calls `sample()` from its loops as well as on a short interval.
 */
export interface RssSampler {
  sample(): void;
  /** Stops the interval and returns the peak in MB. */
  stop(): number;
}

export function startRssSampler(intervalMs = 50): RssSampler {
  let peak = process.memoryUsage.rss();
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
      return peak / 1024 / 1024;
    },
  };
}
