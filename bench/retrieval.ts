/**
 * Retrieval quality and speed on a BEIR dataset (default: SciFact train claims), for Paperboy's
 * library and, in the same run, langchain's BM25Retriever.
 *
 *   node bench/retrieval.ts -- --corpus F --queries F --qrels F [--baseline-queries N] [--folds false]
 *
 * Overfitting guard: the judged queries are split in two halves (by id, alternating). The shipped
 * settings are reported on each half, and the feedback weight is tuned on one half and reported
 * on the other (2-fold), next to FTS5's bm25 alone.
 *
 * The last line is `nDCG@10=<value>` (Paperboy's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BM25Retriever } from '@langchain/community/retrievers/bm25';
import { Document } from '@langchain/core/documents';
import { createProgress } from '../src/cli/progress.ts';
import { systemClock } from '../src/clock.ts';
import { openDatabase } from '../src/library/database.ts';
import { DEFAULT_RERANK_OPTIONS, type RerankOptions } from '../src/library/feedback-rerank.ts';
import { createLibrary, createSyncReads } from '../src/library/library.ts';
import { silentLogger } from '../src/log.ts';
import { parseArgs } from './lib/args.ts';
import { type BeirDoc, type BeirQuery, beirPaper, loadCorpus, loadQrels, loadQueries, type Qrels } from './lib/beir.ts';
import { mean, mrrAt, ndcgAt, percentile, recallAt } from './lib/metrics.ts';
import { startRssSampler } from './lib/rss.ts';

const here = dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2));
const dataDir = resolve(here, '..', '..', 'shared', 'data', 'scifact');
const corpusFile = args.get('corpus') ?? join(dataDir, 'corpus.jsonl');
const queriesFile = args.get('queries') ?? join(dataDir, 'queries.jsonl');
const qrelsFile = args.get('qrels') ?? join(dataDir, 'qrels', 'train.tsv');

interface Figures {
  readonly name: string;
  readonly queries: number;
  readonly ndcg10: number;
  readonly recall100: number;
  readonly mrr10: number;
  readonly docsPerSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly peakRssMb: number;
  /** nDCG@10 per judged query id. */
  readonly perQuery: ReadonlyMap<string, number>;
}

function evaluate(
  name: string,
  queries: readonly BeirQuery[],
  qrels: Qrels,
  docsPerSecond: number,
  run: (text: string) => Promise<string[]> | string[],
): Promise<Figures> {
  return (async () => {
    const rss = startRssSampler();
    const latencies: number[] = [];
    const ndcg: number[] = [];
    const recall: number[] = [];
    const mrr: number[] = [];
    const perQuery = new Map<string, number>();
    const progress = createProgress({ label: `${name}: queries`, unit: 'queries' });
    for (const [index, query] of queries.entries()) {
      progress.update(index, queries.length);
      const judged = qrels.get(query.id);
      if (!judged) continue;
      const start = performance.now();
      const ranked = await run(query.text);
      latencies.push(performance.now() - start);
      rss.sample();
      ndcg.push(ndcgAt(10, ranked, judged));
      perQuery.set(query.id, ndcgAt(10, ranked, judged));
      recall.push(recallAt(100, ranked, judged));
      mrr.push(mrrAt(10, ranked, judged));
    }
    progress.finish();
    return {
      name,
      queries: ndcg.length,
      ndcg10: mean(ndcg),
      recall100: mean(recall),
      mrr10: mean(mrr),
      docsPerSecond,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      peakRssMb: rss.stop(),
      perQuery,
    };
  })();
}

