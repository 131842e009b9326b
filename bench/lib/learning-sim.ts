import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../src/clock.ts';
import { learnedScorer } from '../../src/digest/learning/learned-scoring.ts';
import { createSubscriptionLearner } from '../../src/digest/learning/learner.ts';
import { voteSimilarityOf } from '../../src/digest/learning/vote-similarity.ts';
import { indexCandidates } from '../../src/digest/planning/ranking/candidate-index.ts';
import { rankCandidates } from '../../src/digest/planning/ranking/rank.ts';
import { openDatabase } from '../../src/library/database.ts';
import { silentLogger } from '../../src/log.ts';
import type { Paper } from '../../src/papers/paper.ts';
import type { CachedEmbedder } from '../../src/search/cached-embedder.ts';
import { mean, ndcgAt, percentile } from './metrics.ts';
import { seededRandom } from './random.ts';

/** A simulated channel: what it wants (hidden) and what it typed at /digest subscribe. */
export interface SimulatedChannel {
  readonly name: string;
  /** arXiv categories (or archive prefixes such as `q-bio`) it 👍. */
  readonly interests: readonly string[];
  readonly topics: readonly string[];
  /** Tuning channels fixed the hyper-parameters; the headline figures are over the others. */
  readonly tuning: boolean;
}

// Four tuning channels first, then twelve held-out ones, across the dataset's fields.
export const CHANNELS: readonly SimulatedChannel[] = [
  { name: 'quantum', interests: ['quant-ph'], topics: ['quantum entanglement'], tuning: true },
  {
    name: 'superconductors',
    interests: ['cond-mat.supr-con', 'cond-mat.str-el'],
    topics: ['superconductivity'],
    tuning: true,
  },
  {
    name: 'probability',
    interests: ['math.PR', 'math.ST', 'stat.TH'],
    topics: ['random walks', 'stochastic processes'],
    tuning: true,
  },
  { name: 'gravity', interests: ['gr-qc'], topics: ['black holes'], tuning: true },
  { name: 'astro', interests: ['astro-ph'], topics: ['galaxies'], tuning: false },
  { name: 'strings', interests: ['hep-th'], topics: ['string theory'], tuning: false },
  { name: 'particles', interests: ['hep-ph', 'hep-ex'], topics: ['neutrino'], tuning: false },
  {
    name: 'information',
    interests: ['cs.IT', 'math.IT'],
    topics: ['channel coding', 'information theory'],
    tuning: false,
  },
  { name: 'algebraic', interests: ['math.AG', 'math.NT'], topics: ['algebraic varieties'], tuning: false },
  {
    name: 'statmech',
    interests: ['cond-mat.stat-mech', 'cond-mat.dis-nn'],
    topics: ['phase transitions'],
    tuning: false,
  },
  { name: 'nuclear', interests: ['nucl-th', 'nucl-ex'], topics: ['nuclear matter'], tuning: false },
  { name: 'optics', interests: ['physics.optics', 'physics.atom-ph'], topics: ['laser'], tuning: false },
  { name: 'combinatorics', interests: ['math.CO', 'math.GR'], topics: ['graphs'], tuning: false },
  { name: 'soft-bio', interests: ['cond-mat.soft', 'q-bio'], topics: ['polymers', 'proteins'], tuning: false },
  { name: 'mesoscopic', interests: ['cond-mat.mes-hall'], topics: ['quantum dots', 'graphene'], tuning: false },
  { name: 'analysis', interests: ['math.AP', 'math.DG'], topics: ['partial differential equations'], tuning: false },
];

/** Papers without dates are spread over this many days, in file order. */
export const DAYS_WITHOUT_DATES = 17;
const DAY_MS = 24 * 3600_000;

export interface SimulationOptions {
  readonly channels?: readonly SimulatedChannel[];
  /** Papers per digest (the channel judges these). */
  readonly k?: number;
  /** Chance that a shown paper outside the interests gets a 👎 (the rest are ignored). */
  readonly downvoteRate?: number;
  readonly seed?: number;
  /** Embeddings for the learner's similarity to the voted papers (as with EMBEDDINGS_MODEL); none by default. */
  readonly embedder?: CachedEmbedder;
}

