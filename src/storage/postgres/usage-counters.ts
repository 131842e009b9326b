import type { Pool } from 'pg';
import type { Clock } from '../../clock.ts';
import { countable, countsFrom, type UsageCounters } from '../../llm/usage-counters.ts';

/** The usage counters in PostgreSQL's app_state, summed over every node. */
export function createPostgresUsageCounters({ pool, clock }: { pool: Pool; clock: Pick<Clock, 'now'> }): UsageCounters {
  return {
    async add(increments) {
      const entries = countable(increments);
      if (entries.length === 0) return;
      // One statement for all counters: the increment happens in the row, so nodes never lose one.
      await pool.query(
        `INSERT INTO app_state (key, value, updated_at)
         SELECT key, amount::text, $3 FROM unnest($1::text[], $2::bigint[]) AS t(key, amount)
         ON CONFLICT (key) DO UPDATE SET value = (app_state.value::bigint + excluded.value::bigint)::text,
           updated_at = excluded.updated_at`,
        [entries.map(([key]) => key), entries.map(([, amount]) => amount), new Date(clock.now()).toISOString()],
      );
    },
    read: async () =>
      countsFrom(
        (await pool.query<{ key: string; value: string }>(`SELECT key, value FROM app_state WHERE key LIKE 'llm.%'`))
          .rows,
      ),
  };
}
