import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool, PoolClient } from 'pg';

// SQLSTATE 40001 serialization_failure, 40P01 deadlock_detected: PostgreSQL aborted one of two
// racing transactions and expects it to be run again.
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 10;
// Losers wait a random, growing while before running again: retried at once, the same racers
// (16 digests posting at the same moment) collide again and can use up every attempt together.
const BACKOFF_BASE_MS = 2;
const BACKOFF_MAX_MS = 250;

/**
 * Runs `work` in one transaction on a client of its own: everything it writes lands, or nothing
 * does. SERIALIZABLE, so two nodes racing on the same rows behave as if one ran after the other;
 * the loser of a conflict is run again from the start (up to ATTEMPTS times, after a jittered
 * backoff), which is why `work` must do nothing but queries on `client`. A failure rolls back and rethrows the error `work` threw.
 */
export async function transaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A ROLLBACK on a dead connection fails too; that client must not go back to the pool.
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      if (attempt >= ATTEMPTS || broken || !RETRYABLE.has(sqlState(error))) throw error;
    } finally {
      client.release(broken);
    }
    await sleep(Math.random() * Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt));
  }
}

function sqlState(error: unknown): string {
  return error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : '';
}
