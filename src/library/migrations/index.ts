import type { DatabaseSync } from 'node:sqlite';
import { appState } from './001-app-state.ts';
import { papers } from './002-papers.ts';
import { digest } from './003-digest.ts';
import { digestClaims } from './004-digest-claims.ts';

export interface Migration {
  /** 1, 2, 3…; stored in PRAGMA user_version once applied. Never renumber a released one. */
  readonly version: number;
  readonly name: string;
  readonly up: (db: DatabaseSync) => void;
}

/** Every schema change, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [appState, papers, digest, digestClaims];
