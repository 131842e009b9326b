import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createDatabaseClaims, type DatabaseClaimsOptions } from '../../../../src/digest/scheduling/database-claims.ts';
import type { ProcessIdentity } from '../../../../src/digest/scheduling/process-identity.ts';
import { openDatabase } from '../../../../src/library/database.ts';
import { silentLogger } from '../../../../src/log.ts';
import { createFakeClock, type FakeClock } from '../../../support/fake-clock.ts';

const START = Date.parse('2026-03-02T08:00:00Z');
const LEASE_MS = 60_000;
const KEY = 'sub1|2026-03-02';

/** Claimants on one database file, each with its own connection, as processes sharing a data directory have. */
function sharedFile() {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-claims-'));
  const file = join(dir, 'paperboy.sqlite');
  const databases: Array<ReturnType<typeof openDatabase>> = [];
  onTestFinished(() => {
    for (const db of databases) db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const clock = createFakeClock({ start: START });
  const process = (
    self: ProcessIdentity,
    options: Partial<Omit<DatabaseClaimsOptions, 'db' | 'self'>> & { clock?: FakeClock } = {},
  ) => {
    const db = openDatabase(file, { log: silentLogger() });
    databases.push(db);
    return createDatabaseClaims({
      db,
      clock,
      log: silentLogger(),
      leaseMs: LEASE_MS,
      self,
      isRunning: () => true,
      ...options,
    });
  };
  return { clock, process };
}

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

describe('createDatabaseClaims', () => {
  it('gives a run to exactly one of two processes, and to the other once released', async () => {
    const { process } = sharedFile();
    const [a, b] = [process(hostA(1)), process(hostA(2))];
    const lease = await a.claim(KEY);
    expect(await lease?.held()).toBe(true);
    expect(await b.claim(KEY)).toBeUndefined();
    await lease?.release();
    expect(await b.claim(KEY)).toBeDefined();
  });

  it('does not hand the same run out twice within one process', async () => {
    const { process } = sharedFile();
    const a = process(hostA(1));
    expect(await a.claim(KEY)).toBeDefined();
    expect(await a.claim(KEY)).toBeUndefined();
  });

  it('keeps different runs apart', async () => {
    const { process } = sharedFile();
    expect(await process(hostA(1)).claim(KEY)).toBeDefined();
    expect(await process(hostA(2)).claim('sub2|2026-03-02')).toBeDefined();
  });

  it('renews the lease while the holder works, however long that takes', async () => {
    const { clock, process } = sharedFile();
    const [a, b] = [process(hostA(1)), process(hostA(2))];
    const lease = await a.claim(KEY);
    await clock.advance(10 * LEASE_MS);
    expect(await b.claim(KEY)).toBeUndefined();
    expect(await lease?.held()).toBe(true);
  });

  it('stops renewing once released', async () => {
    const { clock, process } = sharedFile();
    const lease = await process(hostA(1)).claim(KEY);
    expect(clock.pending()).toBe(1);
    await lease?.release();
    await clock.advance(LEASE_MS);
    expect(clock.pending()).toBe(0);
  });

  it('lets another process take over a lease that expired, and tells the old holder it lost it', async () => {
    const { clock, process } = sharedFile();
    // The holder stalls (its clock, and so its heartbeat, stands still) while time goes on for the other.
    const stalled = createFakeClock({ start: START });
    const a = process(hostA(1), { clock: stalled });
    const b = process({ host: 'host-b', pid: 1, started: '100' });
    const lease = await a.claim(KEY);
    await clock.advance(LEASE_MS - 1);
    expect(await b.claim(KEY)).toBeUndefined();
    await clock.advance(1);
    expect(await b.claim(KEY)).toBeDefined();
    expect(await lease?.held()).toBe(false);
  });

  it('takes over at once the lease of a process on this host that is gone', async () => {
    const { process } = sharedFile();
    const dead = hostA(1);
    const a = process(dead);
    const b = process(hostA(2), { isRunning: (holder) => holder.pid !== dead.pid });
    const lease = await a.claim(KEY);
    expect(await b.claim(KEY)).toBeDefined();
    expect(await lease?.held()).toBe(false);
  });

  it('waits for the lease of a live process on this host', async () => {
    const { process } = sharedFile();
    const b = process(hostA(2), { isRunning: (holder) => holder.pid === 1 });
    await process(hostA(1)).claim(KEY);
    expect(await b.claim(KEY)).toBeUndefined();
  });

  it('waits for the lease of a process on another host, which it cannot check', async () => {
    const { process } = sharedFile();
    const { asked, isRunning } = recordingCheck(false);
    const b = process(hostA(2), { isRunning });
    await process({ host: 'host-b', pid: 1, started: '100' }).claim(KEY);
    expect(await b.claim(KEY)).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('names the holder to the liveness check by host, pid and start', async () => {
    const { process } = sharedFile();
    const { asked, isRunning } = recordingCheck(true);
    const b = process(hostA(2), { isRunning });
    await process({ host: 'host-a', pid: 4242, started: '987' }).claim(KEY);
    await b.claim(KEY);
    expect(asked).toEqual([{ host: 'host-a', pid: 4242, started: '987' }]);
  });
});
