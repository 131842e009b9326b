import type { Migration } from './migration.ts';

/**
 * The paper library and its full-text indexes.
 *
 * `doc` is an explicit INTEGER PRIMARY KEY because the FTS tables are external-content and point
 * at the row by integer id: an implicit rowid may change on VACUUM, an aliased one never does.
 * `id` (the canonical paper id) is the unique key every caller uses.
 *
 * papers_fts ranks title and abstract as separate (weighted) columns. External content keeps the
 * text once on disk; triggers keep the index in step, and the update trigger fires only when title or abstract really change,
 * so refreshing upvotes or links never touches the index.
 *
 * papers_title_fts is a small title-only index with prefix indexes for 1–3 characters, so that
 * autocomplete on a partial word ("specul") stays fast on a million papers.
 *
 * automerge 8 (FTS5's default is 4) lets more index segments pile up before merging them: a bulk
 * ingest of a million papers runs ~20% faster (bench/scale.ts), and searches barely notice.
 */
export const papers: Migration = {
  version: 2,
  name: 'papers',
  up: (db) => {
    db.exec(`CREATE TABLE papers (
      doc INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      version INTEGER,
      title TEXT NOT NULL,
      abstract TEXT NOT NULL,
      authors TEXT NOT NULL DEFAULT '[]',
      published TEXT NOT NULL,
      updated TEXT,
      categories TEXT NOT NULL DEFAULT '[]',
      links TEXT NOT NULL DEFAULT '{}',
      upvotes INTEGER,
      ai_summary TEXT,
      keywords TEXT NOT NULL DEFAULT '[]',
      sources TEXT NOT NULL DEFAULT '[]',
      listed_on TEXT,
      citation_count INTEGER,
      tldr TEXT,
      comment TEXT,
      journal_ref TEXT,
      doi TEXT,
      first_seen_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`);
    db.exec('CREATE INDEX papers_published ON papers (published)');
    db.exec('CREATE INDEX papers_listed_on ON papers (listed_on) WHERE listed_on IS NOT NULL');
    db.exec(`CREATE VIRTUAL TABLE papers_fts USING fts5(
      title, abstract,
      content='papers', content_rowid='doc',
      tokenize='porter unicode61 remove_diacritics 2'
    )`);
    db.exec(`CREATE VIRTUAL TABLE papers_title_fts USING fts5(
      title,
      content='papers', content_rowid='doc',
      tokenize='unicode61 remove_diacritics 2',
      prefix='1 2 3'
    )`);
    db.exec(`INSERT INTO papers_fts (papers_fts, rank) VALUES ('automerge', 8)`);
    db.exec(`INSERT INTO papers_title_fts (papers_title_fts, rank) VALUES ('automerge', 8)`);
    db.exec(`CREATE TRIGGER papers_ai AFTER INSERT ON papers BEGIN
      INSERT INTO papers_fts (rowid, title, abstract) VALUES (new.doc, new.title, new.abstract);
      INSERT INTO papers_title_fts (rowid, title) VALUES (new.doc, new.title);
    END`);
    db.exec(`CREATE TRIGGER papers_ad AFTER DELETE ON papers BEGIN
      INSERT INTO papers_fts (papers_fts, rowid, title, abstract) VALUES ('delete', old.doc, old.title, old.abstract);
      INSERT INTO papers_title_fts (papers_title_fts, rowid, title) VALUES ('delete', old.doc, old.title);
    END`);
    db.exec(`CREATE TRIGGER papers_au AFTER UPDATE OF title, abstract ON papers
      WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract BEGIN
      INSERT INTO papers_fts (papers_fts, rowid, title, abstract) VALUES ('delete', old.doc, old.title, old.abstract);
      INSERT INTO papers_fts (rowid, title, abstract) VALUES (new.doc, new.title, new.abstract);
      INSERT INTO papers_title_fts (papers_title_fts, rowid, title) VALUES ('delete', old.doc, old.title);
      INSERT INTO papers_title_fts (rowid, title) VALUES (new.doc, new.title);
    END`);
  },
};
