import { describe, expect, it } from 'vitest';
import type { Paper } from '../../../../src/papers/paper.ts';
import { makePaper } from '../../../support/builders.ts';
import { digestHarness } from '../digest-fixture.ts';

const HOUR = 3600_000;
const MONDAY = '2025-03-31';
const TUESDAY = '2025-04-01';
// Submitted the day before Monday's digest: new, as a digest's candidates are (recency costs nothing).
const PUBLISHED = '2025-03-30T18:00:00Z';

const speech = (n: number, title: string, abstract: string): Paper =>
  makePaper({ id: `arxiv:2503.1000${n}`, title, abstract, published: PUBLISHED, categories: ['eess.AS', 'cs.CL'] });
const LIKED = [
  speech(
    1,
    'TERA: Self-Supervised Learning of Transformer Encoder Representation for Speech',
    'We pre-train a transformer encoder on unlabeled speech by reconstructing altered acoustic frames; the representations improve phoneme classification and speech recognition.',
  ),
  speech(
    2,
    'Masked prediction of hidden units for speech representation',
    'Self-supervised pre-training on raw speech audio with masked prediction of acoustic units lowers the word error rate of speech recognition.',
  ),
  speech(
    3,
    'Contrastive pre-training of speech encoders for low-resource recognition',
    'A contrastive self-supervised objective over quantized speech frames learns acoustic representations that recognize speech in new languages.',
  ),
];
const NEXT_SPEECH = speech(
  4,
  'Self-supervised learning of speech representations for spoken language understanding',
  'Acoustic representations pre-trained on unlabeled speech audio improve intent classification and speech recognition.',
);
const UNRELATED = makePaper({
  published: PUBLISHED,
  id: 'arxiv:2503.20001',
  title: 'Self-supervised learning for image segmentation',
  abstract:
    'Self-supervised learning of visual features from unlabeled images with pixel-level learning improves segmentation.',
  categories: ['cs.CV'],
});

// Papers on other subjects, so that topic words are as rare as on a real day.
const FILLER = ['galaxy clusters', 'protein folding', 'black hole mergers', 'sorting networks', 'soil erosion'].map(
  (subject, i) =>
    makePaper({
      published: PUBLISHED,
      id: `arxiv:2503.4000${i}`,
      title: `A study of ${subject}`,
      abstract: `We measure ${subject} at scale.`,
    }),
);

/** A compact digest at 09:00 UTC on weekdays for "self-supervised learning", the clock at Monday 08:00. */
async function channel(minScore?: number) {
  const h = digestHarness({ start: Date.UTC(2025, 2, 31, 8) });
  const subscription = await h.subscribe({
    topics: 'self-supervised learning',
    time: '09:00',
    maxPapers: 5,
    ...(minScore === undefined ? {} : { minScore }),
  });
  return { h, subscription };
}

describe('digests ranked by what the channel liked', () => {
  it('a channel that liked three speech papers gets a fourth above an unrelated one the next day, saying why', async () => {
    const { h, subscription } = await channel();
    h.sources.hf.set(MONDAY, [...LIKED, UNRELATED]);
    await h.clock.advance(HOUR);
    await h.scheduler.tick();
    expect((await h.ledger.getRun(subscription.id, MONDAY))?.status).toBe('done');
    for (const paper of LIKED) {
      await h.learner.recordVote({
        subscriptionId: subscription.id,
        userId: 'reader',
        paper,
        value: 1,
        previous: 0,
        at: h.clock.now(),
      });
    }

    h.sources.hf.set(
      TUESDAY,
      [UNRELATED, NEXT_SPEECH].map((p) => ({ ...p, id: p.id.replace('2503', '2504') })),
    );
    await h.clock.advance(24 * HOUR);
    await h.scheduler.tick();
    const plan = (await h.ledger.getRun(subscription.id, TUESDAY))?.plan;
    expect(plan?.papers.map((p) => p.id)).toEqual(['arxiv:2504.10004', 'arxiv:2504.20001']);
    expect(plan?.papers[0]?.likedPaper?.id).toMatch(/^arxiv:2503\.1000[123]$/);
    expect(plan?.papers[1]?.likedPaper).toBeUndefined();
    // As Discord receives it: the topic words and the liked paper, its title in italics, escaped.
    const list = h.poster.sent.at(-1)?.payload.content ?? '';
    expect(list).toMatch(/-# matched: self, supervised, learning · like the 👍 paper \*TERA: .+…\*\n/);
  });

  it('ranks a channel without votes exactly by its topics (on Monday the vision paper, which says them more, leads)', async () => {
    const { h, subscription } = await channel();
    h.sources.hf.set(MONDAY, [NEXT_SPEECH, UNRELATED]);
    await h.clock.advance(HOUR);
    await h.scheduler.tick();
    const plan = (await h.ledger.getRun(subscription.id, MONDAY))?.plan;
    expect(plan?.papers.map((p) => p.id)).toEqual([UNRELATED.id, NEXT_SPEECH.id]);
    expect(plan?.papers.every((p) => p.likedPaper === undefined)).toBe(true);
  });

  it('min_score posts only the papers good enough, and the "nothing today" notice when none is', async () => {
    const quiet = await channel(0.45);
    quiet.h.sources.hf.set(MONDAY, [
      UNRELATED,
      makePaper({
        published: PUBLISHED,
        id: 'arxiv:2503.30001',
        title: 'Graph kernels',
        abstract: 'Kernels on graphs, with learning in passing.',
      }),
      ...FILLER,
    ]);
    await quiet.h.clock.advance(HOUR);
    await quiet.h.scheduler.tick();
    expect((await quiet.h.ledger.getRun(quiet.subscription.id, MONDAY))?.plan?.papers.map((p) => p.id)).toEqual([
      UNRELATED.id,
    ]);

    const strict = await channel(0.95);
    strict.h.sources.hf.set(MONDAY, [UNRELATED]);
    await strict.h.clock.advance(HOUR);
    await strict.h.scheduler.tick();
    expect((await strict.h.ledger.getRun(strict.subscription.id, MONDAY))?.plan?.papers).toEqual([]);
    expect(strict.h.poster.sent.map((m) => m.payload.content)).toEqual([
      "No new papers matching 'self-supervised learning' for Mon 31 Mar.",
    ]);
  });
});
