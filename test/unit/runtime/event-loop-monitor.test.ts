import { describe, expect, it, onTestFinished } from 'vitest';
import { createEventLoopMonitor } from '../../../src/runtime/event-loop-monitor.ts';
import { recordingLogger } from '../commands/command-context.ts';

function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Busy on purpose: this is the synchronous work the monitor must notice.
  }
}

describe('createEventLoopMonitor', () => {
  it('sees a block of the event loop, and warns about it in its report', async () => {
    const { log, records } = recordingLogger();
    const monitor = createEventLoopMonitor({ log, reportMs: 1000 });
    onTestFinished(() => monitor.stop());
    await new Promise((resolve) => setTimeout(resolve, 50));
    blockFor(300);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(monitor.snapshot().maxMs).toBeGreaterThanOrEqual(250);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(records.find((r) => r.msg === 'event loop blocked')).toMatchObject({ level: 40 });
  });
});
