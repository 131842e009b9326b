/**
 * Speed at library scale: synthetic libraries (seeded; words drawn from the SciFact corpus) of
 * 100k and 1M abstracts. Prints index time, database size, RSS, search and autocomplete latency.
 *
 *   node bench/scale.ts -- [--sizes 100000,1000000] [--corpus F] [--queries F]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProgress } from '../src/cli/progress.ts';
import { systemClock } from '../src/clock.ts';
import { openDatabase } from '../src/library/database.ts';
import { createLibrary, createSyncReads } from '../src/library/library.ts';
import { silentLogger } from '../src/log.ts';
import { parseArgs } from './lib/args.ts';
import { loadCorpus, loadQueries } from './lib/beir.ts';
import { percentile } from './lib/metrics.ts';
import { seededRandom } from './lib/random.ts';
import { startRssSampler } from './lib/rss.ts';
import { createSyntheticCorpus } from './lib/synthetic.ts';

const here = dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2));
const dataDir = resolve(here, '..', '..', 'shared', 'data', 'scifact');
const sizes = (args.get('sizes') ?? '100000,1000000').split(',').map(Number);
const corpus = loadCorpus(args.get('corpus') ?? join(dataDir, 'corpus.jsonl'));
const queries = loadQueries(args.get('queries') ?? join(dataDir, 'queries.jsonl'))
  .slice(0, 300)
  .map((q) => q.text);
const BATCH = 5000;

function fileSizeMb(file: string): number {
  let bytes = 0;
  for (const suffix of ['', '-wal']) {
    try {
      bytes += statSync(`${file}${suffix}`).size;
    } catch {
      // No WAL file after a checkpoint: nothing to add.
    }
  }
  return bytes / 1024 / 1024;
}

function timed(samples: number[], work: () => void): void {
  const start = performance.now();
  work();
  samples.push(performance.now() - start);
}

interface SearchFigures {
  readonly rssMb: number;
  readonly search10: readonly number[];
  readonly search100: readonly number[];
  readonly lookups: readonly number[];
}

/** Runs in a fresh process (see below): opens the library and measures search and autocomplete. */
function measureSearch(file: string, prefixesFile: string): SearchFigures {
  const log = silentLogger();
  const db = openDatabase(file, { log });
  // The synchronous reads, as each read worker runs them: the figures are the query's own cost.
  const library = createSyncReads(db);
  const rss = startRssSampler();
  const search10: number[] = [];
  const search100: number[] = [];
  for (const query of queries) {
    timed(search10, () => library.search(query, { limit: 10 }).map((h) => h.snippet));
    timed(search100, () => library.search(query, { limit: 100 }));
    rss.sample();
  }
  const lookups: number[] = [];
  for (const prefix of JSON.parse(readFileSync(prefixesFile, 'utf8')) as string[]) {
    timed(lookups, () => library.lookup(prefix, 25));
    rss.sample();
  }
  const rssMb = rss.stop();
  db.close();
  return { rssMb, search10, search100, lookups };
}

const searchDb = args.get('search-db');
if (searchDb) {
  process.stdout.write(`${JSON.stringify(measureSearch(searchDb, args.get('prefixes') ?? ''))}\n`);
  process.exit(0);
}

for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-scale-'));
  const file = join(dir, 'paperboy.sqlite');
  try {
    const log = silentLogger();
    const db = openDatabase(file, { log });
    const library = createLibrary({ db, clock: systemClock, log });
    const random = seededRandom(size);
    const synthetic = createSyntheticCorpus(corpus, random);

    const indexRss = startRssSampler();
    let generateMs = 0;
    let upsertMs = 0;
    const prefixes: string[] = [];
    // A million papers take minutes: progress on stderr, the figures on stdout.
    const progress = createProgress({ label: `index ${size.toLocaleString('en-US')}`, unit: 'papers' });
    for (let i = 0; i < size; i += BATCH) {
      const genStart = performance.now();
      const batch = Array.from({ length: Math.min(BATCH, size - i) }, (_, j) => synthetic.paper(i + j));
      generateMs += performance.now() - genStart;
      if (i % 50_000 === 0) {
        for (const paper of batch.slice(0, 20)) {
          const [first = '', second = ''] = paper.title.split(' ');
          // What a user types: a word and part of the next; an id's first characters.
          prefixes.push(
            first.slice(0, 3),
            `${first} ${second.slice(0, 3)}`,
            paper.id.slice(6, 11),
            paper.id.slice(0, 12),
          );
        }
      }
      const start = performance.now();
      library.upsert(batch);
      upsertMs += performance.now() - start;
      indexRss.sample();
      progress.update(i + batch.length, size);
    }
    progress.finish();
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const indexPeak = indexRss.stop();
    db.close();

    // A fresh process measures search, so its RSS is a searcher's, not this generator's heap.
    const prefixesFile = join(dir, 'prefixes.json');
    writeFileSync(prefixesFile, JSON.stringify(prefixes));
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--search-db', file, '--prefixes', prefixesFile],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (child.status !== 0) throw new Error(`search phase failed: ${child.stderr}`);
    const figures = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as SearchFigures;
    const ms = (n: number) => `${n.toFixed(2)} ms`;
    console.log(
      [
        `papers=${size}`,
        `index=${(upsertMs / 1000).toFixed(1)} s (${Math.round(size / (upsertMs / 1000))} papers/s; generating took ${(generateMs / 1000).toFixed(1)} s more)`,
        `db=${fileSizeMb(file).toFixed(0)} MB`,
        `rss while indexing=${indexPeak.toFixed(0)} MB (includes the generator) while searching=${figures.rssMb.toFixed(0)} MB`,
        `search@10 p50=${ms(percentile(figures.search10, 50))} p95=${ms(percentile(figures.search10, 95))} (${figures.search10.length} SciFact claims, snippets rendered)`,
        `search@100 p50=${ms(percentile(figures.search100, 50))} p95=${ms(percentile(figures.search100, 95))}`,
        `autocomplete p50=${ms(percentile(figures.lookups, 50))} p95=${ms(percentile(figures.lookups, 95))} (${figures.lookups.length} lookups)`,
      ].join('\n  '),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
