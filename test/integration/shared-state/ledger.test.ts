import { describe, expect, it } from 'vitest';
import type { DigestPlan } from '../../../src/digest/types.ts';
import { STATE_BACKENDS } from '../../support/state-backends.ts';

const DAY = '2025-03-31';
const CHANNEL = '1100000000000000200';
const planOf = (...ids: string[]): DigestPlan => ({
  papers: ids.map((id) => ({ id, title: `Paper ${id}`, matchedTerms: ['reasoning'], tldr: 'Short.' })),
  matched: ids.length,
  notices: [],
});

describe.each(STATE_BACKENDS)('DigestLedger on %s', (_name, makeStorage) => {
  async function withRun() {
    const storage = await makeStorage();
    const { ledger } = await storage.node();
    const scheduledAt = storage.clock.now();
    await ledger.createRun({ subscriptionId: 'sub-1', localDate: DAY, scheduledAt, status: 'pending' });
    return { storage, ledger, scheduledAt };
  }

  it('creates a run once and reads it back as written', async () => {
    const { ledger, scheduledAt } = await withRun();
    expect(await ledger.createRun({ subscriptionId: 'sub-1', localDate: DAY, scheduledAt, status: 'skipped' })).toBe(
      false,
    );
    expect(await ledger.getRun('sub-1', DAY)).toEqual({
      subscriptionId: 'sub-1',
      localDate: DAY,
      status: 'pending',
      scheduledAt,
      plan: undefined,
      attempts: 0,
      nextAttemptAt: scheduledAt,
      error: undefined,
      sending: undefined,
    });
    expect(await ledger.getRun('sub-1', '2025-04-01')).toBeUndefined();
  });

  it('lists due runs oldest first, leaving out finished and later ones', async () => {
    const { storage, ledger, scheduledAt } = await withRun();
    const at = (minutes: number) => scheduledAt + minutes * 60_000;
    await ledger.createRun({ subscriptionId: 'sub-b', localDate: DAY, scheduledAt: at(-5), status: 'pending' });
    await ledger.createRun({ subscriptionId: 'sub-a', localDate: DAY, scheduledAt: at(-5), status: 'pending' });
    await ledger.createRun({ subscriptionId: 'sub-c', localDate: DAY, scheduledAt: at(-9), status: 'skipped' });
    await ledger.createRun({ subscriptionId: 'sub-d', localDate: DAY, scheduledAt: at(30), status: 'pending' });
    await ledger.retryLater('sub-a', DAY, at(10), 'arXiv did not answer');
    expect((await ledger.dueRuns(storage.clock.now())).map((r) => r.subscriptionId)).toEqual(['sub-b', 'sub-1']);
    expect((await ledger.dueRuns(at(10))).map((r) => r.subscriptionId)).toEqual(['sub-b', 'sub-1', 'sub-a']);
    expect(await ledger.getRun('sub-a', DAY)).toMatchObject({ attempts: 1, error: 'arXiv did not answer' });
    await ledger.finish('sub-b', DAY, 'failed', 'gave up');
    expect(await ledger.getRun('sub-b', DAY)).toMatchObject({ status: 'failed', error: 'gave up' });
  });

  it('keeps the first plan and moves the run to posting', async () => {
    const { ledger } = await withRun();
    expect(await ledger.savePlan('sub-1', DAY, planOf('arxiv:1'))).toEqual(planOf('arxiv:1'));
    expect(await ledger.savePlan('sub-1', DAY, planOf('arxiv:2'))).toEqual(planOf('arxiv:1'));
    expect(await ledger.getRun('sub-1', DAY)).toMatchObject({ status: 'posting', plan: planOf('arxiv:1') });
    await expect(ledger.savePlan('sub-9', DAY, planOf('arxiv:1'))).rejects.toThrow('no digest run sub-9/2025-03-31');
  });

  it('records a message once, clearing its sending mark, and reports a repeat with the first id', async () => {
    const { storage, ledger } = await withRun();
    const post = { subscriptionId: 'sub-1', localDate: DAY, channelId: CHANNEL, seq: 1, paperIds: ['arxiv:1'] };
    await ledger.markSending('sub-1', DAY, 1);
    expect((await ledger.getRun('sub-1', DAY))?.sending).toEqual({ seq: 1, at: storage.clock.now() });
    await ledger.recordPost({ ...post, seq: 0, messageId: 'm0', paperIds: [] });
    expect((await ledger.getRun('sub-1', DAY))?.sending?.seq).toBe(1);
    expect(await ledger.recordPost({ ...post, messageId: 'm1' })).toEqual({ kind: 'recorded' });
    expect((await ledger.getRun('sub-1', DAY))?.sending).toBeUndefined();
    expect(await ledger.recordPost({ ...post, messageId: 'm2' })).toEqual({
      kind: 'already-recorded',
      messageId: 'm1',
    });
    expect(await ledger.posts('sub-1', DAY)).toEqual([
      { seq: 0, messageId: 'm0', paperId: undefined },
      { seq: 1, messageId: 'm1', paperId: 'arxiv:1' },
    ]);
    expect(await ledger.recordedPost('sub-1', DAY, 1)).toEqual({ seq: 1, messageId: 'm1', paperId: 'arxiv:1' });
    expect(await ledger.recordedPost('sub-1', DAY, 2)).toBeUndefined();
  });

  it("counts papers shown in the channel by other digests, in the order asked, not the run's own", async () => {
    const { ledger } = await withRun();
    const post = { channelId: CHANNEL, seq: 1, messageId: 'm1' };
    await ledger.recordPost({
      subscriptionId: 'sub-1',
      localDate: '2025-03-30',
      ...post,
      paperIds: ['arxiv:1', 'arxiv:2'],
    });
    await ledger.recordPost({ subscriptionId: 'sub-1', localDate: DAY, ...post, paperIds: ['arxiv:3'] });
    await ledger.recordPost({
      subscriptionId: 'sub-2',
      localDate: DAY,
      ...post,
      channelId: '1100000000000000201',
      paperIds: ['arxiv:4'],
    });
    const found = await ledger.postedElsewhere(CHANNEL, ['arxiv:3', 'arxiv:2', 'arxiv:4', 'arxiv:1'], {
      subscriptionId: 'sub-1',
      localDate: DAY,
    });
    expect([...found]).toEqual(['arxiv:2', 'arxiv:1']);
    expect(await ledger.postedElsewhere(CHANNEL, [], { subscriptionId: 'sub-1', localDate: DAY })).toEqual(new Set());
  });

  it('records 24 digests posting at the same moment on two nodes, every message, none lost to a conflict', async () => {
    // As 2 workers × 12 concurrent digests do: different runs, one table. PostgreSQL's SERIALIZABLE
    // aborts some of these though their rows differ; each must be run again until it lands.
    const storage = await makeStorage();
    const nodes = await Promise.all([1, 2].map(() => storage.node()));
    const scheduledAt = storage.clock.now();
    const runs = Array.from({ length: 24 }, (_, i) => ({ node: nodes[i % 2], subscriptionId: `sub-${i}` }));
    await Promise.all(
      runs.map(async ({ node, subscriptionId }) => {
        await node?.ledger.createRun({ subscriptionId, localDate: DAY, scheduledAt, status: 'pending' });
        await node?.ledger.savePlan(subscriptionId, DAY, planOf(`arxiv:${subscriptionId}`));
        for (const seq of [0, 1, 2]) {
          await node?.ledger.markSending(subscriptionId, DAY, seq);
          await node?.ledger.recordPost({
            subscriptionId,
            localDate: DAY,
            channelId: `${CHANNEL}-${subscriptionId}`,
            seq,
            messageId: `${subscriptionId}-m${seq}`,
            paperIds: [`arxiv:${subscriptionId}.${seq}`],
          });
        }
      }),
    );
    for (const { subscriptionId } of runs) {
      expect((await nodes[0]?.ledger.posts(subscriptionId, DAY))?.map((p) => p.messageId)).toEqual(
        [0, 1, 2].map((seq) => `${subscriptionId}-m${seq}`),
      );
    }
  });

  it('lets exactly one of several nodes create, plan and record the same run at the same moment', async () => {
    const storage = await makeStorage();
    const nodes = await Promise.all([1, 2, 3, 4].map(() => storage.node()));
    const scheduledAt = storage.clock.now();
    const created = await Promise.all(
      nodes.map((n) => n.ledger.createRun({ subscriptionId: 'sub-1', localDate: DAY, scheduledAt, status: 'pending' })),
    );
    expect(created.filter(Boolean)).toHaveLength(1);
    const plans = await Promise.all(nodes.map((n, i) => n.ledger.savePlan('sub-1', DAY, planOf(`arxiv:${i}`))));
    expect(new Set(plans.map((p) => JSON.stringify(p))).size).toBe(1);
    const outcomes = await Promise.all(
      nodes.map((n, i) =>
        n.ledger.recordPost({
          subscriptionId: 'sub-1',
          localDate: DAY,
          channelId: CHANNEL,
          seq: 0,
          messageId: `m${i}`,
          paperIds: ['arxiv:1'],
        }),
      ),
    );
    expect(outcomes.filter((o) => o.kind === 'recorded')).toHaveLength(1);
    const [post] = (await nodes[0]?.ledger.posts('sub-1', DAY)) ?? [];
    expect(outcomes.filter((o) => o.kind === 'already-recorded').map((o) => 'messageId' in o && o.messageId)).toEqual([
      post?.messageId,
      post?.messageId,
      post?.messageId,
    ]);
  });
});
