import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/lib/random.ts';
import { buildFtsQuery, buildPrefixQuery, MAX_QUERY_TERMS, queryTerms } from '../../../src/library/fts-query.ts';

function ftsTable(): DatabaseSync {
  const db = new DatabaseSync(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(title, abstract, tokenize='porter unicode61 remove_diacritics 2')`);
  db.exec(`CREATE VIRTUAL TABLE p USING fts5(title, tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')`);
  db.prepare('INSERT INTO t VALUES (?, ?)').run('Speculative decoding', 'Draft models speed up large language models.');
  db.prepare('INSERT INTO p VALUES (?)').run('Speculative decoding');
  return db;
}

// Characters that mean something to FTS5's query syntax, plus scripts and emoji.
const ALPHABET = [
  ...'"\'*:^-+(){}[],.;!?\\/|&$#@%~` \t\n',
  'NEAR',
  'AND',
  'OR',
  'NOT',
  'near/3',
  'title:',
  'é',
  'e\u0301',
  'ß',
  'İ',
  'ﬁ',
  '日本語',
  'Ελληνικά',
  'العربية',
  '🧬',
  '👩‍🔬',
  '\u0000',
  '\u200b',
  '\ufffd',
  '\ud800',
  'protein',
  'decoding',
  '2401.12345',
];

function randomText(random: () => number): string {
  const length = Math.floor(random() * 30);
  let text = '';
  for (let i = 0; i < length; i++) {
    if (random() < 0.3) text += String.fromCodePoint(Math.floor(random() * 0x2ffff));
    else text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  }
  return text;
}

describe('buildFtsQuery', () => {
  it('ORs quoted terms and drops stopwords', () => {
    expect(buildFtsQuery('The effect of aspirin on the heart')?.match).toBe('"effect" OR "aspirin" OR "heart"');
  });

  it('turns FTS5 operators and syntax into plain words', () => {
    expect(buildFtsQuery('title:foo NEAR(bar* -baz) AND "qux" ^x')?.match).toBe(
      '"title" OR "foo" OR "near" OR "bar" OR "baz" OR "qux" OR "x"',
    );
  });

  it('returns undefined when nothing is searchable', () => {
    expect(buildFtsQuery('   "*" ( ) : ^ 🧬 the of')).toBeUndefined();
  });

  it('caps the number of terms for a 10 kB paste', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
    expect(queryTerms(text)).toHaveLength(MAX_QUERY_TERMS);
  });

  it('never makes SQLite raise for random input (5,000 fuzzed strings)', () => {
    const db = ftsTable();
    const search = db.prepare('SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, 3.0, 1.0) LIMIT 10');
    const prefix = db.prepare('SELECT rowid FROM p WHERE p MATCH ? LIMIT 10');
    const random = seededRandom(42);
    let checked = 0;
    for (let i = 0; i < 5000; i++) {
      const text = randomText(random);
      const query = buildFtsQuery(text);
      if (query) {
        expect(() => search.all(query.match), text).not.toThrow();
        checked++;
      }
      const prefixQuery = buildPrefixQuery(text);
      if (prefixQuery) expect(() => prefix.all(prefixQuery), text).not.toThrow();
    }
    expect(checked).toBeGreaterThan(3000);
  });

  it('runs a 10 kB query of symbols and words through MATCH', () => {
    const db = ftsTable();
    const text = '"NEAR( a* : b^ ) 🧬 decoding '.repeat(400);
    const query = buildFtsQuery(text);
    expect(db.prepare('SELECT rowid FROM t WHERE t MATCH ?').all(query?.match ?? '')).toEqual([{ rowid: 1 }]);
  });
});

describe('buildPrefixQuery', () => {
  it('ANDs whole words and matches the last one as a prefix', () => {
    expect(buildPrefixQuery('speculative dec')).toBe('"speculative" AND "dec"*');
  });

  it('matches the last word whole once the user typed a space after it', () => {
    expect(buildPrefixQuery('speculative ')).toBe('"speculative"');
  });
});
