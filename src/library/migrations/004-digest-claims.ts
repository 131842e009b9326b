import type { Migration } from './migration.ts';

/**
 * Leases on digest runs, so that two processes sharing the data directory (say, the old and the
 * new bot overlapping during a deploy) never post the same digest at once.
 */
export const digestClaims: Migration = {
  version: 4,
  name: 'digest-claims',
  up: (db) => {
    db.exec(`CREATE TABLE digest_claims (
      key TEXT PRIMARY KEY NOT NULL,
      owner TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT`);
  },
};
