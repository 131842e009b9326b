/**
 * Does the digest learn? Simulated channels with hidden interests (arXiv categories) and stated
 * topics receive a digest per submission day of a real arXiv sample, vote on it, and the ranker
 * updates; each day's ranking is scored on that day's unseen papers against topics-only ranking.
 *
 *   node bench/learning.ts [--papers F.jsonl] [--svg docs/learning-curve.svg] [--embeddings lsa]
 *
 * `--embeddings lsa` turns on the learner's similarity to the voted papers (EMBEDDINGS_MODEL in the
 * bot) with a 64-dimension LSA of the papers themselves standing in for an embeddings model, which
 * this machine cannot download: a latent-topic model, weaker than a real one.
 *
 * Overfitting guard: hyper-parameters were fixed on the four tuning channels (CHANNELS, tuning:
 * true); the table and the headline are over the twelve others. The tuning channels' figures are
 * printed too. Targets: day 1 no worse than topics only, +30 % nDCG@10 over days 5–17, < 5 ms per vote.
 * The last line is `learning: gain=<percent> day1=<ratio>`.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { paperText } from '../src/search/cached-embedder.ts';
import { parseArgs } from './lib/args.ts';
import { asciiCurve, svgCurve } from './lib/learning-plot.ts';
import { CHANNELS, headline, loadDays, simulate } from './lib/learning-sim.ts';
import { createLsaEmbedder } from './lib/lsa-embedder.ts';
import { mean } from './lib/metrics.ts';

const TARGET_GAIN = 30;
const TARGET_VOTE_MS = 5;
const cores = availableParallelism();

const here = dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2));
// The team's data lives beside the repository (../shared); a worktree sits one level deeper.
const defaultPapers = [
  join(here, '..', '..', 'shared', 'data', 'arxiv-2007', 'papers.jsonl'),
  join(here, '..', '..', '..', 'shared', 'data', 'arxiv-2007', 'papers.jsonl'),
].find((file) => existsSync(file));
const file = args.get('papers') ?? defaultPapers;
if (!file) {
  process.stderr.write('No papers: pass --papers F.jsonl (the arXiv-2007 sample was not found beside the repo).\n');
  process.exit(2);
}

const days = loadDays(file);
const embeddings = args.get('embeddings');
if (embeddings !== undefined && embeddings !== 'lsa') {
  process.stderr.write(`--embeddings: expected lsa, got '${embeddings}'\n`);
  process.exit(2);
}
const embedder =
  embeddings === 'lsa'
    ? createLsaEmbedder(
        days.flatMap((d) => d.papers.map(paperText)),
        { dimensions: 64 },
      )
    : undefined;
const result = await simulate(days, embedder ? { embedder } : {});
const { gain, day1 } = headline(result.days);
const f = (n: number) => n.toFixed(3);
const lines = [
  `digest learning: ${days.reduce((n, d) => n + d.papers.length, 0)} papers over ${days.length} days, ` +
    `${CHANNELS.filter((c) => !c.tuning).length} held-out channels (+${CHANNELS.filter((c) => c.tuning).length} tuning), ` +
    `${result.votes} votes`,
  '',
  'day  date        cands  nDCG@10 topics  learned   P@5 topics  learned   tuning nDCG topics  learned',
  ...result.days.map(
    (d) =>
      `${String(d.day).padStart(3)}  ${d.date.padEnd(10)}  ${String(d.candidates).padStart(5)}  ` +
      `${f(d.topics.ndcg10).padStart(14)}  ${f(d.learned.ndcg10).padStart(7)}  ` +
      `${f(d.topics.p5).padStart(11)}  ${f(d.learned.p5).padStart(7)}  ` +
      `${f(d.tuningTopics).padStart(18)}  ${f(d.tuningLearned).padStart(7)}`,
  ),
  '',
  asciiCurve(result.days),
  '',
];
const late = result.days.filter((d) => d.day >= 5 && d.day <= 17);
const tuningGain = (mean(late.map((d) => d.tuningLearned)) / (mean(late.map((d) => d.tuningTopics)) || 1) - 1) * 100;
lines.push(
  `nDCG@10 days 5–17: topics ${f(mean(late.map((d) => d.topics.ndcg10)))}, learned ${f(mean(late.map((d) => d.learned.ndcg10)))} ` +
    `(gain ${gain.toFixed(1)} %, target ≥ ${TARGET_GAIN} %; tuning channels ${tuningGain.toFixed(1)} %)`,
  `day 1: learned / topics = ${day1.toFixed(3)} (target ≥ 1)`,
  `vote update (SQLite write and retrain): CPU mean ${result.voteCpuMs.mean.toFixed(2)} ms, p95 ${result.voteCpuMs.p95.toFixed(2)} ms ` +
    `(target < ${TARGET_VOTE_MS} ms); wall mean ${result.voteMs.mean.toFixed(2)} ms, p95 ${result.voteMs.p95.toFixed(2)} ms, ` +
    `max ${result.voteMs.max.toFixed(2)} ms (${cores} cores, load ${loadavg()[0]?.toFixed(1)})`,
  `ranking one channel's day: topics only ${result.rankMs.topics.toFixed(2)} ms, learned ${result.rankMs.learned.toFixed(2)} ms`,
);
const svg = args.get('svg');
if (svg) {
  writeFileSync(svg, svgCurve(result.days));
  lines.push(`plot written to ${svg}`);
}
const ok = gain >= TARGET_GAIN && day1 >= 1 - 1e-9 && result.voteCpuMs.mean < TARGET_VOTE_MS;
lines.push(ok ? 'OK' : 'OVER TARGET', `learning: gain=${gain.toFixed(1)}% day1=${day1.toFixed(2)}`, '');
process.stdout.write(lines.join('\n'));
if (!ok) process.exitCode = 1;
