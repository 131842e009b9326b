import type { Pool } from 'pg';
import type { Clock } from '../../clock.ts';
import type { AppState } from '../app-state.ts';

export function createPostgresAppState({ pool, clock }: { pool: Pool; clock: Pick<Clock, 'now'> }): AppState {
  return {
    async get(key) {
      const { rows } = await pool.query<{ value: string }>('SELECT value FROM app_state WHERE key = $1', [key]);
      return rows[0]?.value;
    },
    async set(key, value) {
      await pool.query(
        `INSERT INTO app_state (key, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [key, value, new Date(clock.now()).toISOString()],
      );
    },
  };
}
