import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLearnedRanking } from '../../../../src/digest/learning/learned-ranking.ts';
import { learnedScorer } from '../../../../src/digest/learning/learned-scoring.ts';
import { createSubscriptionLearner, type DigestLearner } from '../../../../src/digest/learning/learner.ts';
import type { VoteChange } from '../../../../src/digest/learning/types.ts';
import { indexCandidates } from '../../../../src/digest/planning/ranking/candidate-index.ts';
import { rankCandidates } from '../../../../src/digest/planning/ranking/rank.ts';
import { type Database, openDatabase } from '../../../../src/library/database.ts';
import { silentLogger } from '../../../../src/log.ts';
import type { Paper } from '../../../../src/papers/paper.ts';
import { makePaper } from '../../../support/builders.ts';
import { createFakeClock } from '../../../support/fake-clock.ts';

const SUB = 'sub-1';
const DAY = 24 * 3600_000;

const speech = (n: number, title: string, abstract: string): Paper =>
  makePaper({ id: `arxiv:2401.0000${n}`, title, abstract, categories: ['eess.AS', 'cs.CL'] });
const other = (n: number, title: string, abstract: string, categories = ['cs.CV']): Paper =>
  makePaper({ id: `arxiv:2402.0000${n}`, title, abstract, categories });

const LIKED = [
  speech(
    1,
    'TERA: Self-Supervised Learning of Transformer Encoder Representation for Speech',
    'We pre-train a transformer encoder on unlabeled speech by reconstructing altered acoustic frames; the learned representations improve phoneme classification, speaker recognition and automatic speech recognition.',
  ),
  speech(
    2,
    'Masked prediction of hidden units for speech representation',
    'Self-supervised pre-training on raw speech audio with masked prediction of clustered acoustic units gives representations that lower the word error rate of speech recognition.',
  ),
  speech(
    3,
    'Contrastive pre-training of speech encoders for low-resource recognition',
    'A contrastive self-supervised objective over quantized speech frames learns acoustic representations; fine-tuned with ten minutes of labeled audio it recognizes speech in new languages.',
  ),
];
const NEXT_SPEECH = speech(
  4,
  'Self-supervised learning of speech representations for spoken language understanding',
  'Acoustic representations pre-trained on unlabeled speech audio improve intent classification and speech recognition from spoken utterances.',
);
const UNRELATED = other(
  1,
  'Self-supervised learning for image segmentation',
  'Self-supervised learning of visual features from unlabeled images with learning of pixel-level contrastive objectives improves semantic segmentation of images.',
);
const BACKGROUND = [
  other(
    2,
    'Object detection with vision transformers',
    'A detector built on a vision transformer backbone improves object detection on images.',
  ),
  other(3, 'Graph neural networks for molecules', 'Message passing networks predict properties of molecules.', [
    'cs.LG',
  ]),
  other(4, 'Diffusion models for image synthesis', 'Denoising diffusion generates high-resolution images.'),
  other(5, 'Reinforcement learning for robot control', 'A policy learned in simulation controls a robot arm.', [
    'cs.RO',
  ]),
];

function openLearner(file?: string): {
  db: Database;
  learner: DigestLearner;
  clock: ReturnType<typeof createFakeClock>;
} {
  const clock = createFakeClock();
  const db = openDatabase(file ?? ':memory:', { log: silentLogger(), clock });
  onTestFinished(() => {
    if (db.isOpen) db.close();
  });
  let seed = 1;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  return { db, learner: createSubscriptionLearner({ db, clock, random }), clock };
}

const vote = (paper: Paper, value: 1 | -1 | 0, previous: 1 | -1 | 0, at: number, userId = 'u1'): VoteChange => ({
  subscriptionId: SUB,
  userId,
  paper,
  value,
  previous,
  at,
});

async function rankFor(learner: DigestLearner, papers: readonly Paper[], topics = ['self-supervised learning']) {
  const learned = learnedScorer(await learner.profile(SUB));
  return rankCandidates(indexCandidates(papers), {
    topics,
    exclude: [],
    minUpvotes: 0,
    ...(learned ? { learned } : {}),
  }).entries;
}

