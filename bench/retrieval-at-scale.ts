// Retrieval quality and speed among distractors: SciFact's 5,183 abstracts inside a library of N
// papers (the rest synthetic, words drawn from SciFact), scored with SciFact's judged claims.
// This is where a large library's query pruning costs quality, so each pruning is measured here.
//
//   npm run bench:retrieval-at-scale -- [--papers 1000000] [--qrels F] [--compare]
//
// --compare also measures the other prunings considered, for the choice in lexical-search.ts.
//
// The library is built once per size and kept in the OS temp dir (see bench/lib/synthetic-library.ts).

import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DEFAULT_PRUNING, type Pruning } from '../src/library/lexical-search.ts';
import { createSyncReads } from '../src/library/library.ts';
import { parseArgs } from './lib/args.ts';
import { beirPaper, loadCorpus, loadQrels, loadQueries } from './lib/beir.ts';
import { mean, ndcgAt, percentile, recallAt } from './lib/metrics.ts';
import { syntheticLibraryDir } from './lib/synthetic-library.ts';

const args = parseArgs(process.argv.slice(2));
const scifact = resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'scifact');
const papers = Number(args.get('papers') ?? 1_000_000);
const corpus = loadCorpus(join(scifact, 'corpus.jsonl'));
const queries = loadQueries(join(scifact, 'queries.jsonl'));
const qrels = loadQrels(args.get('qrels') ?? join(scifact, 'qrels', 'train.tsv'));

const real = corpus.map(beirPaper);
const dir = syntheticLibraryDir({ papers, wordsFrom: corpus, seed: 11, real, label: 'scifact' });
const db = new DatabaseSync(join(dir, 'paperboy.sqlite'), { readOnly: true });

const variants: ReadonlyArray<readonly [string, Pruning]> = [
  ['shipped', DEFAULT_PRUNING],
  ...(args.has('compare')
    ? ([
        ['share 2%', { ...DEFAULT_PRUNING, fromPapers: 0, commonShare: 0.02, maxPostings: Number.POSITIVE_INFINITY }],
        ['share 5%', { ...DEFAULT_PRUNING, fromPapers: 0 }],
        ['share 5%, no bound', { ...DEFAULT_PRUNING, fromPapers: 0, maxPostings: Number.POSITIVE_INFINITY }],
        ...(papers <= 200_000
          ? ([['no pruning', { ...DEFAULT_PRUNING, fromPapers: Number.POSITIVE_INFINITY }]] as const)
          : []),
      ] as const)
    : []),
];
const judged = queries.filter((q) => qrels.has(q.id));
console.log(`library ${papers.toLocaleString('en')} papers (${corpus.length} SciFact), ${judged.length} judged claims`);
for (const [name, pruning] of variants) {
  const reads = createSyncReads(db, { pruning });
  const ndcg: number[] = [];
  const recall: number[] = [];
  const latencies: number[] = [];
  for (const query of judged) {
    const start = performance.now();
    const ranked = reads.search(query.text, { limit: 100 }).map((hit) => hit.paper.id.slice('local:'.length));
    latencies.push(performance.now() - start);
    const relevant = qrels.get(query.id) ?? new Map();
    ndcg.push(ndcgAt(10, ranked, relevant));
    recall.push(recallAt(100, ranked, relevant));
  }
  console.log(
    `${name.padEnd(24)} nDCG@10=${mean(ndcg).toFixed(4)} Recall@100=${mean(recall).toFixed(4)} ` +
      `latency p50=${percentile(latencies, 50).toFixed(1)} ms p95=${percentile(latencies, 95).toFixed(1)} ms`,
  );
}
