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

/** Where leases live: one row per run key, written atomically. */
export interface ClaimTable {
  /**
   * In one transaction: reads the key's lease and, when there is none or `canTake(current)`,
   * writes `claim` over it. `from` is the lease that was replaced, if any.
   */
  take(
    key: string,
    claim: ClaimRow,
    canTake: (current: ClaimRow) => boolean,
  ): Promise<{ readonly taken: boolean; readonly from?: ClaimRow }>;
  /** Moves the lease's expiry when `owner` still holds it; false when it does not. */
  extend(key: string, owner: string, expiresAt: number): Promise<boolean>;
  /** Drops the lease if `owner` holds it. */
  remove(key: string, owner: string): Promise<void>;
}

export interface ClaimRow {
  readonly owner: string;
  readonly host: string;
  readonly pid: number;
  readonly started: string;
  readonly expires_at: number;
}

export interface LeaseClaimsOptions {
  readonly table: ClaimTable;
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

export type DatabaseClaimsOptions = Omit<LeaseClaimsOptions, 'table'> & { readonly db: Database };

/** Leases in the shared SQLite file (see createLeaseClaims). */
export function createDatabaseClaims({ db, ...options }: DatabaseClaimsOptions): RunClaims {
  return createLeaseClaims({ ...options, table: sqliteClaimTable(db) });
}

/**
 * Run claims as leases in a shared table: a claim is one transaction that takes a free or expired
 * lease, or one whose holder is a process on this host that is gone, so of several processes on
 * one database exactly one executes a run. The holder renews its lease every third of `leaseMs`
 * of the injected clock until it releases it, and `held()` renews it too, so a holder checks
 * right before each post that nobody took over. Within the process, a key already held is not
 * handed out twice.
 */
export function createLeaseClaims({
  table,
  clock,
  log: parentLog,
  leaseMs = DEFAULT_LEASE_MS,
  self = currentProcess(),
  isRunning: running = isRunning,
  token = randomBytes(6).toString('base64url'),
}: LeaseClaimsOptions): RunClaims {
  const log = parentLog.child({ module: 'digest-claims' });
  const owner = `${self.pid}@${self.host}/${token}`;
  const held = new Set<string>();

  // Only a holder on this host can be checked; one elsewhere keeps its lease until it expires.
  const gone = (row: ClaimRow): boolean =>
    row.host === self.host && !running({ host: row.host, pid: row.pid, started: row.started });

  return {
    async claim(key) {
      if (held.has(key)) return undefined;
      const now = clock.now();
      const claim: ClaimRow = {
        owner,
        host: self.host,
        pid: self.pid,
        started: self.started,
        expires_at: now + leaseMs,
      };
      const { taken, from } = await table.take(
        key,
        claim,
        (row) => row.owner === owner || row.expires_at <= now || gone(row),
      );
      if (!taken) return undefined;
      // A lease replaced before it expired belonged to a process that is gone.
      if (from && from.owner !== owner && from.expires_at > now)
        log.warn({ key, holder: from.owner }, 'digest lease taken over from a process that is gone');
      held.add(key);
      let state: 'held' | 'lost' | 'released' = 'held';
      const renew = async (): Promise<boolean> => {
        if (state !== 'held') return false;
        if (await table.extend(key, owner, clock.now() + leaseMs)) return true;
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
          await table.remove(key, owner);
        },
      };
      return lease;
    },
  };
}

function sqliteClaimTable(db: Database): ClaimTable {
  const read = db.prepare('SELECT owner, host, pid, started, expires_at FROM digest_claims WHERE key = ?');
  const upsert = db.prepare(
    `INSERT INTO digest_claims (key, owner, host, pid, started, expires_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, host = excluded.host, pid = excluded.pid,
       started = excluded.started, expires_at = excluded.expires_at`,
  );
  const extend = db.prepare('UPDATE digest_claims SET expires_at = ? WHERE key = ? AND owner = ?');
  const remove = db.prepare('DELETE FROM digest_claims WHERE key = ? AND owner = ?');
  return {
    async take(key, claim, canTake) {
      return transaction(db, () => {
        const row = read.get(key) as ClaimRow | undefined;
        if (row && !canTake(row)) return { taken: false };
        upsert.run(key, claim.owner, claim.host, claim.pid, claim.started, claim.expires_at);
        return row ? { taken: true, from: row } : { taken: true };
      });
    },
    extend: async (key, owner, expiresAt) => Number(extend.run(expiresAt, key, owner).changes) === 1,
    async remove(key, owner) {
      remove.run(key, owner);
    },
  };
}
