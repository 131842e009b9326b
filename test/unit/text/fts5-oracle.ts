import { DatabaseSync } from 'node:sqlite';
import { papers } from '../../../src/library/migrations/002-papers.ts';

/**
 * The papers index's tokenize= option (papers_fts), read back from its migration, so these tests
 * compare against exactly the tokenizer the library indexes with and follow any change to it.
 */
export function papersTokenizer(): string {
  const db = new DatabaseSync(':memory:');
  papers.up(db);
  const row = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'papers_fts'`).get();
  db.close();
  const tokenizer = /tokenize\s*=\s*'([^']+)'/.exec(String(row?.sql))?.[1];
  if (!tokenizer) throw new Error('papers_fts has no tokenize option');
  return tokenizer;
}

/** The tokenizer porter wraps: `porter unicode61 remove_diacritics 2` → `unicode61 remove_diacritics 2`. */
export function baseTokenizer(tokenizer: string): string {
  return tokenizer.replace(/^porter\s+/, '');
}

/** Each text's terms as FTS5 indexes them with `tokenizer`, in order (an fts5vocab 'instance' table). */
export function fts5Terms(texts: readonly string[], tokenizer: string): string[][] {
  const db = new DatabaseSync(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(text, tokenize='${tokenizer}')`);
  db.exec(`CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')`);
  const insert = db.prepare('INSERT INTO t (rowid, text) VALUES (?, ?)');
  db.exec('BEGIN');
  for (const [i, text] of texts.entries()) insert.run(i + 1, text);
  db.exec('COMMIT');
  const terms: Array<Array<{ offset: number; term: string }>> = texts.map(() => []);
  for (const row of db.prepare('SELECT doc, offset, term FROM v').all()) {
    terms[Number(row.doc) - 1]?.push({ offset: Number(row.offset), term: String(row.term) });
  }
  db.close();
  return terms.map((list) => list.sort((a, b) => a.offset - b.offset).map((entry) => entry.term));
}

/** Words whose bytes or letters FTS5 treats specially: non-ASCII letters, accents, ligatures, long tokens. */
export const NON_ASCII_WORDS: readonly string[] = [
  'gαs',
  'αs',
  'cafés',
  'cafe\u0301s',
  'naïve',
  'résumés',
  'Señoras',
  'ÉCOLES',
  'Müller',
  'Zürich',
  'Gödel',
  'François',
  'Ångström',
  'crème brûlée',
  'größten',
  'Straße',
  'ﬁles',
  'difﬁculties',
  'αλφαβητικές',
  'İstanbul',
  'Ærøskøbing',
  'œuvres',
  'łódź',
  'ǅemal',
  '日本語テキスト',
  'H₂O ½ ²',
  'α-synuclein',
  `${'α'.repeat(30)}ings`,
  `${'α'.repeat(31)}ings`,
  `${'x'.repeat(61)}ing`,
  `${'x'.repeat(62)}ing`,
  'yyyed',
];
