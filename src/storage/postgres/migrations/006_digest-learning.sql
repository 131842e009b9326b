-- Up Migration
-- What each subscription's ranker learned from its votes (issue 14, item 2): the same tables as
-- SQLite migration 008 (see src/library/migrations/008-digest-learning.ts), with PostgreSQL's
-- types, so that every node learns from every vote. Feature vectors and the model are JSON (json,
-- not jsonb: the text comes back as written, key order included, so both backends train alike);
-- times are epoch milliseconds, as the injected clock counts them. `version` counts the writes of
-- a subscription's learned state: a node compares it with its cached copy, and a write is refused
-- when the version moved since the node read it (src/storage/postgres/learning.ts).

CREATE TABLE learning_examples (
  subscription_id text NOT NULL,
  paper_id text NOT NULL,
  title text NOT NULL,
  features json NOT NULL,
  net_vote integer NOT NULL,
  voted_at bigint NOT NULL,
  PRIMARY KEY (subscription_id, paper_id)
);

CREATE TABLE learning_background (
  subscription_id text NOT NULL,
  slot integer NOT NULL CHECK (slot >= 0),
  paper_id text NOT NULL,
  features json NOT NULL,
  seen_at bigint NOT NULL,
  PRIMARY KEY (subscription_id, slot)
);

CREATE TABLE learning_models (
  subscription_id text PRIMARY KEY,
  version integer NOT NULL CHECK (version > 0),
  background_seen integer NOT NULL DEFAULT 0,
  model json NOT NULL,
  updated_at bigint NOT NULL
);

-- Down Migration
DROP TABLE learning_models;
DROP TABLE learning_background;
DROP TABLE learning_examples;
