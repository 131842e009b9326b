import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { type Database, openDatabase } from '../../src/library/database.ts';
import { silentLogger } from '../../src/log.ts';
import { type OpenSharedStateOptions, openSharedState, type SharedState } from '../../src/storage/shared-state.ts';
import { createFakeClock, type FakeClock } from './fake-clock.ts';
import { freshPostgresDatabase, postgresUrl } from './postgres.ts';

export type NodeOptions = Partial<Pick<OpenSharedStateOptions, 'newId' | 'leases' | 'clock'>>;

/** One place where shared state lives, and any number of nodes (processes) opening it. */
export interface StateStorage {
  readonly clock: FakeClock;
  /**
   * A node on this storage: its own connection (SQLite) or pool (PostgreSQL), on the storage's clock
   * unless given one. Closed when the test finishes.
   */
  node(options?: NodeOptions): Promise<SharedState>;
}

/** Makes the storage; returns how a node opens it: the SQLite file it gets and DATABASE_URL, if any. */
type Backend = () => Promise<() => { readonly url: string | undefined; readonly db: Database }>;

/** A SQLite file that nodes open as processes sharing a data directory do. */
const sqlite: Backend = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-state-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'paperboy.sqlite');
  return () => {
    const db = openDatabase(file, { log: silentLogger() });
    onTestFinished(() => db.close());
    return { url: undefined, db };
  };
};

/** A fresh PostgreSQL database; each node also opens the SQLite library file it would have. */
const postgres: Backend = async () => {
  const url = await freshPostgresDatabase();
  return () => {
    const db = openDatabase(':memory:', { log: silentLogger() });
    onTestFinished(() => db.close());
    return { url, db };
  };
};

/**
 * The implementations every store suite runs against (describe.each): SQLite always, PostgreSQL
 * when the run has a server (PAPERBOY_TEST_DATABASE_URL; required under CI).
 */
export const STATE_BACKENDS: ReadonlyArray<readonly [string, (options?: { start?: number }) => Promise<StateStorage>]> =
  [
    ['SQLite', (options) => storage(sqlite, options)],
    ...(postgresUrl ? [['PostgreSQL', (options?: { start?: number }) => storage(postgres, options)] as const] : []),
  ];

async function storage(backend: Backend, { start = Date.UTC(2025, 2, 31, 9) } = {}): Promise<StateStorage> {
  const clock = createFakeClock({ start });
  const open = await backend();
  return {
    clock,
    async node(options = {}) {
      const { url, db } = open();
      const state = await openSharedState({ url, db, clock, log: silentLogger(), ...options });
      onTestFinished(() => state.close());
      return state;
    },
  };
}
