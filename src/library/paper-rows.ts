import type { Paper, PaperLinks, PaperSource } from '../papers/paper.ts';

/** A `papers` row as node:sqlite returns it (JSON columns still strings). */
export interface PaperRow {
  readonly doc: number;
  readonly id: string;
  readonly version: number | null;
  readonly title: string;
  readonly abstract: string;
  readonly authors: string;
  readonly published: string;
  readonly updated: string | null;
  readonly categories: string;
  readonly links: string;
  readonly upvotes: number | null;
  readonly ai_summary: string | null;
  readonly keywords: string;
  readonly sources: string;
  readonly listed_on: string | null;
  readonly citation_count: number | null;
  readonly tldr: string | null;
  readonly comment: string | null;
  readonly journal_ref: string | null;
  readonly doi: string | null;
  readonly first_seen_at: string;
  readonly updated_at: string;
}

/** The columns a paper determines, in the order of PAPER_COLUMNS, ready to bind. */
export type PaperValues = readonly (string | number | null)[];

export const PAPER_COLUMNS = [
  'id',
  'version',
  'title',
  'abstract',
  'authors',
  'published',
  'updated',
  'categories',
  'links',
  'upvotes',
  'ai_summary',
  'keywords',
  'sources',
  'listed_on',
  'citation_count',
  'tldr',
  'comment',
  'journal_ref',
  'doi',
] as const;

export function paperToValues(paper: Paper): PaperValues {
  return [
    paper.id,
    paper.version ?? null,
    paper.title,
    paper.abstract,
    JSON.stringify(paper.authors),
    paper.published,
    paper.updated ?? null,
    JSON.stringify(paper.categories),
    JSON.stringify(paper.links),
    paper.upvotes ?? null,
    paper.aiSummary ?? null,
    JSON.stringify(paper.keywords),
    JSON.stringify(paper.sources),
    paper.listedOn ?? null,
    paper.citationCount ?? null,
    paper.tldr ?? null,
    paper.comment ?? null,
    paper.journalRef ?? null,
    paper.doi ?? null,
  ];
}

/** Same values as the row holds, for an exact "did anything change" comparison. */
export function rowToValues(row: PaperRow): PaperValues {
  return PAPER_COLUMNS.map((column) => row[column]);
}

export function sameValues(a: PaperValues, b: PaperValues): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

// The rows were written by paperToValues, so their JSON has the shapes below; a hand-edited
// database with garbage falls back to empty values rather than crashing a search.
function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** A stored row as the domain type, without unset optional fields. */
export function rowToPaper(row: PaperRow): Paper {
  const paper: { -readonly [K in keyof Paper]: Paper[K] } = {
    id: row.id,
    title: row.title,
    abstract: row.abstract,
    authors: parseJson<string[]>(row.authors, []),
    published: row.published,
    categories: parseJson<string[]>(row.categories, []),
    links: parseJson<PaperLinks>(row.links, {}),
    keywords: parseJson<string[]>(row.keywords, []),
    sources: parseJson<PaperSource[]>(row.sources, []),
  };
  if (row.version !== null) paper.version = row.version;
  if (row.updated !== null) paper.updated = row.updated;
  if (row.upvotes !== null) paper.upvotes = row.upvotes;
  if (row.ai_summary !== null) paper.aiSummary = row.ai_summary;
  if (row.listed_on !== null) paper.listedOn = row.listed_on;
  if (row.citation_count !== null) paper.citationCount = row.citation_count;
  if (row.tldr !== null) paper.tldr = row.tldr;
  if (row.comment !== null) paper.comment = row.comment;
  if (row.journal_ref !== null) paper.journalRef = row.journal_ref;
  if (row.doi !== null) paper.doi = row.doi;
  return paper;
}
