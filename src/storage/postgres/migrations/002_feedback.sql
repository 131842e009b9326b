-- Up Migration
-- Feedback on the papers a channel sees (issue 14): the same tables as SQLite migration 007 (see
-- src/library/migrations/007-feedback.ts), with PostgreSQL's types. `scope` is the channel's
-- subscription id, or `channel:<id>` where it has none; times are epoch milliseconds, as the
-- injected clock counts them.

CREATE TABLE feedback_votes (
  scope text NOT NULL,
  channel_id text NOT NULL,
  user_id text NOT NULL,
  paper_id text NOT NULL,
  value smallint NOT NULL CHECK (value IN (1, -1)),
  voted_at bigint NOT NULL,
  PRIMARY KEY (scope, user_id, paper_id)
);
CREATE INDEX feedback_votes_paper ON feedback_votes (scope, paper_id);
CREATE INDEX feedback_votes_channel ON feedback_votes (channel_id);

CREATE TABLE feedback_hidden (
  channel_id text NOT NULL,
  paper_key text NOT NULL,
  paper_id text NOT NULL,
  hidden_by text NOT NULL,
  hidden_at bigint NOT NULL,
  PRIMARY KEY (channel_id, paper_key)
);

-- Down Migration
DROP TABLE feedback_hidden;
DROP TABLE feedback_votes;
