import type { Migration } from './migration.ts';

/**
 * What a digest needs to post exactly once through crashes (issue 11).
 *
 * `digest_runs.sending_seq` / `sending_at` name the message a run is about to send, written just
 * before the send and cleared with the message's `digest_posts` row: after a crash between the two,
 * the next attempt looks for that message in the channel instead of sending it again.
 * `digest_claims.host` / `pid` / `started` say which process holds a lease, so that a lease left by a
 * process that is gone (same host, pid not alive, or alive but started later: a reused pid) is taken
 * over at once instead of after it expires.
 */
export const digestDelivery: Migration = {
  version: 5,
  name: 'digest-delivery',
  up: (db) => {
    db.exec('ALTER TABLE digest_runs ADD COLUMN sending_seq INTEGER');
    db.exec('ALTER TABLE digest_runs ADD COLUMN sending_at TEXT');
    db.exec("ALTER TABLE digest_claims ADD COLUMN host TEXT NOT NULL DEFAULT ''");
    db.exec('ALTER TABLE digest_claims ADD COLUMN pid INTEGER NOT NULL DEFAULT 0');
    db.exec("ALTER TABLE digest_claims ADD COLUMN started TEXT NOT NULL DEFAULT ''");
  },
};
