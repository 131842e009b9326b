import type { Migration } from './migration.ts';

/**
 * Which file each imported paper came from, so that `paperboy remove --source file:<name>` can
 * take back a bad import (issue 12: garbage imported as papers could not be removed). `papers`
 * only says `local`, not which file; a paper may come from several files, hence a table.
 * `file` is the absolute path as imported. Deleting a paper deletes its rows (foreign key).
 */
export const paperImports: Migration = {
  version: 6,
  name: 'paper-imports',
  up: (db) => {
    db.exec(`CREATE TABLE paper_imports (
      file TEXT NOT NULL,
      paper_id TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
      imported_at TEXT NOT NULL,
      PRIMARY KEY (file, paper_id)
    ) STRICT, WITHOUT ROWID`);
    // The foreign key's cascade looks rows up by paper.
    db.exec('CREATE INDEX paper_imports_paper ON paper_imports (paper_id)');
  },
};
