import { describe, expect, it } from 'vitest';
import { STATE_BACKENDS } from '../../support/state-backends.ts';

const THREAD = {
  threadId: '900',
  channelId: '100',
  messageId: '900',
  paperId: 'arxiv:2401.00001',
  createdBy: '7',
  createdAt: '2026-12-01T09:00:00.000Z',
};

describe.each(STATE_BACKENDS)('DiscussionStore on %s', (_name, makeStorage) => {
  it('finds a thread by its id and by the message and paper it was opened for', async () => {
    const { discussions } = await (await makeStorage()).node();
    await discussions.record(THREAD);
    expect(await discussions.byThread('900')).toEqual(THREAD);
    expect(await discussions.byMessage('900', 'arxiv:2401.00001')).toEqual(THREAD);
    expect(await discussions.byMessage('900', 'arxiv:2401.00002')).toBeUndefined();
    expect(await discussions.byThread('901')).toBeUndefined();
  });

  it('keeps one thread per message and paper: a second record gets the first back', async () => {
    const { discussions } = await (await makeStorage()).node();
    await discussions.record(THREAD);
    expect(await discussions.record({ ...THREAD, threadId: '901', createdBy: '8' })).toEqual(THREAD);
    expect(await discussions.byThread('901')).toBeUndefined();
  });

  it('holds several papers’ threads for one message (a list: the others start in the channel)', async () => {
    const { discussions } = await (await makeStorage()).node();
    await discussions.record(THREAD);
    const other = { ...THREAD, threadId: '950', paperId: 'arxiv:2401.00002' };
    expect(await discussions.record(other)).toEqual(other);
    expect(await discussions.byMessage('900', 'arxiv:2401.00002')).toEqual(other);
  });

  it('is seen by another node (a restarted one opens the storage anew too)', async () => {
    const storage = await makeStorage();
    const first = await storage.node();
    await first.discussions.record(THREAD);
    const second = await storage.node();
    expect(await second.discussions.byThread('900')).toEqual(THREAD);
  });
});
