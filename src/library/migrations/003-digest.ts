import type { Migration } from './migration.ts';

/**
 * Digest subscriptions and the posting ledger.
 *
 * `digest_runs` has one row per (subscription, local date): inserting it is how a run is claimed,
 * so a day can never be planned twice. `digest_posts` has one row per message Discord accepted,
 * written right after the send, so a restart resumes at the next `seq` (no duplicates, no gaps).
 * Posts keep `channel_id` (and no foreign key) so that "already posted in this channel" survives
 * an unsubscribe and a later subscribe. `digest_posted_papers` answers that question by index.
 */
export const digest: Migration = {
  version: 3,
  name: 'digest',
  up: (db) => {
    db.exec(`CREATE TABLE subscriptions (
      id TEXT PRIMARY KEY NOT NULL,
      guild_id TEXT NOT NULL,
      channel_id TEXT NOT NULL,
      topics TEXT NOT NULL,
      exclude TEXT NOT NULL DEFAULT '[]',
      time TEXT NOT NULL,
      timezone TEXT NOT NULL,
      days TEXT NOT NULL CHECK (days IN ('weekdays', 'daily')),
      source TEXT NOT NULL CHECK (source IN ('huggingface', 'arxiv', 'both')),
      categories TEXT NOT NULL DEFAULT '[]',
      min_upvotes INTEGER NOT NULL DEFAULT 0,
      max_papers INTEGER NOT NULL CHECK (max_papers BETWEEN 1 AND 10),
      style TEXT NOT NULL CHECK (style IN ('compact', 'cards', 'threads')),
      paused_reason TEXT,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (guild_id, channel_id)
    ) STRICT`);
    db.exec('CREATE INDEX subscriptions_channel ON subscriptions (channel_id)');
    db.exec(`CREATE TABLE digest_runs (
      subscription_id TEXT NOT NULL,
      local_date TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'posting', 'done', 'skipped', 'failed')),
      scheduled_at TEXT NOT NULL,
      planned TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT NOT NULL,
      error TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (subscription_id, local_date)
    ) STRICT`);
    db.exec("CREATE INDEX digest_runs_open ON digest_runs (next_attempt_at) WHERE status IN ('pending', 'posting')");
    db.exec(`CREATE TABLE digest_posts (
      subscription_id TEXT NOT NULL,
      local_date TEXT NOT NULL,
      seq INTEGER NOT NULL,
      channel_id TEXT NOT NULL,
      paper_id TEXT,
      message_id TEXT NOT NULL,
      posted_at TEXT NOT NULL,
      PRIMARY KEY (subscription_id, local_date, seq)
    ) STRICT`);
    // One row per paper shown in a channel (a compact list carries several papers in one message),
    // written in the same transaction as the message's digest_posts row.
    db.exec(`CREATE TABLE digest_posted_papers (
      channel_id TEXT NOT NULL,
      paper_id TEXT NOT NULL,
      local_date TEXT NOT NULL,
      subscription_id TEXT NOT NULL,
      PRIMARY KEY (channel_id, paper_id, local_date)
    ) STRICT, WITHOUT ROWID`);
  },
};
