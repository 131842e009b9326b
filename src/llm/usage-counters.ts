import type { Clock } from '../clock.ts';
import type { Database } from '../library/database.ts';

export const USAGE_COUNTERS = [
  'llm.calls',
  'llm.prompt_tokens',
  'llm.completion_tokens',
  'llm.cache_hits',
  'llm.cache_misses',
  'llm.fallbacks',
] as const;
export type UsageCounter = (typeof USAGE_COUNTERS)[number];

/** LLM spend and cache counters that survive restarts (`paperboy stats`). */
export interface UsageCounters {
  add(increments: Partial<Record<UsageCounter, number>>): Promise<void>;
  read(): Promise<Record<UsageCounter, number>>;
}

/** Counters in the `app_state` table (migration 001), one row per counter, value as decimal text. */
export function createUsageCounters({ db, clock }: { db: Database; clock: Clock }): UsageCounters {
  const upsert = db.prepare(
    `INSERT INTO app_state (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET
       value = CAST(CAST(app_state.value AS INTEGER) + CAST(excluded.value AS INTEGER) AS TEXT),
       updated_at = excluded.updated_at`,
  );
  const select = db.prepare(`SELECT key, value FROM app_state WHERE key LIKE 'llm.%'`);
  return {
    async add(increments) {
      const now = new Date(clock.now()).toISOString();
      for (const [key, amount] of countable(increments)) upsert.run(key, String(amount), now);
    },
    read: async () => countsFrom(select.all() as Array<{ key: string; value: string }>),
  };
}

/** The increments worth writing: finite, non-zero, whole. */
export function countable(increments: Partial<Record<UsageCounter, number>>): Array<[UsageCounter, number]> {
  return (Object.entries(increments) as Array<[UsageCounter, number | undefined]>)
    .filter((entry): entry is [UsageCounter, number] => Boolean(entry[1]) && Number.isFinite(entry[1]))
    .map(([key, amount]) => [key, Math.round(amount)]);
}

/** Every counter, 0 unless a row (key, decimal text) says otherwise. */
export function countsFrom(rows: ReadonlyArray<{ key: string; value: string }>): Record<UsageCounter, number> {
  const counts = Object.fromEntries(USAGE_COUNTERS.map((key) => [key, 0])) as Record<UsageCounter, number>;
  for (const row of rows) {
    if ((USAGE_COUNTERS as readonly string[]).includes(row.key)) counts[row.key as UsageCounter] = Number(row.value);
  }
  return counts;
}

/** Counters that go nowhere, for callers without a database. */
export function noUsageCounters(): UsageCounters {
  return {
    add: async () => {},
    read: async () => Object.fromEntries(USAGE_COUNTERS.map((key) => [key, 0])) as Record<UsageCounter, number>,
  };
}
