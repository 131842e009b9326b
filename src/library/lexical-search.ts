import type { StatementSync } from 'node:sqlite';
import type { Paper } from '../papers/paper.ts';
import { createTermMatcher, type TermMatcher } from '../text/index.ts';
import type { Database } from './database.ts';
import { type RerankCache, type RerankOptions, rerankScores } from './feedback-rerank.ts';
import { buildFtsQuery, quoteTerm } from './fts-query.ts';
import type { FtsStatistics } from './fts-statistics.ts';
import { type PaperRow, rowToPaper } from './paper-rows.ts';
import type { LexicalHit, LexicalSearchOptions, SyncLibraryReads } from './types.ts';

/**
 * bm25 column weights (title, abstract). A title word is worth more than an abstract word; tuned
 * on the SciFact training claims (bench/retrieval.ts), see the README for the figures.
 */
export const COLUMN_WEIGHTS = { title: 3.0, abstract: 1.0 } as const;
// Hits fetched from FTS5 before filters and pagination trim them; filters are applied in SQL,
// so this only bounds the work per query.
const MAX_LIMIT = 1000;
// From this size on, a query's common terms are dropped from the MATCH, like stopwords (Pruning
// below): bm25 gives them little weight, but FTS5 would still score every paper containing them
// (hundreds of thousands at 1M papers). Smaller libraries (SciFact's 5k) keep every term.
const PRUNE_FROM_PAPERS = 50_000;

/**
 * How a large library's queries are pruned: a term in more than `commonShare` of the papers, or in
 * more than `maxPostings` papers, is left out of the MATCH. Measured with SciFact's claims among
 * synthetic distractors (npm run bench:retrieval-at-scale -- --compare): at 100k papers the 5% share
 * gives nDCG@10 0.58 at 10 ms p50 where 2% gave 0.49 at 5 ms (no pruning: 0.66 at 87 ms); at 1M the
 * 20,000-paper bound (2%) keeps a query near 25 ms p50, where 5% costs 130 ms for 0.52 over 0.44.
 * A total postings budget across the query's terms was tried too, and bought less quality per ms.
 */
export interface Pruning {
  /** Libraries smaller than this keep every term. */
  readonly fromPapers: number;
  readonly commonShare: number;
  readonly maxPostings: number;
}

export const DEFAULT_PRUNING: Pruning = { fromPapers: PRUNE_FROM_PAPERS, commonShare: 0.05, maxPostings: 20_000 };
// FTS5's top candidates re-scored in JS with feedback (feedback-rerank.ts). Up to this library
// size only: feedback needs the document frequency of every candidate term of the top papers,
// which FTS5 counts in microseconds on thousands of papers but in milliseconds per term on a million.
// From this size on: feedback from the "top ten" of a handful of papers is every paper, i.e. noise.
const RERANK_DEPTH = 200;
const RERANK_FROM_PAPERS = 1000;
const RERANK_UP_TO_PAPERS = PRUNE_FROM_PAPERS;

export interface LexicalSearchDeps {
  readonly db: Database;
  readonly statistics: FtsStatistics;
  /** Shared with the paper store, which forgets the vectors of papers whose text changed. */
  readonly rerankCache: RerankCache;
  /** bm25 weights (title, abstract). */
  readonly columnWeights: { readonly title: number; readonly abstract: number };
  /** Second-stage re-ranking; `false` ranks by FTS5's bm25 alone. */
  readonly rerank: RerankOptions | false;
  /** Default DEFAULT_PRUNING. */
  readonly pruning?: Pruning;
}

/** The library's BM25 search (Library.search): FTS5 ranks, common terms pruned, the top re-ranked. */
export function createLexicalSearch({
  db,
  statistics,
  rerankCache,
  columnWeights,
  rerank,
  pruning = DEFAULT_PRUNING,
}: LexicalSearchDeps): Pick<SyncLibraryReads, 'search'> {
  const searchStatements = new Map<string, StatementSync>();

  /** The query's terms minus those too common to rank by, on a large library; always at least one. */
  function rankingTerms(terms: string[], papers: number): string[] {
    if (papers < pruning.fromPapers) return terms;
    const cap = Math.min(pruning.maxPostings, Math.floor(papers * pruning.commonShare));
    const withDf = terms.map((term) => ({ term, df: statistics.cappedFrequency(term, papers, cap) }));
    const kept = withDf.filter((t) => t.df > 0 && t.df <= cap).map((t) => t.term);
    if (kept.length > 0) return kept;
    const rarest = withDf.filter((t) => t.df > 0).sort((a, b) => a.df - b.df)[0];
    return rarest ? [rarest.term] : terms;
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
    search(query, options) {
      const fts = buildFtsQuery(query);
      if (!fts) return [];
      const papers = statistics.approximatePapers();
      const match = rankingTerms(fts.terms, papers).map(quoteTerm).join(' OR ');
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
      const matcher = createTermMatcher(fts.terms);
      if (rerank && papers >= RERANK_FROM_PAPERS && papers < RERANK_UP_TO_PAPERS && offset + limit <= RERANK_DEPTH) {
        const rows = searchStatement(options).all({
          ...params,
          limit: RERANK_DEPTH,
          offset: 0,
        }) as unknown as Array<PaperRow & { score: number }>;
        const scores = rerankScores(fts.terms, rows, statistics.collection(papers), rerankCache, rerank);
        return rows
          .map((row, i) => ({ row, score: scores[i] ?? 0 }))
          .sort((a, b) => b.score - a.score)
          .slice(offset, offset + limit)
          .map(({ row, score }) => lazyHit(rowToPaper(row), score, matcher));
      }
      const rows = searchStatement(options).all(params) as unknown as Array<PaperRow & { score: number }>;
      return rows.map((row) => lazyHit(rowToPaper(row), row.score, matcher));
    },
  };
}

/** A hit without its snippet and matched terms: what a read worker sends back (see withLazySnippets). */
export type RankedPaper = Pick<LexicalHit, 'paper' | 'score'>;

/**
 * Hits for `query` from ranked papers, their snippets and matched terms computed when first read.
 * A read worker sends only papers and scores: copying a hit to the main thread would read (and so
 * compute) every lazy field, for 50–200 hits of which a page shows five.
 */
export function withLazySnippets(query: string, ranked: readonly RankedPaper[]): LexicalHit[] {
  const matcher = createTermMatcher(buildFtsQuery(query)?.terms ?? []);
  return ranked.map(({ paper, score }) => lazyHit(paper, score, matcher));
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
