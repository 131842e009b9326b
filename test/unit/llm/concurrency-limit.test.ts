import { describe, expect, it } from 'vitest';
import { createConcurrencyLimit } from '../../../src/llm/concurrency-limit.ts';

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('createConcurrencyLimit', () => {
  it('runs at most max tasks at once and queues the rest', async () => {
    const limit = createConcurrencyLimit(2);
    const gates = [deferred(), deferred(), deferred()];
    const runs = gates.map((gate) => limit.run(() => gate.promise));
    await Promise.resolve();

    expect([limit.active, limit.waiting]).toEqual([2, 1]);
    for (const gate of gates) gate.resolve();
    await Promise.all(runs);
    expect([limit.active, limit.waiting]).toEqual([0, 0]);
  });

  it('rejects a queued task whose signal aborts, and frees its place', async () => {
    const limit = createConcurrencyLimit(1);
    const gate = deferred();
    const first = limit.run(() => gate.promise);
    const controller = new AbortController();
    const second = limit.run(async () => 'ran', controller.signal);

    controller.abort(new Error('cancelled'));

    await expect(second).rejects.toThrow('cancelled');
    expect(limit.waiting).toBe(0);
    gate.resolve();
    await first;
  });
});