export interface DayResult {
  readonly day: number;
  readonly date: string;
  readonly candidates: number;
  /** Means over the held-out channels that had a relevant paper that day. */
  readonly topics: { readonly ndcg10: number; readonly p5: number };
  readonly learned: { readonly ndcg10: number; readonly p5: number };
  /** Same, over the tuning channels. */
  readonly tuningTopics: number;
  readonly tuningLearned: number;
}

export interface Spread {
  readonly mean: number;
  readonly p95: number;
  readonly max: number;
}

export interface SimulationResult {
  readonly days: readonly DayResult[];
  readonly votes: number;
  /** recordVote wall time per vote (ms). */
  readonly voteMs: Spread;
  /** recordVote CPU time per vote (ms): what the update costs, without waiting for a busy machine. */
  readonly voteCpuMs: Spread;
  /** Ranking one channel's day, topics only and learned (ms, mean). */
  readonly rankMs: { readonly topics: number; readonly learned: number };
}

/** Reads a JSONL of arXiv-shaped papers ({id, title, abstract, categories[], published?, …}) into days. */
export function loadDays(file: string): Array<{ date: string; papers: Paper[] }> {
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const papers = rows.map((row, i): Paper & { day?: string } => {
    const published = typeof row.published === 'string' ? row.published : undefined;
    return {
      id: `arxiv:${String(row.id ?? i)}`,
      title: String(row.title ?? ''),
      abstract: String(row.abstract ?? ''),
      authors: Array.isArray(row.authors) ? row.authors.map(String) : [],
      published: published ?? '',
      categories: Array.isArray(row.categories) ? row.categories.map(String) : [],
      links: {},
      keywords: [],
      sources: ['arxiv'],
    };
  });
  const dated = papers.every((p) => /^\d{4}-\d{2}-\d{2}/.test(p.published));
  const byDay = new Map<string, Paper[]>();
  papers.forEach((paper, i) => {
    const date = dated
      ? paper.published.slice(0, 10)
      : `day ${String(Math.floor((i * DAYS_WITHOUT_DATES) / papers.length) + 1).padStart(2, '0')}`;
    const list = byDay.get(date);
    if (list) list.push(paper);
    else byDay.set(date, [paper]);
  });
  return [...byDay.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([date, list]) => ({ date, papers: list }));
}

export function isRelevant(channel: SimulatedChannel, paper: Paper): boolean {
  return paper.categories.some((category) =>
    channel.interests.some((interest) => category === interest || category.startsWith(`${interest}.`)),
  );
}

/**
 * Each day: every channel's digest is ranked (by the learner, and by its topics alone) over that
 * day's candidates, which no channel has seen yet, so every day is a residual collection; both
 * rankings are scored against the hidden interests; then the channel judges its digest (👍 every
 * paper in its interests, 👎 some others), each vote goes through recordVote, and the day's
 * candidates through observeCandidates. Votes land in a real SQLite file.
 */
