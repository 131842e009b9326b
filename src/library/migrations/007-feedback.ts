import type { Migration } from './migration.ts';

/**
 * Feedback on the papers a channel sees (issue 14, item 1).
 *
 * `feedback_votes` holds one 👍 (1) or 👎 (-1) per (scope, user, paper); a withdrawn vote is
 * deleted. `scope` is the channel's subscription id, or `channel:<id>` where a channel has no
 * digest (a /papers page elsewhere), so votes never point at a subscription that does not exist.
 * `channel_id` is kept beside it so `/digest forget` can delete everything said in a channel.
 * `feedback_hidden` is the channel's "Not interested" list: one row per paper key (the canonical
 * id without its arXiv version, and the DOI when known, so every version and source is hidden).
 */
export const feedback: Migration = {
  version: 7,
  name: 'feedback',
  up: (db) => {
    db.exec(`CREATE TABLE feedback_votes (
      scope TEXT NOT NULL,
      channel_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      paper_id TEXT NOT NULL,
      value INTEGER NOT NULL CHECK (value IN (1, -1)),
      voted_at INTEGER NOT NULL,
      PRIMARY KEY (scope, user_id, paper_id)
    ) STRICT, WITHOUT ROWID`);
    // Tallies are per paper, /digest forget per channel.
    db.exec('CREATE INDEX feedback_votes_paper ON feedback_votes (scope, paper_id)');
    db.exec('CREATE INDEX feedback_votes_channel ON feedback_votes (channel_id)');
    db.exec(`CREATE TABLE feedback_hidden (
      channel_id TEXT NOT NULL,
      paper_key TEXT NOT NULL,
      paper_id TEXT NOT NULL,
      hidden_by TEXT NOT NULL,
      hidden_at INTEGER NOT NULL,
      PRIMARY KEY (channel_id, paper_key)
    ) STRICT, WITHOUT ROWID`);
  },
};
