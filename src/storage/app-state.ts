import type { Clock } from '../clock.ts';
import type { Database } from '../library/database.ts';

/** Small named values the app keeps across restarts (migration 001's `app_state`), e.g. a hash. */
export interface AppState {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key`, replacing what was there. */
  set(key: string, value: string): Promise<void>;
}

export function createSqliteAppState({ db, clock }: { db: Database; clock: Pick<Clock, 'now'> }): AppState {
  const select = db.prepare('SELECT value FROM app_state WHERE key = ?');
  const upsert = db.prepare(
    `INSERT INTO app_state (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  return {
    async get(key) {
      const row = select.get(key) as { value: string } | undefined;
      return row?.value;
    },
    async set(key, value) {
      upsert.run(key, value, new Date(clock.now()).toISOString());
    },
  };
}
