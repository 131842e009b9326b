import { readFileSync } from 'node:fs';
import type { Paper } from '../../src/papers/paper.ts';

export interface BeirDoc {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}
export interface BeirQuery {
  readonly id: string;
  readonly text: string;
}
/** query id → (doc id → graded relevance) */
export type Qrels = ReadonlyMap<string, ReadonlyMap<string, number>>;

function readJsonl(file: string): unknown[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as unknown);
}

function field(record: unknown, key: string): string {
  const value = (record as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function loadCorpus(file: string): BeirDoc[] {
  return readJsonl(file).map((r) => ({ id: field(r, '_id'), title: field(r, 'title'), text: field(r, 'text') }));
}

export function loadQueries(file: string): BeirQuery[] {
  return readJsonl(file).map((r) => ({ id: field(r, '_id'), text: field(r, 'text') }));
}

/** BEIR qrels TSV (`query-id corpus-id score`, with or without a header line). */
export function loadQrels(file: string): Qrels {
  const qrels = new Map<string, Map<string, number>>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [query, doc, score] = line.trim().split('\t');
    if (!query || !doc || score === undefined || !/^-?\d+$/.test(score)) continue;
    const judged = qrels.get(query) ?? new Map<string, number>();
    judged.set(doc, Number(score));
    qrels.set(query, judged);
  }
  return qrels;
}

/** A BEIR document as a library paper, id `local:<doc id>` (the benchmarks strip the prefix to score). */
export function beirPaper(doc: BeirDoc): Paper {
  return {
    id: `local:${doc.id}`,
    title: doc.title,
    abstract: doc.text,
    authors: [],
    published: '2020-01-01T00:00:00.000Z',
    categories: [],
    links: {},
    keywords: [],
    sources: ['local'],
  };
}
