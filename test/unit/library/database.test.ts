import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../../src/library/database.ts';
import type { Migration } from '../../../src/library/migrations/index.ts';
import { silentLogger } from '../../../src/log.ts';

const log = silentLogger();
const tempFile = () => join(mkdtempSync(join(tmpdir(), 'paperboy-db-')), 'paperboy.sqlite');

const createNotes: Migration = {
  version: 1,
  name: 'notes',
  up: (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)'),
};
const addAuthor: Migration = {
  version: 2,
  name: 'notes-author',
  up: (db) => db.exec("ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT ''"),
};
const broken: Migration = {
  version: 3,
  name: 'broken',
  up: (db) => {
    db.exec('CREATE TABLE half_done (id INTEGER)');
    db.exec('THIS IS NOT SQL');
  },
};

describe('openDatabase', () => {
  it('opens in WAL mode with a busy timeout and owner-only permissions', () => {
    const file = tempFile();
    const db = openDatabase(file, { log });
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.prepare('PRAGMA busy_timeout').get()).toEqual({ timeout: 5000 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    db.close();
  });

  it('applies the built-in migrations on first open', () => {
    const db = openDatabase(tempFile(), { log });
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'app_state'").get()).toEqual({ name: 'app_state' });
    db.close();
  });
});

describe('migrate', () => {
  it('applies pending migrations in order and records the version', () => {
    const db = openDatabase(tempFile(), { log, migrations: [createNotes] });
    expect(migrate(db, [createNotes, addAuthor], log)).toBe(1);
    expect(schemaVersion(db)).toBe(2);
    db.prepare('INSERT INTO notes (body, author) VALUES (?, ?)').run('hi', 'ada');
    db.close();
  });

  it('is idempotent: a second run applies nothing', () => {
    const file = tempFile();
    openDatabase(file, { log, migrations: [createNotes, addAuthor] }).close();
    const db = openDatabase(file, { log, migrations: [createNotes, addAuthor] });
    expect(migrate(db, [createNotes, addAuthor], log)).toBe(0);
    db.close();
  });

  it('rolls a failing upgrade back completely: all pending migrations land together or none does', () => {
    const db = openDatabase(tempFile(), { log, migrations: [createNotes] });
    expect(() => migrate(db, [createNotes, addAuthor, broken], log)).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM pragma_table_info('notes') WHERE name = 'author'").get()).toEqual({
      n: 0,
    });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a database written by a newer schema', () => {
    const file = tempFile();
    openDatabase(file, { log, migrations: [createNotes, addAuthor] }).close();
    expect(() => openDatabase(file, { log, migrations: [createNotes] })).toThrow(/newer than this Paperboy knows/);
  });
});
