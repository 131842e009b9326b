-- Up Migration
-- Each user's reading list, as SQLite migration 010: one row per (user, paper), the paper as it was
-- when saved, so the list and its BibTeX export need no source. Numbered 010 like its SQLite twin.

CREATE TABLE reading_list (
  user_id text NOT NULL,
  paper_id text NOT NULL,
  paper jsonb NOT NULL,
  saved_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, paper_id)
);

-- A list is read newest first.
CREATE INDEX reading_list_user_saved ON reading_list (user_id, saved_at DESC, paper_id);

-- Down Migration
DROP TABLE reading_list;