async function paperboy(
  corpus: readonly BeirDoc[],
  queries: readonly BeirQuery[],
  qrels: Qrels,
  rerank: RerankOptions | false = DEFAULT_RERANK_OPTIONS,
  name = 'paperboy',
): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-'));
  try {
    const log = silentLogger();
    const db = openDatabase(join(dir, 'paperboy.sqlite'), { log });
    const library = createLibrary({ db, clock: systemClock, log, rerank });
    const reads = createSyncReads(db, { rerank });
    const papers = corpus.map(beirPaper);
    const start = performance.now();
    const progress = createProgress({ label: `${name}: index`, unit: 'papers' });
    for (let i = 0; i < papers.length; i += 1000) {
      library.upsert(papers.slice(i, i + 1000));
      progress.update(Math.min(papers.length, i + 1000), papers.length);
    }
    progress.finish();
    const rate = papers.length / ((performance.now() - start) / 1000);
    const figures = await evaluate(name, queries, qrels, rate, (text) =>
      reads.search(text, { limit: 100 }).map((hit) => hit.paper.id.slice('local:'.length)),
    );
    db.close();
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function langchain(corpus: readonly BeirDoc[], queries: readonly BeirQuery[], qrels: Qrels): Promise<Figures> {
  // BM25Retriever keeps the documents and scores them at query time: its "index" is a copy.
  const start = performance.now();
  const retriever = BM25Retriever.fromDocuments(
    corpus.map((doc) => new Document({ pageContent: `${doc.title}\n${doc.text}`, metadata: { id: doc.id } })),
    { k: 100 },
  );
  const rate = corpus.length / ((performance.now() - start) / 1000);
  return evaluate('langchain BM25Retriever', queries, qrels, rate, async (text) =>
    (await retriever.invoke(text)).map((doc) => String(doc.metadata.id)),
  );
}

function print(f: Figures): void {
  const fixed = (n: number, d = 4) => n.toFixed(d);
  console.log(
    `${f.name.padEnd(24)} queries=${f.queries} nDCG@10=${fixed(f.ndcg10)} Recall@100=${fixed(f.recall100)} ` +
      `MRR@10=${fixed(f.mrr10)} index=${Math.round(f.docsPerSecond)} docs/s ` +
      `latency p50=${fixed(f.p50, 2)} ms p95=${fixed(f.p95, 2)} ms peakRSS=${Math.round(f.peakRssMb)} MB`,
  );
}

const corpus = loadCorpus(corpusFile);
const queries = loadQueries(queriesFile);
const qrels = loadQrels(qrelsFile);
console.log(`corpus=${corpus.length} docs, queries=${queries.length}, judged=${qrels.size} (${qrelsFile})`);
const ours = await paperboy(corpus, queries, qrels);
print(ours);

/** Mean nDCG@10 over the queries of one half (0: even positions by id, 1: odd). */
function half(perQuery: ReadonlyMap<string, number>, fold: 0 | 1): number {
  const ids = [...perQuery.keys()].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  const values = ids.filter((_, i) => i % 2 === fold).map((id) => perQuery.get(id) ?? 0);
  return values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
}

if (args.get('folds') !== 'false') {
  const row = (name: string, perQuery: ReadonlyMap<string, number>, all: number) =>
    console.log(
      `  ${name.padEnd(34)} train=${all.toFixed(4)} halfA=${half(perQuery, 0).toFixed(4)} halfB=${half(perQuery, 1).toFixed(4)}`,
    );
  console.log('nDCG@10 on the whole training set and on each half:');
  const plain = await paperboy(corpus, queries, qrels, false, 'fts5 bm25 only');
  row('fts5 bm25 only', plain.perQuery, plain.ndcg10);
  row('shipped (re-rank + RM3 feedback)', ours.perQuery, ours.ndcg10);
  // 2-fold: the feedback weight chosen on one half, reported on the other.
  const grid = new Map<number, Figures>([[DEFAULT_RERANK_OPTIONS.feedbackWeight, ours]]);
  for (const weight of [0, 0.1, 0.3]) {
    grid.set(weight, await paperboy(corpus, queries, qrels, { ...DEFAULT_RERANK_OPTIONS, feedbackWeight: weight }));
  }
  for (const [tuneOn, reportOn] of [
    [0, 1],
    [1, 0],
  ] as const) {
    const [weight = 0, figures] =
      [...grid].sort((a, b) => half(b[1].perQuery, tuneOn) - half(a[1].perQuery, tuneOn))[0] ?? [];
    const tuned = figures ? half(figures.perQuery, reportOn) : Number.NaN;
    console.log(
      `  2-fold: feedback weight ${weight} tuned on half${tuneOn ? 'B' : 'A'} -> half${reportOn ? 'B' : 'A'} ` +
        `nDCG@10=${tuned.toFixed(4)} (fts5 alone ${half(plain.perQuery, reportOn).toFixed(4)})`,
    );
  }
}
if (args.get('baseline') !== 'false') {
  // langchain's BM25 rescans every document per query term (~0.2 s per claim on SciFact);
  // --baseline-queries N runs it on an evenly spaced subset instead, for big corpora.
  const wanted = args.get('baseline-queries') ?? 'all';
  const judged = queries.filter((q) => qrels.has(q.id));
  const step = wanted === 'all' ? 1 : Math.max(1, Math.floor(judged.length / Number(wanted)));
  const subset = judged.filter((_, i) => i % step === 0);
  const theirs = await langchain(corpus, subset, qrels);
  print(theirs);
  if (subset.length !== judged.length) {
    const oursOnSubset = await paperboy(corpus, subset, qrels);
    print({ ...oursOnSubset, name: 'paperboy (same subset)' });
  }
}
console.log(`nDCG@10=${ours.ndcg10.toFixed(4)}`);
