import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../library/database.ts';
import { transaction } from '../../sqlite/transaction.ts';
import type { RunClaims } from './run-claims.ts';

// Posting one digest takes seconds; a process that dies holding a lease blocks the run this long,
// after which another process (or the restarted one) resumes it from the ledger.
export const DEFAULT_LEASE_MS = 5 * 60_000;

export interface DatabaseClaimsOptions {
  readonly db: Database;
  readonly clock: Clock;
  readonly leaseMs?: number;
  /** Who holds the lease; random per process by default. */
  readonly owner?: string;
}

/**
 * Run claims as leases in the shared SQLite file: a claim is one transaction that takes a free or
 * expired lease, so of several processes on one data directory exactly one executes a run. Within
 * the process, a key already held is not handed out twice.
 */
export function createDatabaseClaims({
  db,
  clock,
  leaseMs = DEFAULT_LEASE_MS,
  owner = `${process.pid}-${randomBytes(4).toString('hex')}`,
}: DatabaseClaimsOptions): RunClaims {
  const held = new Set<string>();
  const take = db.prepare(
    `INSERT INTO digest_claims (key, owner, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
     WHERE digest_claims.expires_at <= ?`,
  );
  const holder = db.prepare('SELECT owner FROM digest_claims WHERE key = ?');
  const release = db.prepare('DELETE FROM digest_claims WHERE key = ? AND owner = ?');
  return {
    async claim(key) {
      if (held.has(key)) return undefined;
      const now = clock.now();
      const mine = transaction(db, () => {
        take.run(key, owner, now + leaseMs, now);
        return (holder.get(key) as { owner: string } | undefined)?.owner === owner;
      });
      if (!mine) return undefined;
      held.add(key);
      return () => {
        held.delete(key);
        release.run(key, owner);
      };
    },
  };
}
