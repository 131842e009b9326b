import type { StatementSync } from 'node:sqlite';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { mergePaperLists, mergePapers } from '../papers/merge-papers.ts';
import type { Paper } from '../papers/paper.ts';
import type { Database } from './database.ts';
import {
  type CollectionStats,
  createRerankCache,
  DEFAULT_RERANK_OPTIONS,
  type RerankOptions,
  rerankScores,
} from './feedback-rerank.ts';
import { buildFtsQuery, buildPrefixQuery, quoteTerm } from './fts-query.ts';
import { PAPER_COLUMNS, type PaperRow, paperToValues, rowToPaper, rowToValues, sameValues } from './paper-rows.ts';
import { createTermMatcher, type TermMatcher } from './snippet.ts';
import { transaction } from './transaction.ts';
import type { LexicalHit, LexicalSearchOptions, Library, UpsertResult } from './types.ts';

/**
 * bm25 column weights (title, abstract). A title word is worth more than an abstract word; tuned
 * on the SciFact training claims (bench/retrieval.ts), see the README for the figures.
 */
export const COLUMN_WEIGHTS = { title: 3.0, abstract: 1.0 } as const;
// Hits fetched from FTS5 before filters and pagination trim them; filters are applied in SQL,
// so this only bounds the work per query.
const MAX_LIMIT = 1000;
// On a large library, a query term found in more than this share of papers is dropped from the
// MATCH, like a stopword: bm25 gives it almost no weight, but FTS5 would still score every paper
// containing it (hundreds of thousands at 1M papers). Small libraries (SciFact's 5k) keep every term.
const COMMON_TERM_SHARE = 0.02;
const PRUNE_FROM_PAPERS = 50_000;
// FTS5's top candidates re-scored in JS with feedback (feedback-rerank.ts). Up to this library
// size only: feedback needs the document frequency of every candidate term of the top papers,
// which FTS5 counts in microseconds on thousands of papers but in milliseconds per term on a million.
// From this size on: feedback from the "top ten" of a handful of papers is every paper, i.e. noise.
const RERANK_DEPTH = 200;
const RERANK_FROM_PAPERS = 1000;
const RERANK_UP_TO_PAPERS = PRUNE_FROM_PAPERS;

export interface CreateLibraryOptions {
  readonly db: Database;
  readonly clock: Clock;
  readonly log: Logger;
  /** bm25 weights (title, abstract); defaults to COLUMN_WEIGHTS. For tuning runs. */
  readonly columnWeights?: { readonly title: number; readonly abstract: number };
  /** Second-stage re-ranking (feedback-rerank.ts); `false` ranks by FTS5's bm25 alone. For tuning runs. */
  readonly rerank?: RerankOptions | false;
}

/**
 * The SQLite paper library (src/library/types.ts). Synchronous: node:sqlite is, and a query
 * takes milliseconds.
 */
