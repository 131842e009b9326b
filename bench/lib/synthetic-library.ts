import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProgress } from '../../src/cli/progress.ts';
import { systemClock } from '../../src/clock.ts';
import { openDatabase } from '../../src/library/database.ts';
import { createLibrary } from '../../src/library/library.ts';
import { silentLogger } from '../../src/log.ts';
import type { Paper } from '../../src/papers/paper.ts';
import type { BeirDoc } from './beir.ts';
import { seededRandom } from './random.ts';
import { createSyntheticCorpus } from './synthetic.ts';

const BATCH = 5000;

export interface SyntheticLibraryOptions {
  /** Papers in all: `real` first, then synthetic ones up to this count. */
  readonly papers: number;
  /** The corpus whose word distribution the synthetic papers follow. */
  readonly wordsFrom: readonly BeirDoc[];
  readonly seed: number;
  /** Real papers indexed first (e.g. SciFact's, to measure quality among synthetic distractors). */
  readonly real?: readonly Paper[];
  /** Names the cached library apart from others of the same size and seed. */
  readonly label?: string;
}

/**
 * A data directory holding a library of `papers` papers, built once per size, seed and label and
 * kept in the OS temp dir (paperboy-bench-libraries/): a million papers take minutes to index.
 */
export function syntheticLibraryDir({
  papers,
  wordsFrom,
  seed,
  real = [],
  label = '',
}: SyntheticLibraryOptions): string {
  const dir = join(tmpdir(), 'paperboy-bench-libraries', `${papers}-seed${seed}${label ? `-${label}` : ''}`);
  if (existsSync(join(dir, 'paperboy.sqlite'))) return dir;
  const building = `${dir}.building-${process.pid}`;
  mkdirSync(building, { recursive: true, mode: 0o700 });
  const db = openDatabase(join(building, 'paperboy.sqlite'), { log: silentLogger() });
  const library = createLibrary({ db, clock: systemClock, log: silentLogger() });
  const corpus = createSyntheticCorpus(wordsFrom, seededRandom(seed));
  const progress = createProgress({ label: `index ${papers.toLocaleString('en-US')}`, unit: 'papers' });
  for (let i = 0; i < real.length; i += BATCH) {
    library.upsert(real.slice(i, i + BATCH));
    progress.update(Math.min(real.length, i + BATCH), papers);
  }
  for (let start = real.length; start < papers; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, papers - start) }, (_, i) => corpus.paper(start + i));
    library.upsert(batch);
    progress.update(start + batch.length, papers);
  }
  progress.finish();
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(building, dir);
  return dir;
}
