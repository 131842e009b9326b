-- Up Migration
-- The state every node shares when DATABASE_URL is set: the same tables as SQLite migrations 001,
-- 003, 004 and 005 (see src/library/migrations/), with PostgreSQL's types. Times the app compares
-- are timestamptz; lease expiry is epoch milliseconds, as the injected clock counts them.

CREATE TABLE app_state (
  key text PRIMARY KEY,
  value text NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE subscriptions (
  id text PRIMARY KEY,
  guild_id text NOT NULL,
  channel_id text NOT NULL,
  topics jsonb NOT NULL,
  exclude jsonb NOT NULL DEFAULT '[]',
  time text NOT NULL,
  timezone text NOT NULL,
  days text NOT NULL CHECK (days IN ('weekdays', 'daily')),
  source text NOT NULL CHECK (source IN ('huggingface', 'arxiv', 'both')),
  categories jsonb NOT NULL DEFAULT '[]',
  min_upvotes integer NOT NULL DEFAULT 0,
  max_papers integer NOT NULL CHECK (max_papers BETWEEN 1 AND 10),
  style text NOT NULL CHECK (style IN ('compact', 'cards', 'threads')),
  paused_reason text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (guild_id, channel_id)
);
CREATE INDEX subscriptions_channel ON subscriptions (channel_id);

-- One row per (subscription, local date): inserting it claims the day.
CREATE TABLE digest_runs (
  subscription_id text NOT NULL,
  local_date text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'posting', 'done', 'skipped', 'failed')),
  scheduled_at timestamptz NOT NULL,
  planned jsonb,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  error text,
  sending_seq integer,
  sending_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (subscription_id, local_date)
);
CREATE INDEX digest_runs_open ON digest_runs (next_attempt_at) WHERE status IN ('pending', 'posting');

-- One row per message Discord accepted, written right after the send.
CREATE TABLE digest_posts (
  subscription_id text NOT NULL,
  local_date text NOT NULL,
  seq integer NOT NULL,
  channel_id text NOT NULL,
  paper_id text,
  message_id text NOT NULL,
  posted_at timestamptz NOT NULL,
  PRIMARY KEY (subscription_id, local_date, seq)
);

CREATE TABLE digest_posted_papers (
  channel_id text NOT NULL,
  paper_id text NOT NULL,
  local_date text NOT NULL,
  subscription_id text NOT NULL,
  PRIMARY KEY (channel_id, paper_id, local_date)
);

CREATE TABLE digest_claims (
  key text PRIMARY KEY,
  owner text NOT NULL,
  host text NOT NULL,
  pid integer NOT NULL,
  started text NOT NULL,
  expires_at bigint NOT NULL
);

-- Down Migration
DROP TABLE digest_claims;
DROP TABLE digest_posted_papers;
DROP TABLE digest_posts;
DROP TABLE digest_runs;
DROP TABLE subscriptions;
DROP TABLE app_state;
