import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../library/database.ts';
import type { Logger } from '../../log.ts';
import { transaction } from '../../sqlite/transaction.ts';
import { currentProcess, isRunning, type ProcessIdentity } from './process-identity.ts';
import type { RunClaims, RunLease } from './run-claims.ts';

// How long a lease lasts without renewal. The holder renews it while it works (planning asks the
// LLM once per paper, which can take minutes), so this only bounds how long a holder that hangs
// without dying, or dies on another host, blocks its run.
export const DEFAULT_LEASE_MS = 5 * 60_000;
// Renewing at a third of the lease leaves room for two renewals to fail (a busy database, a
// stalled event loop) before the lease lapses.
const RENEWALS_PER_LEASE = 3;

export interface DatabaseClaimsOptions {
  readonly db: Database;
  readonly clock: Clock;
  readonly log: Logger;
  readonly leaseMs?: number;
  /** This process (host, pid, start); the real one by default. */
  readonly self?: ProcessIdentity;
  /** Whether a process on this host still runs; signal 0 and /proc by default. */
  readonly isRunning?: (holder: ProcessIdentity) => boolean;
  /** Names this claimant in the lease; random by default. */
  readonly token?: string;
}

interface ClaimRow {
  readonly owner: string;
  readonly host: string;
  readonly pid: number;
  readonly started: string;
  readonly expires_at: number;
}

/**
 * Run claims as leases in the shared SQLite file: a claim is one transaction that takes a free or
 * expired lease, or one whose holder is a process on this host that is gone, so of several
 * processes on one data directory exactly one executes a run. The holder renews its lease every
 * third of `leaseMs` of the injected clock until it releases it, and `held()` renews it too, so a
 * holder checks right before each post that nobody took over. Within the process, a key already
 * held is not handed out twice.
 */
export function createDatabaseClaims({
  db,
  clock,
  log: parentLog,
  leaseMs = DEFAULT_LEASE_MS,
  self = currentProcess(),
  isRunning: running = isRunning,
  token = randomBytes(6).toString('base64url'),
}: DatabaseClaimsOptions): RunClaims {
  const log = parentLog.child({ module: 'digest-claims' });
  const owner = `${self.pid}@${self.host}/${token}`;
  const held = new Set<string>();
  const read = db.prepare('SELECT owner, host, pid, started, expires_at FROM digest_claims WHERE key = ?');
  const upsert = db.prepare(
    `INSERT INTO digest_claims (key, owner, host, pid, started, expires_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, host = excluded.host, pid = excluded.pid,
       started = excluded.started, expires_at = excluded.expires_at`,
  );
  const extend = db.prepare('UPDATE digest_claims SET expires_at = ? WHERE key = ? AND owner = ?');
  const remove = db.prepare('DELETE FROM digest_claims WHERE key = ? AND owner = ?');

  // Only a holder on this host can be checked; one elsewhere keeps its lease until it expires.
  const gone = (row: ClaimRow): boolean =>
    row.host === self.host && !running({ host: row.host, pid: row.pid, started: row.started });

  const take = (key: string): { taken: boolean; from?: ClaimRow } =>
    transaction(db, () => {
      const now = clock.now();
      const row = read.get(key) as ClaimRow | undefined;
      const free = !row || row.owner === owner || row.expires_at <= now;
      const abandoned = !free && row !== undefined && gone(row);
      if (!free && !abandoned) return { taken: false };
      upsert.run(key, owner, self.host, self.pid, self.started, now + leaseMs);
      return abandoned ? { taken: true, from: row } : { taken: true };
    });

  return {
    async claim(key) {
      if (held.has(key)) return undefined;
      const { taken, from } = take(key);
      if (!taken) return undefined;
      if (from) log.warn({ key, holder: from.owner }, 'digest lease taken over from a process that is gone');
      held.add(key);
      let state: 'held' | 'lost' | 'released' = 'held';
      const renew = async (): Promise<boolean> => {
        if (state !== 'held') return false;
        if (Number(extend.run(clock.now() + leaseMs, key, owner).changes) === 1) return true;
        state = 'lost';
        log.warn({ key }, 'digest lease lost to another process; this one stops posting');
        return false;
      };
      const heartbeat = new AbortController();
      void (async () => {
        while (state === 'held') {
          await clock.sleep(leaseMs / RENEWALS_PER_LEASE, heartbeat.signal);
          try {
            await renew();
          } catch (error) {
            // A busy database: the next beat tries again; the lease lasts two more.
            log.warn({ err: error, key }, 'digest lease renewal failed');
          }
        }
      })().catch((error: unknown) => {
        // Aborted by release(): the sleep rejects, which is how the heartbeat ends.
        if (!heartbeat.signal.aborted) log.error({ err: error, key }, 'digest lease heartbeat stopped');
      });
      const lease: RunLease = {
        held: renew,
        async release() {
          if (state === 'released') return;
          state = 'released';
          heartbeat.abort();
          held.delete(key);
          remove.run(key, owner);
        },
      };
      return lease;
    },
  };
}
