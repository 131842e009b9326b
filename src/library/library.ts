import type { StatementSync } from 'node:sqlite';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { mergePaperLists, mergePapers } from '../papers/merge-papers.js';
import type { Paper } from '../papers/paper.js';
import type { Database } from './database.js';
import { buildFtsQuery, buildPrefixQuery, quoteTerm } from './fts-query.js';
import { PAPER_COLUMNS, type PaperRow, paperToValues, rowToPaper, rowToValues, sameValues } from './paper-rows.js';
import { createTermMatcher, type TermMatcher } from './snippet.js';
import { transaction } from './transaction.js';
import type { LexicalHit, LexicalSearchOptions, Library, UpsertResult } from './types.js';

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

export interface CreateLibraryOptions {
  readonly db: Database;
  readonly clock: Clock;
  readonly log: Logger;
  /** bm25 weights (title, abstract); defaults to COLUMN_WEIGHTS. For tuning runs. */
  readonly columnWeights?: { readonly title: number; readonly abstract: number };
}

/**
 * The SQLite paper library (src/library/types.ts). Synchronous: node:sqlite is, and a query
 * takes milliseconds.
 */
export function createLibrary({ db, clock, log, columnWeights = COLUMN_WEIGHTS }: CreateLibraryOptions): Library {
  const libraryLog = log.child({ module: 'library' });
  const placeholders = PAPER_COLUMNS.map(() => '?').join(', ');
  const statements = {
    byId: db.prepare('SELECT * FROM papers WHERE id = ?'),
    insert: db.prepare(
      `INSERT INTO papers (${PAPER_COLUMNS.join(', ')}, first_seen_at, updated_at) VALUES (${placeholders}, ?, ?)`,
    ),
    update: db.prepare(
      `UPDATE papers SET ${PAPER_COLUMNS.slice(1)
        .map((c) => `${c} = ?`)
        .join(', ')}, updated_at = ? WHERE id = ?`,
    ),
    delete: db.prepare('DELETE FROM papers WHERE id = ?'),
    count: db.prepare('SELECT count(*) AS n FROM papers'),
    // The largest doc id approximates the paper count in O(log n); deletes only make it high.
    approximateCount: db.prepare('SELECT coalesce(max(doc), 0) AS n FROM papers'),
    documentFrequency: db.prepare('SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH ?'),
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
  // Document frequencies change slowly; they are recounted once the library grew by a tenth.
  const frequencies = { papers: 0, byTerm: new Map<string, number>() };

  function documentFrequency(term: string, papers: number): number {
    if (papers > frequencies.papers * 1.1) {
      frequencies.papers = papers;
      frequencies.byTerm.clear();
    }
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
    const row = getRow(paper.id);
    if (!row) {
      statements.insert.run(...paperToValues(paper), now, now);
      return 'inserted';
    }
    const stored = rowToPaper(row);
    // mergePapers keeps the newest version's text, so an older record never overwrites a newer one.
    // The incoming record goes first: at equal standing, the fresher description wins.
    const merged = mergePapers([paper, stored]);
    const values = paperToValues(merged);
    if (sameValues(values, rowToValues(row))) return 'unchanged';
    statements.update.run(...values.slice(1), now, paper.id);
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
      return Number(statements.delete.run(id).changes) > 0;
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
      const params: Record<string, string | number> = {
        match,
        limit,
        offset: Math.max(0, Math.floor(options.offset ?? 0)),
      };
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
      const rows = searchStatement(options).all(params) as unknown as Array<PaperRow & { score: number }>;
      const matcher = createTermMatcher(fts.terms);
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

// "2401.1" and "arxiv:2401.1" both mean an arXiv id prefix; "doi:10.1" and "local:x" are id prefixes as typed.
function idPrefixes(text: string): string[] {
  const lower = text.toLowerCase();
  if (/^(arxiv|doi|s2|local):\S*$/.test(lower)) return [lower.startsWith('arxiv:') ? lower : text];
  if (/^\d{2,4}(\.\d{0,5})?(v\d*)?$/.test(lower)) return [`arxiv:${lower.replace(/v\d*$/, '')}`];
  if (/^[a-z-]+(\.[a-z]{2})?\/\d*$/i.test(text)) return [`arxiv:${text}`];
  return [];
}
