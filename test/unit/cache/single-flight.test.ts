import { describe, expect, it } from 'vitest';
import { createSingleFlight } from '../../../src/cache/single-flight.ts';

describe('createSingleFlight', () => {
  it('runs concurrent calls with the same key once', async () => {
    const flight = createSingleFlight();
    let calls = 0;
    let release: (value: string) => void = () => {};
    const gate = new Promise<string>((resolve) => {
      release = resolve;
    });
    const results = Array.from({ length: 10 }, () =>
      flight.run('k', () => {
        calls++;
        return gate;
      }),
    );
    expect(flight.inFlight).toBe(1);
    release('done');
    expect(await Promise.all(results)).toEqual(Array(10).fill('done'));
    expect(calls).toBe(1);
  });

  it('shares a failure with every waiter, then frees the key', async () => {
    const flight = createSingleFlight();
    const failing = () => Promise.reject(new Error('upstream down'));
    const outcomes = await Promise.allSettled([flight.run('k', failing), flight.run('k', failing)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(flight.inFlight).toBe(0);
    expect(await flight.run('k', async () => 'retried')).toBe('retried');
  });

  it('keeps different keys apart', async () => {
    const flight = createSingleFlight();
    let calls = 0;
    await Promise.all(['a', 'b', 'c'].map((key) => flight.run(key, async () => ++calls)));
    expect(calls).toBe(3);
  });
});