export function createLibrary({
  db,
  clock,
  log,
  columnWeights = COLUMN_WEIGHTS,
  rerank = DEFAULT_RERANK_OPTIONS,
}: CreateLibraryOptions): Library {
  const libraryLog = log.child({ module: 'library' });
  // FTS5 merges index segments on insert; with SQLite's default 2 MB page cache a million-paper
  // ingest re-reads them from disk (32 MB: ~10% faster ingest at 300k papers, bounded RSS).
  db.exec('PRAGMA cache_size = -32768');
  const placeholders = PAPER_COLUMNS.map(() => '?').join(', ');
  const statements = {
    byId: db.prepare('SELECT * FROM papers WHERE id = ?'),
    // New papers (most of a bulk load) cost one statement: no lookup first. A conflict means the
    // paper is known and takes the merge path below.
    insert: db.prepare(
      `INSERT INTO papers (${PAPER_COLUMNS.join(', ')}, first_seen_at, updated_at) VALUES (${placeholders}, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    ),
    update: db.prepare(
      `UPDATE papers SET ${PAPER_COLUMNS.slice(1)
        .map((c) => `${c} = ?`)
        .join(', ')}, updated_at = ? WHERE id = ?`,
    ),
    delete: db.prepare('DELETE FROM papers WHERE id = ? RETURNING doc'),
    count: db.prepare('SELECT count(*) AS n FROM papers'),
    // The largest doc id approximates the paper count in O(log n); deletes only make it high.
    approximateCount: db.prepare('SELECT coalesce(max(doc), 0) AS n FROM papers'),
    documentFrequency: db.prepare('SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH ?'),
    // FTS5's "averages" record: row count, then total tokens per column (SQLite varints).
    averages: db.prepare('SELECT block FROM papers_fts_data WHERE id = 1'),
    byDate: db.prepare(
      `SELECT * FROM papers WHERE (published >= ? AND published < ?) OR listed_on = ?
       ORDER BY published DESC, doc DESC LIMIT ?`,
    ),
    idPrefix: db.prepare('SELECT id, title FROM papers WHERE id >= ? AND id < ? ORDER BY id LIMIT ?'),
    titlePrefix: db.prepare(
      `SELECT p.id, p.title FROM papers_title_fts f JOIN papers p ON p.doc = f.rowid
       WHERE papers_title_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?`,
    ),
  } satisfies Record<string, StatementSync>;
  const searchStatements = new Map<string, StatementSync>();
  const rerankCache = createRerankCache();
  // Document frequencies change slowly; they are recounted once the library grew by a tenth.
  const frequencies = { papers: 0, averageLength: 0, byTerm: new Map<string, number>() };

  function refreshFrequencies(papers: number): void {
    if (papers > frequencies.papers * 1.1) {
      frequencies.papers = papers;
      frequencies.byTerm.clear();
      const block = (statements.averages.get() as { block?: Uint8Array } | undefined)?.block;
      const [rows = 0, ...columns] = block ? readVarints(block) : [];
      frequencies.averageLength = rows > 0 ? columns.reduce((sum, n) => sum + n, 0) / rows : 0;
    }
  }

  function documentFrequency(term: string, papers: number): number {
    refreshFrequencies(papers);
    let df = frequencies.byTerm.get(term);
    if (df === undefined) {
      df = Number((statements.documentFrequency.get(quoteTerm(term)) as { n: number }).n);
      frequencies.byTerm.set(term, df);
    }
    return df;
  }

  /** The query's terms minus those too common to rank by, on a large library; always at least one. */
  function rankingTerms(terms: string[]): string[] {
    const papers = Number((statements.approximateCount.get() as { n: number }).n);
    if (papers < PRUNE_FROM_PAPERS) return terms;
    const withDf = terms.map((term) => ({ term, df: documentFrequency(term, papers) }));
    const kept = withDf.filter((t) => t.df > 0 && t.df <= papers * COMMON_TERM_SHARE).map((t) => t.term);
    if (kept.length > 0) return kept;
    const rarest = withDf.filter((t) => t.df > 0).sort((a, b) => a.df - b.df)[0];
    return rarest ? [rarest.term] : terms;
  }

  function getRow(id: string): PaperRow | undefined {
    return statements.byId.get(id) as PaperRow | undefined;
  }

  function upsertOne(paper: Paper, now: string): keyof UpsertResult {
    if (Number(statements.insert.run(...paperToValues(paper), now, now).changes) > 0) return 'inserted';
    const row = getRow(paper.id);
    if (!row) throw new Error(`paper ${paper.id} conflicted on insert but is not stored`);
    const stored = rowToPaper(row);
    // mergePapers keeps the newest version's text, so an older record never overwrites a newer one.
    // The incoming record goes first: at equal standing, the fresher description wins.
    const merged = mergePapers([paper, stored]);
    const values = paperToValues(merged);
    if (sameValues(values, rowToValues(row))) return 'unchanged';
    statements.update.run(...values.slice(1), now, paper.id);
    rerankCache.forget(row.doc);
    return 'updated';
  }

  function searchStatement(options: LexicalSearchOptions): StatementSync {
    const filters: string[] = [];
    if (options.since) filters.push('(p.published >= :since OR p.listed_on >= :sinceDay)');
    if (options.categories?.length) {
      filters.push(
        `EXISTS (SELECT 1 FROM json_each(p.categories) WHERE value IN (${options.categories.map((_, i) => `:c${i}`).join(', ')}))`,
      );
    }
    if (options.sources?.length) {
      filters.push(
        `EXISTS (SELECT 1 FROM json_each(p.sources) WHERE value IN (${options.sources.map((_, i) => `:s${i}`).join(', ')}))`,
      );
    }
    if (options.excludeIds?.length) {
      filters.push(`p.id NOT IN (${options.excludeIds.map((_, i) => `:x${i}`).join(', ')})`);
    }
    const score = `bm25(papers_fts, ${Number(columnWeights.title)}, ${Number(columnWeights.abstract)})`;
    // Without filters, FTS5 ranks and cuts before any paper row is read; with filters the rows
    // must be joined first, or the cut could drop every paper that passes them.
    const sql = filters.length
      ? `SELECT p.*, -${score} AS score FROM papers_fts JOIN papers p ON p.doc = papers_fts.rowid
         WHERE papers_fts MATCH :match AND ${filters.join(' AND ')}
         ORDER BY score DESC LIMIT :limit OFFSET :offset`
      : `SELECT p.*, -hits.bm AS score FROM (
           SELECT rowid AS doc, ${score} AS bm FROM papers_fts WHERE papers_fts MATCH :match
           ORDER BY bm LIMIT :limit OFFSET :offset
         ) AS hits JOIN papers p ON p.doc = hits.doc ORDER BY hits.bm`;
    let statement = searchStatements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      searchStatements.set(sql, statement);
    }
    return statement;
  }

  return {
    upsert(papers) {
      const counts = { inserted: 0, updated: 0, unchanged: 0 };
      if (papers.length === 0) return counts;
      const now = new Date(clock.now()).toISOString();
      // The same paper twice in one batch (HF and arXiv in one page) is merged before it is stored.
      const batch = mergePaperLists([papers]);
      transaction(db, () => {
        for (const paper of batch) counts[upsertOne(paper, now)]++;
      });
      libraryLog.debug(counts, 'papers upserted');
      return counts;
    },

    get(id) {
      const row = getRow(id);
      return row ? rowToPaper(row) : undefined;
    },

    getMany(ids) {
      const papers: Paper[] = [];
      for (const id of ids) {
        const row = getRow(id);
        if (row) papers.push(rowToPaper(row));
      }
      return papers;
    },

    delete(id) {
      const row = statements.delete.get(id) as { doc: number } | undefined;
      if (row) rerankCache.forget(row.doc);
      return row !== undefined;
    },

    count() {
      return Number((statements.count.get() as { n: number }).n);
    },

    listByDate(day, limit = 100) {
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      return (statements.byDate.all(day, next, day, limit) as unknown as PaperRow[]).map(rowToPaper);
    },

    search(query, options) {
      const fts = buildFtsQuery(query);
      if (!fts) return [];
      const match = rankingTerms(fts.terms).map(quoteTerm).join(' OR ');
      const limit = Math.max(0, Math.min(MAX_LIMIT, Math.floor(options.limit)));
      if (limit === 0) return [];
      const offset = Math.max(0, Math.floor(options.offset ?? 0));
      const params: Record<string, string | number> = { match, limit, offset };
      if (options.since) {
        params.since = options.since;
        params.sinceDay = options.since.slice(0, 10);
      }
      options.categories?.forEach((c, i) => {
        params[`c${i}`] = c;
      });
      options.sources?.forEach((s, i) => {
        params[`s${i}`] = s;
      });
      options.excludeIds?.forEach((x, i) => {
        params[`x${i}`] = x;
      });
      const papers = Number((statements.approximateCount.get() as { n: number }).n);
      const matcher = createTermMatcher(fts.terms);
      if (rerank && papers >= RERANK_FROM_PAPERS && papers < RERANK_UP_TO_PAPERS && offset + limit <= RERANK_DEPTH) {
        const rows = searchStatement(options).all({
          ...params,
          limit: RERANK_DEPTH,
          offset: 0,
        }) as unknown as Array<PaperRow & { score: number }>;
        refreshFrequencies(papers);
        const stats: CollectionStats = {
          papers,
          averageLength: frequencies.averageLength,
          documentFrequency: (word) => documentFrequency(word, papers),
        };
        const scores = rerankScores(fts.terms, rows, stats, rerankCache, rerank);
        return rows
          .map((row, i) => ({ row, score: scores[i] ?? 0 }))
          .sort((a, b) => b.score - a.score)
          .slice(offset, offset + limit)
          .map(({ row, score }) => lazyHit(rowToPaper(row), score, matcher));
      }
      const rows = searchStatement(options).all(params) as unknown as Array<PaperRow & { score: number }>;
      return rows.map((row) => lazyHit(rowToPaper(row), row.score, matcher));
    },

    lookup(prefix, limit) {
      const text = prefix.trim();
      const max = Math.max(0, Math.min(25, Math.floor(limit)));
      if (!text || max === 0) return [];
      const found = new Map<string, { id: string; title: string }>();
      for (const idPrefix of idPrefixes(text)) {
        for (const row of statements.idPrefix.all(idPrefix, `${idPrefix}\uffff`, max) as Array<{
          id: string;
          title: string;
        }>) {
          found.set(row.id, { id: row.id, title: row.title });
        }
      }
      if (found.size < max) {
        const match = buildPrefixQuery(text);
        if (match) {
          for (const row of statements.titlePrefix.all(match, max) as Array<{ id: string; title: string }>) {
            if (found.size >= max) break;
            found.set(row.id, { id: row.id, title: row.title });
          }
        }
      }
      return [...found.values()].slice(0, max);
    },
  };
}

/**
 * A hit whose snippet and matched terms are computed when first read: callers rank 100 hits but
 * show ten, and the regex work per abstract would otherwise dominate the query time.
 */
function lazyHit(paper: Paper, score: number, matcher: TermMatcher): LexicalHit {
  let snippet: string | undefined;
  let matched: readonly string[] | undefined;
  return {
    paper,
    score,
    get snippet() {
      snippet ??= matcher.snippet(paper.abstract);
      return snippet;
    },
    get matchedTerms() {
      matched ??= matcher.matchedTerms([paper.title, paper.abstract]);
      return matched;
    },
  };
}

/** SQLite varints (1–9 bytes, big-endian, 7 bits a byte; the ninth byte carries 8). */
function readVarints(bytes: Uint8Array): number[] {
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

// "2401.1" and "arxiv:2401.1" both mean an arXiv id prefix; "doi:10.1" and "local:x" are id prefixes as typed.
function idPrefixes(text: string): string[] {
  const lower = text.toLowerCase();
  if (/^(arxiv|doi|s2|local):\S*$/.test(lower)) return [lower.startsWith('arxiv:') ? lower : text];
  if (/^\d{2,4}(\.\d{0,5})?(v\d*)?$/.test(lower)) return [`arxiv:${lower.replace(/v\d*$/, '')}`];
  if (/^[a-z-]+(\.[a-z]{2})?\/\d*$/i.test(text)) return [`arxiv:${text}`];
  return [];
}
