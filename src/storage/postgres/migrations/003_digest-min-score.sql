-- Up Migration
-- The digest's threshold on the 0–1 score (issue 14, item 4), as SQLite migration 008 adds it.
ALTER TABLE subscriptions
  ADD COLUMN min_score double precision NOT NULL DEFAULT 0 CHECK (min_score BETWEEN 0 AND 1);

-- Down Migration
ALTER TABLE subscriptions DROP COLUMN min_score;
