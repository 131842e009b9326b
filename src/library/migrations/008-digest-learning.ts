import type { Migration } from './migration.ts';

/**
 * What each subscription's ranker learned from its votes (issue 14, item 2), beside the ledger.
 *
 * `learning_examples` holds one row per paper the channel voted on: its net vote (the sum of every
 * user's current vote, so a changed or withdrawn vote is an update, never a second row) and the
 * paper's feature vector, so the model retrains without the paper being fetched again.
 * `learning_background` holds a bounded sample of candidates the channel was offered: the "random
 * unvoted papers" the model takes as soft negatives. `learning_models` holds the trained weights
 * (derived: rebuilt from the two tables after a reset or a lost row) and a version that other
 * processes compare to know their cached copy is stale.
 * `subscriptions.min_score` is the digest's threshold on the 0–1 score (0: none).
 */
export const digestLearning: Migration = {
  version: 8,
  name: 'digest-learning',
  up: (db) => {
    db.exec(`CREATE TABLE learning_examples (
      subscription_id TEXT NOT NULL,
      paper_id TEXT NOT NULL,
      title TEXT NOT NULL,
      features TEXT NOT NULL,
      net_vote INTEGER NOT NULL,
      voted_at INTEGER NOT NULL,
      PRIMARY KEY (subscription_id, paper_id)
    ) STRICT, WITHOUT ROWID`);
    db.exec(`CREATE TABLE learning_background (
      subscription_id TEXT NOT NULL,
      slot INTEGER NOT NULL,
      paper_id TEXT NOT NULL,
      features TEXT NOT NULL,
      seen_at INTEGER NOT NULL,
      PRIMARY KEY (subscription_id, slot)
    ) STRICT, WITHOUT ROWID`);
    db.exec(`CREATE TABLE learning_models (
      subscription_id TEXT PRIMARY KEY NOT NULL,
      version INTEGER NOT NULL,
      background_seen INTEGER NOT NULL DEFAULT 0,
      model TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT`);
    db.exec('ALTER TABLE subscriptions ADD COLUMN min_score REAL NOT NULL DEFAULT 0 CHECK (min_score BETWEEN 0 AND 1)');
  },
};
