import { describe, expect, it } from 'vitest';
import { CHANNEL, digestHarness } from '../digest-fixture.ts';

const DAY = '2025-03-31';

async function ledgerWithRun() {
  const h = digestHarness({ start: Date.UTC(2025, 2, 31, 9, 0) });
  await h.ledger.createRun({ subscriptionId: 'sub-1', localDate: DAY, scheduledAt: h.clock.now(), status: 'pending' });
  const post = { subscriptionId: 'sub-1', localDate: DAY, channelId: CHANNEL, seq: 1, paperIds: ['arxiv:1'] };
  return { h, post };
}

describe('createDigestLedger recordPost', () => {
  it('recognises a message recorded twice as already posted, keeping the first id', async () => {
    const { h, post } = await ledgerWithRun();
    expect(await h.ledger.recordPost({ ...post, messageId: 'm1' })).toEqual({ kind: 'recorded' });
    expect(await h.ledger.recordPost({ ...post, messageId: 'm2' })).toEqual({
      kind: 'already-recorded',
      messageId: 'm1',
    });
    expect(await h.ledger.posts('sub-1', DAY)).toEqual([{ seq: 1, messageId: 'm1', paperId: 'arxiv:1' }]);
  });

  it('clears the sending mark of the message it records, and only of that one', async () => {
    const { h, post } = await ledgerWithRun();
    await h.ledger.markSending('sub-1', DAY, 1);
    expect((await h.ledger.getRun('sub-1', DAY))?.sending).toEqual({ seq: 1, at: h.clock.now() });
    await h.ledger.recordPost({ ...post, seq: 0, messageId: 'm0' });
    expect((await h.ledger.getRun('sub-1', DAY))?.sending?.seq).toBe(1);
    await h.ledger.recordPost({ ...post, messageId: 'm1' });
    expect((await h.ledger.getRun('sub-1', DAY))?.sending).toBeUndefined();
  });

  it('keeps the sending mark through a retry, so the next attempt looks for the message', async () => {
    const { h } = await ledgerWithRun();
    await h.ledger.markSending('sub-1', DAY, 2);
    await h.ledger.retryLater('sub-1', DAY, h.clock.now() + 60_000, 'posting message 2 failed');
    expect((await h.ledger.getRun('sub-1', DAY))?.sending?.seq).toBe(2);
  });
});
