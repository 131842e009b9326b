import type { Migration } from './migration.ts';

/**
 * Each user's reading list (issue 14, item 6): one row per (user, paper), private to the user.
 * `paper` is the paper as it was when saved (JSON), so the list and its BibTeX export work
 * offline and after the paper left the library. Numbered 10: 7–9 are other features of issue 14.
 */
export const readingList: Migration = {
  version: 10,
  name: 'reading-list',
  up: (db) => {
    db.exec(`CREATE TABLE reading_list (
      user_id TEXT NOT NULL,
      paper_id TEXT NOT NULL,
      paper TEXT NOT NULL,
      saved_at TEXT NOT NULL,
      PRIMARY KEY (user_id, paper_id)
    ) STRICT, WITHOUT ROWID`);
    // A list is read newest first.
    db.exec('CREATE INDEX reading_list_user_saved ON reading_list (user_id, saved_at DESC, paper_id)');
  },
};
