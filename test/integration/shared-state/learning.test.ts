import { describe, expect, it } from 'vitest';
import { featuresOf } from '../../../src/digest/learning/features.ts';
import { createSubscriptionLearner } from '../../../src/digest/learning/learner.ts';
import type { LearningWrite } from '../../../src/digest/learning/learning-store.ts';
import { type LinearModel, TOPICS_ONLY } from '../../../src/digest/learning/train.ts';
import { makePaper } from '../../support/builders.ts';
import { STATE_BACKENDS } from '../../support/state-backends.ts';

const SUB = 'sub-1';
const speech = makePaper({
  id: 'arxiv:2401.00001',
  title: 'Self-supervised speech representations',
  abstract: 'Pre-training on unlabeled speech audio improves recognition.',
  categories: ['eess.AS', 'cs.CL'],
});
const vision = makePaper({
  id: 'arxiv:2402.00001',
  title: 'Object detection with vision transformers',
  abstract: 'A vision transformer backbone improves detection on images.',
  categories: ['cs.CV'],
});
const MODEL: LinearModel = {
  stage: 'profile',
  bias: -2,
  weights: { 'w:speech': 0.5, 'c:eess.AS': 0.25 },
  upvotes: 1,
  downvotes: 0,
};
const example = (paper = speech, vote = 1, at = 1000) => ({
  paperId: paper.id,
  title: paper.title,
  features: featuresOf(paper),
  vote,
  at,
});
const write = (w: Partial<LearningWrite> = {}): LearningWrite => ({ backgroundSeen: 0, model: MODEL, at: 1000, ...w });

describe.each(STATE_BACKENDS)('LearningStore on %s', (_name, makeStorage) => {
  const open = async () => (await (await makeStorage()).node()).learning;

  it('holds nothing for a new subscription: version 0 and the topics-only model', async () => {
    const store = await open();
    expect(await store.version(SUB)).toBe(0);
    expect(await store.load(SUB)).toEqual({
      version: 0,
      backgroundSeen: 0,
      votes: [],
      background: [],
      model: TOPICS_ONLY,
    });
  });

  it('stores an example, a background sample and the model under the next version, as given', async () => {
    const store = await open();
    const sample = [{ slot: 0, paperId: vision.id, features: featuresOf(vision) }];
    expect(await store.save(SUB, 0, write({ example: example(), sample, backgroundSeen: 1 }))).toBe(true);
    expect(await store.version(SUB)).toBe(1);
    expect(await store.load(SUB)).toEqual({
      version: 1,
      backgroundSeen: 1,
      votes: [example()],
      background: sample,
      model: MODEL,
    });
    // Feature vectors come back key for key in the order they were written (training sums in that order).
    const loaded = await store.load(SUB);
    expect(Object.keys(loaded.votes[0]?.features ?? {})).toEqual(Object.keys(featuresOf(speech)));
  });

  it('refuses a write computed from a version that moved, and writes none of it', async () => {
    const store = await open();
    await store.save(SUB, 0, write({ example: example() }));
    expect(await store.save(SUB, 0, write({ example: example(vision, -1), backgroundSeen: 9 }))).toBe(false);
    expect(await store.save(SUB, 5, write({ clear: true }))).toBe(false);
    expect(await store.load(SUB)).toMatchObject({ version: 1, backgroundSeen: 0, votes: [example()] });
  });

  it('updates a paper’s net vote in place, takes a voted paper out of the sample, refills slots', async () => {
    const store = await open();
    const other = makePaper({ id: 'arxiv:2403.00001', title: 'Graph networks', categories: ['cs.LG'] });
    await store.save(
      SUB,
      0,
      write({
        example: example(),
        sample: [
          { slot: 0, paperId: vision.id, features: featuresOf(vision) },
          { slot: 1, paperId: other.id, features: featuresOf(other) },
        ],
        backgroundSeen: 2,
      }),
    );
    await store.save(SUB, 1, write({ example: example(speech, 0, 2000), backgroundSeen: 2 }));
    await store.save(SUB, 2, write({ example: example(vision, -1, 3000), unsample: vision.id, backgroundSeen: 2 }));
    await store.save(SUB, 3, write({ sample: [{ slot: 1, paperId: speech.id, features: {} }], backgroundSeen: 3 }));
    const state = await store.load(SUB);
    expect(state.votes).toEqual([example(speech, 0, 2000), example(vision, -1, 3000)]);
    expect(state.background).toEqual([{ slot: 1, paperId: speech.id, features: {} }]);
    expect(state).toMatchObject({ version: 4, backgroundSeen: 3 });
  });

  it('a reset clears one subscription and keeps its version counting; others keep theirs', async () => {
    const store = await open();
    const sample = [{ slot: 0, paperId: vision.id, features: featuresOf(vision) }];
    await store.save(SUB, 0, write({ example: example(), sample, backgroundSeen: 1 }));
    await store.save('sub-2', 0, write({ example: example(), sample, backgroundSeen: 1 }));
    expect(await store.save(SUB, 1, write({ clear: true, model: TOPICS_ONLY }))).toBe(true);
    expect(await store.load(SUB)).toEqual({
      version: 2,
      backgroundSeen: 0,
      votes: [],
      background: [],
      model: TOPICS_ONLY,
    });
    expect(await store.load('sub-2')).toMatchObject({ version: 1, votes: [example()], background: sample });
  });

  it('lets exactly one of two nodes saving from the same version win', async () => {
    const storage = await makeStorage();
    const [a, b] = [(await storage.node()).learning, (await storage.node()).learning];
    await a.save(SUB, 0, write());
    const won = await Promise.all([
      a.save(SUB, 1, write({ example: example(speech, 1) })),
      b.save(SUB, 1, write({ example: example(vision, -1) })),
    ]);
    expect(won.filter(Boolean)).toHaveLength(1);
    const { votes, version } = await b.load(SUB);
    expect(version).toBe(2);
    expect(votes).toEqual([won[0] ? example(speech, 1) : example(vision, -1)]);
  });

  it('two nodes’ learners racing (votes on one, digests planned on the other) lose nothing', async () => {
    const storage = await makeStorage();
    const learnerOn = async () =>
      createSubscriptionLearner({ store: (await storage.node()).learning, clock: storage.clock });
    const [voting, planning] = [await learnerOn(), await learnerOn()];
    const candidates = Array.from({ length: 5 }, (_, i) =>
      makePaper({ id: `arxiv:2404.0000${i}`, title: `Candidate ${i}`, categories: ['cs.LG'] }),
    );
    const liked = Array.from({ length: 4 }, (_, i) =>
      makePaper({ id: `arxiv:2401.1000${i}`, title: `Speech paper ${i}`, categories: ['eess.AS'] }),
    );
    await Promise.all([
      ...liked.map((paper, i) =>
        voting.recordVote({ subscriptionId: SUB, userId: `u${i}`, paper, value: 1, previous: 0, at: 1000 + i }),
      ),
      ...candidates.map((paper) => planning.observeCandidates(SUB, [paper])),
    ]);
    for (const learner of [voting, planning]) {
      expect(await learner.describe(SUB)).toMatchObject({ stage: 'profile', upvotes: 4, downvotes: 0 });
    }
    const state = await (await storage.node()).learning.load(SUB);
    expect(state.version).toBe(liked.length + candidates.length);
    expect(state.backgroundSeen).toBe(candidates.length);
    expect(state.background.map((b) => b.paperId).sort()).toEqual(candidates.map((p) => p.id).sort());
  });
});
