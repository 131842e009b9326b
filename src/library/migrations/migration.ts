import type { DatabaseSync } from 'node:sqlite';

/** One versioned schema change; src/library/migrations/index.ts lists them in order. */
export interface Migration {
  /** 1, 2, 3…; stored in PRAGMA user_version once applied. Never renumber a released one. */
  readonly version: number;
  readonly name: string;
  readonly up: (db: DatabaseSync) => void;
}
