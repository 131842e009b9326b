import type { Migration } from './migration.ts';

/** Small named values the app keeps across restarts (command definition hash, counters). */
export const appState: Migration = {
  version: 1,
  name: 'app-state',
  up: (db) => {
    db.exec(`CREATE TABLE app_state (
      key TEXT PRIMARY KEY NOT NULL,
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`);
  },
};
