import { writeSync } from 'node:fs';

// Loaded with `node --import` into a measured child: at exit it writes the process's peak RSS
// (KiB, as resourceUsage reports it) to file descriptor 3, which the benchmark reads.
process.on('exit', () => {
  try {
    writeSync(3, `${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })}\n`);
  } catch {
    // fd 3 is not open: run without the benchmark, nothing to report to.
  }
});
