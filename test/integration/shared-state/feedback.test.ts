import { describe, expect, it } from 'vitest';
import { feedbackScope } from '../../../src/digest/feedback/feedback-store.ts';
import { isHidden } from '../../../src/digest/feedback/paper-keys.ts';
import { STATE_BACKENDS } from '../../support/state-backends.ts';

const CHANNEL = '200';
const OTHER_CHANNEL = '201';
const SCOPE = 'sub-1';
const PAPER = 'arxiv:2401.00001';

const click = (userId: string, choice: 1 | -1, paperId = PAPER, at = 1000) => ({
  scope: SCOPE,
  channelId: CHANNEL,
  userId,
  paperId,
  choice,
  at,
});

describe.each(STATE_BACKENDS)('FeedbackStore on %s', (_name, makeStorage) => {
  const open = async () => (await (await makeStorage()).node()).feedback;

  describe('vote', () => {
    it('records a first vote and counts it', async () => {
      const store = await open();
      expect(await store.vote(click('u1', 1))).toEqual({ previous: 0, value: 1, tally: { up: 1, down: 0 } });
    });

    it('withdraws a vote clicked a second time (a toggle, like a reaction)', async () => {
      const store = await open();
      await store.vote(click('u1', 1));
      expect(await store.vote(click('u1', 1))).toEqual({ previous: 1, value: 0, tally: { up: 0, down: 0 } });
      expect(await store.tallies(SCOPE, [PAPER])).toEqual(new Map());
    });

    it('changes a vote when the other choice is clicked, keeping one vote per user and paper', async () => {
      const store = await open();
      await store.vote(click('u1', 1));
      await store.vote(click('u2', 1));
      expect(await store.vote(click('u1', -1, PAPER, 2000))).toEqual({
        previous: 1,
        value: -1,
        tally: { up: 1, down: 1 },
      });
      expect(await store.counts(SCOPE, CHANNEL)).toEqual({ up: 1, down: 1, voters: 2, hidden: 0 });
    });

    it('keeps scopes apart: a vote in one subscription is not counted in another', async () => {
      const store = await open();
      await store.vote(click('u1', 1));
      await store.vote({ ...click('u1', -1), scope: 'sub-2' });
      expect(await store.tallies(SCOPE, [PAPER])).toEqual(new Map([[PAPER, { up: 1, down: 0 }]]));
      expect(await store.tallies('sub-2', [PAPER])).toEqual(new Map([[PAPER, { up: 0, down: 1 }]]));
    });
  });

  describe('hide', () => {
    it('hides every version and the DOI of the paper in that channel only, and records a 👎', async () => {
      const store = await open();
      await store.vote(click('u1', 1));
      const outcome = await store.hide({
        scope: SCOPE,
        channelId: CHANNEL,
        userId: 'u1',
        paper: { id: PAPER, doi: '10.1000/ABC' },
        at: 1000,
      });
      expect(outcome).toEqual({ previous: 1, value: -1, tally: { up: 0, down: 1 } });
      const hidden = await store.hiddenKeys(CHANNEL);
      expect(hidden).toEqual(new Set([PAPER, 'doi:10.1000/abc']));
      expect(isHidden({ id: 'arxiv:2401.00001v2' }, hidden)).toBe(true);
      expect(isHidden({ id: 'doi:10.1000/abc' }, hidden)).toBe(true);
      expect(isHidden({ id: 's2:x', doi: '10.1000/abc' }, hidden)).toBe(true);
      expect(isHidden({ id: 'arxiv:2401.00002' }, hidden)).toBe(false);
      expect(await store.hiddenKeys(OTHER_CHANNEL)).toEqual(new Set());
    });

    it('keeps the 👎 when Not interested is clicked again', async () => {
      const store = await open();
      const hide = { scope: SCOPE, channelId: CHANNEL, userId: 'u1', paper: { id: PAPER }, at: 1000 };
      await store.hide(hide);
      expect(await store.hide(hide)).toEqual({ previous: -1, value: -1, tally: { up: 0, down: 1 } });
    });
  });

  describe('counts and forget', () => {
    it('counts votes, voters and hidden papers, and forgets only the channel it is given', async () => {
      const store = await open();
      await store.vote(click('u1', 1));
      await store.vote(click('u2', -1, 'arxiv:2401.00002'));
      await store.hide({ scope: SCOPE, channelId: CHANNEL, userId: 'u2', paper: { id: 'arxiv:2401.00003' }, at: 1 });
      const elsewhere = feedbackScope(OTHER_CHANNEL, undefined);
      await store.vote({ ...click('u1', 1), scope: elsewhere, channelId: OTHER_CHANNEL });
      expect(await store.counts(SCOPE, CHANNEL)).toEqual({ up: 1, down: 2, voters: 2, hidden: 1 });

      expect(await store.forget(CHANNEL)).toEqual({ votes: 3, hidden: 1 });
      expect(await store.counts(SCOPE, CHANNEL)).toEqual({ up: 0, down: 0, voters: 0, hidden: 0 });
      expect(await store.hiddenKeys(CHANNEL)).toEqual(new Set());
      expect(await store.tallies(elsewhere, [PAPER])).toEqual(new Map([[PAPER, { up: 1, down: 0 }]]));
    });

    it('shares votes between nodes: another node (or a restarted one) sees and toggles them', async () => {
      const storage = await makeStorage();
      const [a, b] = [await storage.node(), await storage.node()];
      await a.feedback.vote(click('u1', 1));
      expect(await b.feedback.vote(click('u1', -1))).toEqual({ previous: 1, value: -1, tally: { up: 0, down: 1 } });
    });

    it('counts both of two votes cast at the same moment on two nodes', async () => {
      const storage = await makeStorage();
      const [a, b] = [await storage.node(), await storage.node()];
      await Promise.all([a.feedback.vote(click('u1', 1)), b.feedback.vote(click('u2', 1))]);
      expect(await a.feedback.tallies(SCOPE, [PAPER])).toEqual(new Map([[PAPER, { up: 2, down: 0 }]]));
    });
  });
});

describe('feedbackScope', () => {
  it('is the subscription when the channel has one, else the channel', () => {
    expect(feedbackScope(CHANNEL, 'sub-1')).toBe('sub-1');
    expect(feedbackScope(CHANNEL, undefined)).toBe('channel:200');
  });
});
