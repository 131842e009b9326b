import { describe, expect, it } from 'vitest';
import { CHANNEL, digestHarness } from '../digest-fixture.ts';

const DAY = '2025-03-31';

function ledgerWithRun() {
  const h = digestHarness({ start: Date.UTC(2025, 2, 31, 9, 0) });
  h.ledger.createRun({ subscriptionId: 'sub-1', localDate: DAY, scheduledAt: h.clock.now(), status: 'pending' });
  const post = { subscriptionId: 'sub-1', localDate: DAY, channelId: CHANNEL, seq: 1, paperIds: ['arxiv:1'] };
  return { h, post };
}

describe('createDigestLedger recordPost', () => {
  it('recognises a message recorded twice as already posted, keeping the first id', () => {
    const { h, post } = ledgerWithRun();
    expect(h.ledger.recordPost({ ...post, messageId: 'm1' })).toEqual({ kind: 'recorded' });
    expect(h.ledger.recordPost({ ...post, messageId: 'm2' })).toEqual({ kind: 'already-recorded', messageId: 'm1' });
    expect(h.ledger.posts('sub-1', DAY)).toEqual([{ seq: 1, messageId: 'm1', paperId: 'arxiv:1' }]);
  });

  it('clears the sending mark of the message it records, and only of that one', () => {
    const { h, post } = ledgerWithRun();
    h.ledger.markSending('sub-1', DAY, 1);
    expect(h.ledger.getRun('sub-1', DAY)?.sending).toEqual({ seq: 1, at: h.clock.now() });
    h.ledger.recordPost({ ...post, seq: 0, messageId: 'm0' });
    expect(h.ledger.getRun('sub-1', DAY)?.sending?.seq).toBe(1);
    h.ledger.recordPost({ ...post, messageId: 'm1' });
    expect(h.ledger.getRun('sub-1', DAY)?.sending).toBeUndefined();
  });

  it('keeps the sending mark through a retry, so the next attempt looks for the message', () => {
    const { h } = ledgerWithRun();
    h.ledger.markSending('sub-1', DAY, 2);
    h.ledger.retryLater('sub-1', DAY, h.clock.now() + 60_000, 'posting message 2 failed');
    expect(h.ledger.getRun('sub-1', DAY)?.sending?.seq).toBe(2);
  });
});