export async function simulate(
  days: ReadonlyArray<{ date: string; papers: readonly Paper[] }>,
  options: SimulationOptions = {},
): Promise<SimulationResult> {
  const channels = options.channels ?? CHANNELS;
  const k = options.k ?? 10;
  const downvoteRate = options.downvoteRate ?? 0.5;
  const random = seededRandom(options.seed ?? 7);
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-learning-'));
  let now = Date.UTC(2007, 2, 31, 12);
  const clock: Clock = { now: () => now, sleep: async () => {} };
  const db = openDatabase(join(dir, 'paperboy.sqlite'), { log: silentLogger(), clock });
  const learner = createSubscriptionLearner({ db, clock, random: seededRandom(11) });
  const voteSimilarity = options.embedder ? voteSimilarityOf(options.embedder) : undefined;
  const voteTimes: number[] = [];
  const voteCpu: number[] = [];
  const rankTimes = { topics: [] as number[], learned: [] as number[] };
  const results: DayResult[] = [];
  try {
    for (const [dayIndex, { date, papers }] of days.entries()) {
      now = Date.UTC(2007, 2, 31, 12) + dayIndex * DAY_MS;
      const index = indexCandidates(papers);
      const scores = { topics: [] as number[], learned: [] as number[], p5t: [] as number[], p5l: [] as number[] };
      const tuning = { topics: [] as number[], learned: [] as number[] };
      for (const channel of channels) {
        const judged = new Map(papers.map((p) => [p.id, isRelevant(channel, p) ? 1 : 0]));
        const settings = { topics: channel.topics, exclude: [], minUpvotes: 0, asOf: now };
        let started = performance.now();
        const topicsOnly = rankCandidates(index, settings).entries.map((e) => e.paper.id);
        rankTimes.topics.push(performance.now() - started);
        started = performance.now();
        const profile = await learner.profile(channel.name);
        const votes = profile && (await voteSimilarity?.scores(profile, papers, now));
        const learned = learnedScorer(profile, votes);
        const ranked = rankCandidates(index, { ...settings, ...(learned ? { learned } : {}) }).entries;
        rankTimes.learned.push(performance.now() - started);
        const learnedIds = ranked.map((e) => e.paper.id);
        if ([...judged.values()].some((g) => g > 0)) {
          const t = ndcgAt(10, topicsOnly, judged);
          const l = ndcgAt(10, learnedIds, judged);
          if (channel.tuning) {
            tuning.topics.push(t);
            tuning.learned.push(l);
          } else {
            scores.topics.push(t);
            scores.learned.push(l);
            scores.p5t.push(precisionAt(5, topicsOnly, judged));
            scores.p5l.push(precisionAt(5, learnedIds, judged));
          }
        }
        // The channel reads its digest and votes.
        for (const entry of ranked.slice(0, k)) {
          const liked = (judged.get(entry.paper.id) ?? 0) > 0;
          if (!liked && random() >= downvoteRate) continue;
          const change = {
            subscriptionId: channel.name,
            userId: 'reader',
            paper: entry.paper,
            value: liked ? (1 as const) : (-1 as const),
            previous: 0 as const,
            at: now,
          };
          const voteStarted = performance.now();
          const cpuStarted = process.cpuUsage();
          await learner.recordVote(change);
          voteTimes.push(performance.now() - voteStarted);
          const cpu = process.cpuUsage(cpuStarted);
          voteCpu.push((cpu.user + cpu.system) / 1000);
        }
        await learner.observeCandidates(channel.name, papers);
      }
      results.push({
        day: dayIndex + 1,
        date,
        candidates: papers.length,
        topics: { ndcg10: mean(scores.topics), p5: mean(scores.p5t) },
        learned: { ndcg10: mean(scores.learned), p5: mean(scores.p5l) },
        tuningTopics: mean(tuning.topics),
        tuningLearned: mean(tuning.learned),
      });
    }
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    days: results,
    votes: voteTimes.length,
    voteMs: spread(voteTimes),
    voteCpuMs: spread(voteCpu),
    rankMs: { topics: mean(rankTimes.topics), learned: mean(rankTimes.learned) },
  };
}

function spread(samples: readonly number[]): Spread {
  return { mean: mean(samples), p95: percentile(samples, 95), max: Math.max(0, ...samples) };
}

function precisionAt(k: number, ranked: readonly string[], judged: ReadonlyMap<string, number>): number {
  return ranked.slice(0, k).filter((id) => (judged.get(id) ?? 0) > 0).length / k;
}

/** The headline figures: nDCG@10 gain over days 5–17 (percent) and the day-1 ratio, held-out channels. */
export function headline(days: readonly DayResult[]): { gain: number; day1: number } {
  const late = days.filter((d) => d.day >= 5 && d.day <= 17);
  const topics = mean(late.map((d) => d.topics.ndcg10));
  const learned = mean(late.map((d) => d.learned.ndcg10));
  const first = days[0];
  return {
    gain: topics > 0 ? (learned / topics - 1) * 100 : 0,
    day1: first && first.topics.ndcg10 > 0 ? first.learned.ndcg10 / first.topics.ndcg10 : 1,
  };
}
