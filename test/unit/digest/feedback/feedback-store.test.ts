import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  createSqliteFeedbackStore,
  type FeedbackStore,
  feedbackScope,
} from '../../../../src/digest/feedback/feedback-store.ts';
import { isHidden } from '../../../../src/digest/feedback/paper-keys.ts';
import { openDatabase } from '../../../../src/library/database.ts';
import { silentLogger } from '../../../../src/log.ts';

const CHANNEL = '200';
const OTHER_CHANNEL = '201';
const SCOPE = 'sub-1';
const PAPER = 'arxiv:2401.00001';

/** A FeedbackStore implementation under test: a fresh store, and the same data opened anew. */
interface Backend {
  readonly name: string;
  open(): { readonly store: FeedbackStore; reopen(): FeedbackStore };
}

// A PostgreSQL implementation joins this list to run the same suite.
const BACKENDS: readonly Backend[] = [
  {
    name: 'SQLite',
    open() {
      const dir = mkdtempSync(join(tmpdir(), 'paperboy-feedback-'));
      const path = join(dir, 'paperboy.sqlite');
      let db = openDatabase(path, { log: silentLogger() });
      onTestFinished(() => {
        if (db.isOpen) db.close();
        rmSync(dir, { recursive: true, force: true });
      });
      return {
        store: createSqliteFeedbackStore({ db }),
        reopen() {
          db.close();
          db = openDatabase(path, { log: silentLogger() });
          return createSqliteFeedbackStore({ db });
        },
      };
    },
  },
];

const click = (userId: string, choice: 1 | -1, paperId = PAPER, at = 1000) => ({
  scope: SCOPE,
  channelId: CHANNEL,
  userId,
  paperId,
  choice,
  at,
});

describe.each(BACKENDS)('FeedbackStore on $name', (backend) => {
  describe('vote', () => {
    it('records a first vote and counts it', async () => {
      const { store } = backend.open();
      expect(await store.vote(click('u1', 1))).toEqual({ previous: 0, value: 1, tally: { up: 1, down: 0 } });
    });

    it('withdraws a vote clicked a second time (a toggle, like a reaction)', async () => {
      const { store } = backend.open();
      await store.vote(click('u1', 1));
      expect(await store.vote(click('u1', 1))).toEqual({ previous: 1, value: 0, tally: { up: 0, down: 0 } });
      expect(await store.tallies(SCOPE, [PAPER])).toEqual(new Map());
    });

    it('changes a vote when the other choice is clicked, keeping one vote per user and paper', async () => {
      const { store } = backend.open();
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
      const { store } = backend.open();
      await store.vote(click('u1', 1));
      await store.vote({ ...click('u1', -1), scope: 'sub-2' });
      expect(await store.tallies(SCOPE, [PAPER])).toEqual(new Map([[PAPER, { up: 1, down: 0 }]]));
      expect(await store.tallies('sub-2', [PAPER])).toEqual(new Map([[PAPER, { up: 0, down: 1 }]]));
    });
  });

  describe('hide', () => {
    it('hides every version and the DOI of the paper in that channel only, and records a 👎', async () => {
      const { store } = backend.open();
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
      const { store } = backend.open();
      const hide = { scope: SCOPE, channelId: CHANNEL, userId: 'u1', paper: { id: PAPER }, at: 1000 };
      await store.hide(hide);
      expect(await store.hide(hide)).toEqual({ previous: -1, value: -1, tally: { up: 0, down: 1 } });
    });
  });

  describe('counts and forget', () => {
    it('counts votes, voters and hidden papers, and forgets only the channel it is given', async () => {
      const { store } = backend.open();
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

    it('keeps votes across a reopen of the same data', async () => {
      const first = backend.open();
      await first.store.vote(click('u1', 1));
      const reopened = first.reopen();
      expect(await reopened.vote(click('u1', -1))).toEqual({ previous: 1, value: -1, tally: { up: 0, down: 1 } });
    });
  });
});

describe('feedbackScope', () => {
  it('is the subscription when the channel has one, else the channel', () => {
    expect(feedbackScope(CHANNEL, 'sub-1')).toBe('sub-1');
    expect(feedbackScope(CHANNEL, undefined)).toBe('channel:200');
  });
});
