import type { Database } from './database.ts';
import type { CollectionStats } from './feedback-rerank.ts';
import { quoteTerm } from './fts-query.ts';

/** Whole-library figures read from the FTS5 index, for pruning common terms and for re-ranking. */
export interface FtsStatistics {
  /** The largest doc id: the paper count in O(log n) instead of a full count; deletes only make it high. */
  approximatePapers(): number;
  /** Papers containing `term` (a surface word: FTS5 stems it as it stemmed the papers). */
  documentFrequency(term: string, papers: number): number;
  /**
   * Papers containing `term`, counted up to `cap + 1` and no further: on a million papers a common
   * word's full count walks a posting list of hundreds of thousands of entries.
   */
  cappedFrequency(term: string, papers: number, cap: number): number;
  /** The figures feedback-rerank.ts scores with, for a library of `papers` papers. */
  collection(papers: number): CollectionStats;
}

export function createFtsStatistics(db: Database): FtsStatistics {
  const statements = {
    approximateCount: db.prepare('SELECT coalesce(max(doc), 0) AS n FROM papers'),
    documentFrequency: db.prepare('SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH ?'),
    atLeast: db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM papers_fts WHERE papers_fts MATCH ? LIMIT ?)'),
    // FTS5's "averages" record: row count, then total tokens per column (SQLite varints).
    averages: db.prepare('SELECT block FROM papers_fts_data WHERE id = 1'),
  };
  // Document frequencies change slowly; they are recounted once the library grew by a tenth.
  const frequencies = { papers: 0, averageLength: 0, byTerm: new Map<string, number>() };
  // Capped counts (cappedFrequency), by cap and term; recounted with the full ones.
  const capped = new Map<string, number>();

  function refresh(papers: number): void {
    if (papers > frequencies.papers * 1.1) {
      frequencies.papers = papers;
      frequencies.byTerm.clear();
      capped.clear();
      const block = (statements.averages.get() as { block?: Uint8Array } | undefined)?.block;
      const [rows = 0, ...columns] = block ? readVarints(block) : [];
      frequencies.averageLength = rows > 0 ? columns.reduce((sum, n) => sum + n, 0) / rows : 0;
    }
  }

  function documentFrequency(term: string, papers: number): number {
    refresh(papers);
    let df = frequencies.byTerm.get(term);
    if (df === undefined) {
      df = Number((statements.documentFrequency.get(quoteTerm(term)) as { n: number }).n);
      frequencies.byTerm.set(term, df);
    }
    return df;
  }

  function cappedFrequency(term: string, papers: number, cap: number): number {
    refresh(papers);
    const known = frequencies.byTerm.get(term);
    if (known !== undefined) return Math.min(known, cap + 1);
    const key = `${cap}:${term}`;
    let n = capped.get(key);
    if (n === undefined) {
      n = Number((statements.atLeast.get(quoteTerm(term), cap + 1) as { n: number }).n);
      capped.set(key, n);
    }
    return n;
  }

  return {
    cappedFrequency,
    approximatePapers: () => Number((statements.approximateCount.get() as { n: number }).n),
    documentFrequency,
    collection(papers) {
      refresh(papers);
      return {
        papers,
        averageLength: frequencies.averageLength,
        documentFrequency: (word) => documentFrequency(word, papers),
      };
    },
  };
}

/** SQLite varints (1–9 bytes, big-endian, 7 bits a byte; the ninth byte carries 8). */
export function readVarints(bytes: Uint8Array): number[] {
  const values: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let value = 0;
    for (let n = 0; i < bytes.length; n++) {
      const byte = bytes[i++] ?? 0;
      if (n === 8) {
        value = value * 256 + byte;
        break;
      }
      value = value * 128 + (byte & 0x7f);
      if (byte < 0x80) break;
    }
    values.push(value);
  }
  return values;
}
