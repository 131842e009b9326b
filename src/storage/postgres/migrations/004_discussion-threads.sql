-- Up Migration
-- Which paper each Discuss thread is about: SQLite migration 009 (src/library/migrations/), with
-- PostgreSQL's types. Unique on (message, paper): a list of papers gets one thread from its message
-- and the others in the channel.

CREATE TABLE discussion_threads (
  thread_id text PRIMARY KEY,
  channel_id text NOT NULL,
  message_id text NOT NULL,
  paper_id text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (message_id, paper_id)
);

-- Down Migration
DROP TABLE discussion_threads;
