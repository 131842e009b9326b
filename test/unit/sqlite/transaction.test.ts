import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, onTestFinished } from 'vitest';
import { transaction } from '../../../src/sqlite/transaction.ts';

function notesDb(): DatabaseSync {
  const db = new DatabaseSync(join(mkdtempSync(join(tmpdir(), 'paperboy-tx-')), 'notes.sqlite'));
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  onTestFinished(() => db.close());
  return db;
}

describe('transaction', () => {
  it('commits all writes or none', () => {
    const db = notesDb();
    expect(() =>
      transaction(db, () => {
        db.prepare('INSERT INTO notes (body) VALUES (?)').run('one');
        throw new Error('crash mid-write');
      }),
    ).toThrow('crash mid-write');
    expect(db.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 0 });
  });

  it('nests as a savepoint: an inner failure keeps the outer writes', () => {
    const db = notesDb();
    transaction(db, () => {
      db.prepare('INSERT INTO notes (body) VALUES (?)').run('outer');
      expect(() =>
        transaction(db, () => {
          db.prepare('INSERT INTO notes (body) VALUES (?)').run('inner');
          throw new Error('inner fails');
        }),
      ).toThrow('inner fails');
    });
    expect(db.prepare('SELECT body FROM notes').all()).toEqual([{ body: 'outer' }]);
  });

  it('joins a transaction its caller opened, so the caller decides whether it lands', () => {
    const db = notesDb();
    db.exec('BEGIN');
    expect(transaction(db, () => db.prepare('INSERT INTO notes (body) VALUES (?)').run('joined').changes)).toBe(1);
    expect(db.isTransaction).toBe(true);
    db.exec('ROLLBACK');
    expect(db.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 0 });
  });

  it('rethrows the original error when the transaction already ended', () => {
    const db = notesDb();
    expect(() =>
      transaction(db, () => {
        db.prepare('INSERT INTO notes (body) VALUES (?)').run('one');
        db.exec('ROLLBACK');
        throw new Error('the real failure');
      }),
    ).toThrow('the real failure');
    expect(db.isTransaction).toBe(false);
  });
});
