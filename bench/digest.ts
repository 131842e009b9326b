// Digest ranking speed: 5,000 candidates ranked for 1,000 subscriptions (issue 6 targets: < 5 s,
// < 300 MB peak RSS). Run: node bench/digest.ts [candidates] [subscriptions] [--learned]
// --learned gives every subscription a model trained on 20 votes (issue 14: ranking cost unchanged).
import { performance } from 'node:perf_hooks';
import { featuresOf } from '../src/digest/learning/features.ts';
import { learnedScorer } from '../src/digest/learning/learned-scoring.ts';
import { train } from '../src/digest/learning/train.ts';
import { indexCandidates } from '../src/digest/planning/ranking/candidate-index.ts';
import { type LearnedScorer, rankCandidates } from '../src/digest/planning/ranking/rank.ts';
import type { Paper } from '../src/papers/paper.ts';

const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const LEARNED = process.argv.includes('--learned');
const CANDIDATES = Number(positional[0] ?? 5000);
const SUBSCRIPTIONS = Number(positional[1] ?? 1000);
const VOTES_PER_SUBSCRIPTION = 20;
const TARGET_MS = 5000;
const TARGET_MB = 300;

// A fixed PRNG (mulberry32) so every run ranks the same corpus.
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPIC_WORDS = (
  'reasoning reinforcement learning language model diffusion speculative decoding retrieval augmented generation ' +
  'vision transformer agents planning alignment preference optimization quantization distillation mixture experts ' +
  'multimodal benchmark evaluation robotics policy graph neural network protein code synthesis math theorem proving ' +
  'tokenizer attention sparse long context memory compression federated privacy safety jailbreak watermark speech ' +
  'audio video segmentation detection tracking 3d gaussian splatting nerf medical imaging chemistry materials'
).split(' ');
const FILLER = (
  'we propose method results show approach novel performance task dataset training inference experiments ' +
  'framework significant improvement baseline state art demonstrate across tasks efficient scalable robust simple'
).split(' ');

function makeCorpus(n: number, random: () => number): Paper[] {
  const pick = (list: readonly string[]) => list[Math.floor(random() ** 2 * list.length)] ?? 'model';
  return Array.from({ length: n }, (_, i) => {
    const words = (count: number, topicShare: number) =>
      Array.from({ length: count }, () => (random() < topicShare ? pick(TOPIC_WORDS) : pick(FILLER))).join(' ');
    return {
      id: `arxiv:2501.${String(i).padStart(5, '0')}`,
      title: words(10, 0.6),
      abstract: words(180, 0.25),
      authors: [],
      // A week of papers, so that recency is computed and counts (a digest after a pause sees such a window).
      published: new Date(Date.UTC(2025, 0, 14 + (i % 7))).toISOString(),
      categories: ['cs.LG'],
      links: {},
      keywords: [],
      sources: ['huggingface'],
      upvotes: Math.floor(random() * 200),
    } satisfies Paper;
  });
}

// When the digests are due: the day after the newest paper.
const AS_OF = Date.UTC(2025, 0, 21, 9);
const random = prng(42);
const corpus = makeCorpus(CANDIDATES, random);
const subscriptions = Array.from({ length: SUBSCRIPTIONS }, () => {
  const topicCount = 1 + Math.floor(random() * 5);
  const topics = Array.from({ length: topicCount }, () => {
    const a = TOPIC_WORDS[Math.floor(random() * TOPIC_WORDS.length)] ?? 'reasoning';
    const b = TOPIC_WORDS[Math.floor(random() * TOPIC_WORDS.length)] ?? 'agents';
    return random() < 0.5 ? a : `${a} ${b}`;
  });
  const exclude = random() < 0.3 ? [TOPIC_WORDS[Math.floor(random() * TOPIC_WORDS.length)] ?? 'survey'] : [];
  return { topics, exclude, minUpvotes: random() < 0.2 ? 10 : 0, limit: 10 };
});
// Trained before the clock starts: a digest loads a trained model, it never trains one.
const learned: Array<LearnedScorer | undefined> = subscriptions.map(() => {
  if (!LEARNED) return undefined;
  const votes = Array.from({ length: VOTES_PER_SUBSCRIPTION }, (_, i) => {
    const paper = corpus[Math.floor(random() * corpus.length)] ?? (corpus[0] as Paper);
    return { paperId: paper.id, title: paper.title, features: featuresOf(paper), vote: i % 3 === 0 ? -1 : 1, at: 0 };
  });
  return learnedScorer({ model: train(votes, [], 0), liked: [] });
});

const started = performance.now();
const index = indexCandidates(corpus);
const indexed = performance.now();
let posted = 0;
subscriptions.forEach((subscription, i) => {
  const scorer = learned[i];
  posted += rankCandidates(index, { ...subscription, asOf: AS_OF, ...(scorer ? { learned: scorer } : {}) }).entries
    .length;
});
const finished = performance.now();

const totalMs = finished - started;
// resourceUsage().maxRSS is the process's peak resident set size, in kilobytes.
const peakMb = process.resourceUsage().maxRSS / 1024;
const ok = totalMs < TARGET_MS && peakMb < TARGET_MB;
process.stdout.write(
  [
    `digest ranking: ${CANDIDATES} candidates × ${SUBSCRIPTIONS} subscriptions${LEARNED ? `, each with a model of ${VOTES_PER_SUBSCRIPTION} votes` : ''}`,
    `  index     ${(indexed - started).toFixed(0)} ms`,
    `  rank      ${(finished - indexed).toFixed(0)} ms (${((finished - indexed) / SUBSCRIPTIONS).toFixed(2)} ms per subscription)`,
    `  total     ${totalMs.toFixed(0)} ms (target < ${TARGET_MS} ms)`,
    `  peak RSS  ${peakMb.toFixed(0)} MB (target < ${TARGET_MB} MB)`,
    `  papers    ${posted} ranked entries kept`,
    ok ? 'OK' : 'OVER TARGET',
    '',
  ].join('\n'),
);
if (!ok) process.exitCode = 1;