describe('createSubscriptionLearner', () => {
  it('learns nothing without votes: the ranking is exactly the topics-only one', async () => {
    const { learner } = openLearner();
    await learner.observeCandidates(SUB, BACKGROUND);
    const candidates = [UNRELATED, NEXT_SPEECH, ...BACKGROUND];
    expect(await learner.profile(SUB)).toBeUndefined();
    const topicsOnly = rankCandidates(indexCandidates(candidates), {
      topics: ['self-supervised learning'],
      exclude: [],
      minUpvotes: 0,
    }).entries;
    expect(await rankFor(learner, candidates)).toEqual(topicsOnly);
    expect((await learner.describe(SUB)).stage).toBe('topics');
  });

  it('a subscription that liked three speech papers ranks a fourth above an unrelated one the next day', async () => {
    const { learner, clock } = openLearner();
    const candidates = [UNRELATED, NEXT_SPEECH, ...BACKGROUND];
    // By its topics alone the vision paper wins: it says "self-supervised learning" more often.
    expect((await rankFor(learner, candidates)).map((e) => e.paper.id)[0]).toBe(UNRELATED.id);

    await learner.observeCandidates(SUB, [...LIKED, ...BACKGROUND]);
    for (const paper of LIKED) await learner.recordVote(vote(paper, 1, 0, clock.now()));
    await clock.advance(DAY);

    const ranked = (await rankFor(learner, candidates)).map((e) => e.paper.id);
    expect(ranked.indexOf(NEXT_SPEECH.id)).toBeLessThan(ranked.indexOf(UNRELATED.id));
    const summary = await learner.describe(SUB);
    expect(summary).toMatchObject({ stage: 'profile', upvotes: 3, downvotes: 0 });
    expect(summary.positive.map((t) => t.term)).toContain('speech');
    expect(summary.teachers.map((t) => t.paperId).sort()).toEqual(LIKED.map((p) => p.id).sort());
  });

  it('a 👎 pushes similar papers down', async () => {
    const { learner, clock } = openLearner();
    const candidates = [UNRELATED, NEXT_SPEECH, ...BACKGROUND];
    await learner.recordVote(vote(LIKED[0] as Paper, 1, 0, clock.now()));
    const before = (await rankFor(learner, candidates)).find((e) => e.paper.id === UNRELATED.id)?.score ?? 0;
    const disliked = other(
      9,
      'Self-supervised learning of visual representations from images',
      'Contrastive learning on unlabeled images learns visual features for segmentation and detection.',
    );
    await learner.recordVote(vote(disliked, -1, 0, clock.now()));
    const after = (await rankFor(learner, candidates)).find((e) => e.paper.id === UNRELATED.id)?.score ?? 0;
    expect(after).toBeLessThan(before);
  });

  it('follows a changed vote and a withdrawn one, per paper across users', async () => {
    const { learner, clock } = openLearner();
    const paper = LIKED[0] as Paper;
    await learner.recordVote(vote(paper, 1, 0, clock.now(), 'u1'));
    await learner.recordVote(vote(paper, 1, 0, clock.now(), 'u2'));
    expect(await learner.describe(SUB)).toMatchObject({ upvotes: 1, downvotes: 0 });
    // u1 changes to 👎: the net vote is 0, so the paper teaches nothing any more.
    await learner.recordVote(vote(paper, -1, 1, clock.now(), 'u1'));
    expect(await learner.describe(SUB)).toMatchObject({ stage: 'topics', upvotes: 0, downvotes: 0 });
    // u2 withdraws 👍: net −1, a 👎.
    await learner.recordVote(vote(paper, 0, 1, clock.now(), 'u2'));
    expect(await learner.describe(SUB)).toMatchObject({ stage: 'profile', upvotes: 0, downvotes: 1 });
    await learner.recordVote(vote(paper, 0, -1, clock.now(), 'u1'));
    expect(await learner.profile(SUB)).toBeUndefined();
  });

  it('moves from the Rocchio profile to the logistic model with enough votes', async () => {
    const { learner, clock } = openLearner();
    await learner.observeCandidates(SUB, BACKGROUND);
    for (const paper of [...LIKED, NEXT_SPEECH]) await learner.recordVote(vote(paper, 1, 0, clock.now()));
    for (const paper of [UNRELATED, BACKGROUND[0] as Paper]) await learner.recordVote(vote(paper, -1, 0, clock.now()));
    const summary = await learner.describe(SUB);
    expect(summary).toMatchObject({ stage: 'model', upvotes: 4, downvotes: 2 });
    expect(summary.positive.map((t) => t.term)).toContain('speech');
    expect(summary.negative.length).toBeGreaterThan(0);
  });

  it('reset forgets everything the subscription learned', async () => {
    const { learner, clock } = openLearner();
    for (const paper of LIKED) await learner.recordVote(vote(paper, 1, 0, clock.now()));
    await learner.reset(SUB);
    expect(await learner.profile(SUB)).toBeUndefined();
    expect(await learner.describe(SUB)).toEqual({
      stage: 'topics',
      upvotes: 0,
      downvotes: 0,
      positive: [],
      negative: [],
      teachers: [],
    });
    // A vote changed after the reset counts as it now stands.
    await learner.recordVote(vote(LIKED[0] as Paper, -1, 1, clock.now()));
    expect(await learner.describe(SUB)).toMatchObject({ upvotes: 0, downvotes: 1 });
  });

  it('keeps what it learned across a restart, and sees another process’s votes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-learner-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'paperboy.sqlite');
    const candidates = [UNRELATED, NEXT_SPEECH, ...BACKGROUND];
    const first = openLearner(file);
    const second = openLearner(file);
    await first.learner.observeCandidates(SUB, BACKGROUND);
    for (const paper of LIKED) await first.learner.recordVote(vote(paper, 1, 0, first.clock.now()));
    // The second process cached nothing yet; after its own read, a vote in the first must still reach it.
    expect((await second.learner.describe(SUB)).upvotes).toBe(3);
    await first.learner.recordVote(vote(UNRELATED, -1, 0, first.clock.now()));
    expect((await second.learner.describe(SUB)).downvotes).toBe(1);
    const before = await rankFor(first.learner, candidates);
    first.db.close();
    second.db.close();

    const reopened = openLearner(file);
    expect(await rankFor(reopened.learner, candidates)).toEqual(before);
    expect(await reopened.learner.describe(SUB)).toMatchObject({ upvotes: 3, downvotes: 1 });
  });
});

describe('createLearnedRanking (/trending "For this channel")', () => {
  it('keeps the listing order while nothing is learned, then puts what the channel liked first', async () => {
    const { learner, clock } = openLearner();
    const ranking = createLearnedRanking(learner);
    const listing = [UNRELATED, NEXT_SPEECH];
    expect((await ranking.rankFor(SUB, listing)).map((p) => p.id)).toEqual([UNRELATED.id, NEXT_SPEECH.id]);
    for (const paper of LIKED) await learner.recordVote(vote(paper, 1, 0, clock.now()));
    expect((await ranking.rankFor(SUB, listing)).map((p) => p.id)).toEqual([NEXT_SPEECH.id, UNRELATED.id]);
  });
});
