import type { Pool } from 'pg';
import type { ClaimRow, ClaimTable } from '../../digest/scheduling/database-claims.ts';
import { transaction } from './transaction.ts';

/**
 * Digest leases in PostgreSQL, for createLeaseClaims: every node claims through the same table.
 * `take` inserts the lease, or locks the existing row (FOR UPDATE) before deciding, so of two nodes
 * claiming one key at once the second waits for the first and then sees its lease.
 */
export function postgresClaimTable(pool: Pool): ClaimTable {
  return {
    take(key, claim, canTake) {
      return transaction(pool, async (client) => {
        const values = [key, claim.owner, claim.host, claim.pid, claim.started, claim.expires_at];
        const inserted = await client.query(
          `INSERT INTO digest_claims (key, owner, host, pid, started, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT DO NOTHING`,
          values,
        );
        if (inserted.rowCount === 1) return { taken: true };
        const { rows } = await client.query<Omit<ClaimRow, 'expires_at'> & { expires_at: string }>(
          'SELECT owner, host, pid, started, expires_at FROM digest_claims WHERE key = $1 FOR UPDATE',
          [key],
        );
        const found = rows[0];
        // bigint arrives as text (pg keeps 64-bit integers exact); epoch ms fit a double.
        const current = found ? { ...found, expires_at: Number(found.expires_at) } : undefined;
        if (current && !canTake(current)) return { taken: false };
        await client.query(
          `INSERT INTO digest_claims (key, owner, host, pid, started, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, host = excluded.host, pid = excluded.pid,
             started = excluded.started, expires_at = excluded.expires_at`,
          values,
        );
        return current ? { taken: true, from: current } : { taken: true };
      });
    },
    async extend(key, owner, expiresAt) {
      const result = await pool.query('UPDATE digest_claims SET expires_at = $1 WHERE key = $2 AND owner = $3', [
        expiresAt,
        key,
        owner,
      ]);
      return result.rowCount === 1;
    },
    async remove(key, owner) {
      await pool.query('DELETE FROM digest_claims WHERE key = $1 AND owner = $2', [key, owner]);
    },
  };
}
