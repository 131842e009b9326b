import { describe, expect, it, vi } from 'vitest';
import type { ProcessIdentity } from '../../../src/digest/scheduling/process-identity.ts';
import type { LeaseOptions } from '../../../src/storage/shared-state.ts';
import { createFakeClock, type FakeClock } from '../../support/fake-clock.ts';
import { STATE_BACKENDS } from '../../support/state-backends.ts';

const START = Date.parse('2026-03-02T08:00:00Z');
const LEASE_MS = 60_000;
const KEY = 'sub1|2026-03-02';

const hostA = (pid: number): ProcessIdentity => ({ host: 'host-a', pid, started: '100' });

/** A liveness check that answers `running` and notes whom it was asked about. */
function recordingCheck(running: boolean) {
  const asked: ProcessIdentity[] = [];
  const isRunning = (holder: ProcessIdentity) => {
    asked.push(holder);
    return running;
  };
  return { asked, isRunning };
}

describe.each(STATE_BACKENDS)('digest leases on %s', (_name, makeStorage) => {
  /** Claimants on one storage, each with its own connection, as processes sharing it have. */
  async function shared() {
    const storage = await makeStorage({ start: START });
    const process = async (self: ProcessIdentity, options: Omit<LeaseOptions, 'self'> & { clock?: FakeClock } = {}) => {
      const { clock, ...leases } = options;
      const node = await storage.node({
        ...(clock ? { clock } : {}),
        leases: { leaseMs: LEASE_MS, self, isRunning: () => true, ...leases },
      });
      return node.claims;
    };
    return { clock: storage.clock, process };
  }

  it('gives a run to exactly one of two processes, and to the other once released', async () => {
    const { process } = await shared();
    const [a, b] = [await process(hostA(1)), await process(hostA(2))];
    const lease = await a.claim(KEY);
    expect(await lease?.held()).toBe(true);
    expect(await b.claim(KEY)).toBeUndefined();
    await lease?.release();
    expect(await b.claim(KEY)).toBeDefined();
  });

  it('does not hand the same run out twice within one process', async () => {
    const { process } = await shared();
    const a = await process(hostA(1));
    expect(await a.claim(KEY)).toBeDefined();
    expect(await a.claim(KEY)).toBeUndefined();
  });

  it('keeps different runs apart', async () => {
    const { process } = await shared();
    expect(await (await process(hostA(1))).claim(KEY)).toBeDefined();
    expect(await (await process(hostA(2))).claim('sub2|2026-03-02')).toBeDefined();
  });

  it('renews the lease while the holder works, however long that takes', async () => {
    const { clock, process } = await shared();
    const [a, b] = [await process(hostA(1)), await process(hostA(2))];
    const lease = await a.claim(KEY);
    // A beat at a time: a renewal is a real round trip to the database, which the fake clock does
    // not wait for; the heartbeat sleeps again once its renewal has landed.
    for (let beat = 0; beat < 30; beat++) {
      await clock.advance(LEASE_MS / 3);
      await vi.waitFor(() => expect(clock.pending()).toBe(1));
    }
    expect(await b.claim(KEY)).toBeUndefined();
    expect(await lease?.held()).toBe(true);
  });

  it('stops renewing once released', async () => {
    const { clock, process } = await shared();
    const lease = await (await process(hostA(1))).claim(KEY);
    expect(clock.pending()).toBe(1);
    await lease?.release();
    await clock.advance(LEASE_MS);
    expect(clock.pending()).toBe(0);
  });

  it('lets another process take over a lease that expired, and tells the old holder it lost it', async () => {
    const { clock, process } = await shared();
    // The holder stalls (its clock, and so its heartbeat, stands still) while time goes on for the other.
    const stalled = createFakeClock({ start: START });
    const a = await process(hostA(1), { clock: stalled });
    const b = await process({ host: 'host-b', pid: 1, started: '100' });
    const lease = await a.claim(KEY);
    await clock.advance(LEASE_MS - 1);
    expect(await b.claim(KEY)).toBeUndefined();
    await clock.advance(1);
    expect(await b.claim(KEY)).toBeDefined();
    expect(await lease?.held()).toBe(false);
  });

  it('takes over at once the lease of a process on this host that is gone', async () => {
    const { process } = await shared();
    const dead = hostA(1);
    const a = await process(dead);
    const b = await process(hostA(2), { isRunning: (holder) => holder.pid !== dead.pid });
    const lease = await a.claim(KEY);
    expect(await b.claim(KEY)).toBeDefined();
    expect(await lease?.held()).toBe(false);
  });

  it('waits for the lease of a live process on this host', async () => {
    const { process } = await shared();
    const b = await process(hostA(2), { isRunning: (holder) => holder.pid === 1 });
    await (await process(hostA(1))).claim(KEY);
    expect(await b.claim(KEY)).toBeUndefined();
  });

  it('waits for the lease of a process on another host, which it cannot check', async () => {
    const { process } = await shared();
    const { asked, isRunning } = recordingCheck(false);
    const b = await process(hostA(2), { isRunning });
    await (await process({ host: 'host-b', pid: 1, started: '100' })).claim(KEY);
    expect(await b.claim(KEY)).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('names the holder to the liveness check by host, pid and start', async () => {
    const { process } = await shared();
    const { asked, isRunning } = recordingCheck(true);
    const b = await process(hostA(2), { isRunning });
    await (await process({ host: 'host-a', pid: 4242, started: '987' })).claim(KEY);
    await b.claim(KEY);
    expect(asked).toEqual([{ host: 'host-a', pid: 4242, started: '987' }]);
  });
});
