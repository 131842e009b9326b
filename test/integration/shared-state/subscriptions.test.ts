import { describe, expect, it } from 'vitest';
import { parseSubscriptionInput, type SubscriptionInput } from '../../../src/digest/validate-subscription.ts';
import { STATE_BACKENDS } from '../../support/state-backends.ts';

const GUILD = '1100000000000000100';
const CHANNEL = '1100000000000000200';
const settings = (input: Partial<SubscriptionInput> = {}) =>
  parseSubscriptionInput({ topics: 'LLM reasoning', time: '09:00', ...input });
const ids = () => {
  let n = 0;
  return () => `sub-${++n}`;
};

describe.each(STATE_BACKENDS)('SubscriptionStore on %s', (_name, makeStorage) => {
  it('creates a channel subscription once and replaces its settings after, un-pausing it', async () => {
    const storage = await makeStorage();
    const { subscriptions } = await storage.node({ newId: ids() });
    const first = await subscriptions.subscribe({
      guildId: GUILD,
      channelId: CHANNEL,
      createdBy: 'u1',
      settings: settings({ topics: ['agents', 'planning'], categories: 'cs.CL' }),
    });
    expect(first.created).toBe(true);
    expect(first.subscription).toMatchObject({
      id: 'sub-1',
      topics: ['agents', 'planning'],
      categories: ['cs.CL'],
      time: '09:00',
      pausedReason: undefined,
      createdAt: '2025-03-31T09:00:00.000Z',
    });
    await subscriptions.pause('sub-1', 'channel gone');
    await storage.clock.advance(60_000);
    const second = await subscriptions.subscribe({
      guildId: GUILD,
      channelId: CHANNEL,
      createdBy: 'u2',
      settings: settings({ time: '10:30', maxPapers: 3, minScore: 0.4 }),
    });
    expect(second.created).toBe(false);
    expect(second.subscription).toMatchObject({
      id: 'sub-1',
      time: '10:30',
      maxPapers: 3,
      minScore: 0.4,
      createdBy: 'u1',
      pausedReason: undefined,
      createdAt: '2025-03-31T09:00:00.000Z',
      updatedAt: '2025-03-31T09:01:00.000Z',
    });
    expect(await subscriptions.get('sub-1')).toEqual(second.subscription);
    expect(await subscriptions.byChannel(CHANNEL)).toEqual(second.subscription);
  });

  it('lists a guild in creation order and leaves paused ones out of listActive', async () => {
    const storage = await makeStorage();
    const { subscriptions } = await storage.node({ newId: ids() });
    for (const channelId of ['1100000000000000203', '1100000000000000201', '1100000000000000202']) {
      await subscriptions.subscribe({ guildId: GUILD, channelId, createdBy: 'u1', settings: settings() });
      await storage.clock.advance(1_000);
    }
    await subscriptions.subscribe({
      guildId: '1100000000000000999',
      channelId: CHANNEL,
      createdBy: 'u1',
      settings: settings(),
    });
    await subscriptions.pause('sub-2', 'no access');
    expect((await subscriptions.list(GUILD)).map((s) => [s.id, s.channelId])).toEqual([
      ['sub-1', '1100000000000000203'],
      ['sub-2', '1100000000000000201'],
      ['sub-3', '1100000000000000202'],
    ]);
    expect((await subscriptions.listActive()).map((s) => s.id)).toEqual(['sub-1', 'sub-3', 'sub-4']);
    expect((await subscriptions.get('sub-2'))?.pausedReason).toBe('no access');
  });

  it('unsubscribes, dropping unfinished runs and keeping finished ones', async () => {
    const storage = await makeStorage();
    const { subscriptions, ledger } = await storage.node({ newId: ids() });
    await subscriptions.subscribe({ guildId: GUILD, channelId: CHANNEL, createdBy: 'u1', settings: settings() });
    const now = storage.clock.now();
    await ledger.createRun({ subscriptionId: 'sub-1', localDate: '2025-03-30', scheduledAt: now, status: 'pending' });
    await ledger.finish('sub-1', '2025-03-30', 'done');
    await ledger.createRun({ subscriptionId: 'sub-1', localDate: '2025-03-31', scheduledAt: now, status: 'pending' });
    expect(await subscriptions.unsubscribe(GUILD, CHANNEL)).toBe(true);
    expect(await subscriptions.unsubscribe(GUILD, CHANNEL)).toBe(false);
    expect(await subscriptions.byChannel(CHANNEL)).toBeUndefined();
    expect((await ledger.getRun('sub-1', '2025-03-30'))?.status).toBe('done');
    expect(await ledger.getRun('sub-1', '2025-03-31')).toBeUndefined();
  });

  it('ends with one subscription when two nodes subscribe one channel at the same moment', async () => {
    const storage = await makeStorage();
    const [a, b] = await Promise.all([
      storage.node({ newId: () => 'from-a' }),
      storage.node({ newId: () => 'from-b' }),
    ]);
    const results = await Promise.all(
      [a, b].map((node, i) =>
        node.subscriptions.subscribe({
          guildId: GUILD,
          channelId: CHANNEL,
          createdBy: `u${i}`,
          settings: settings({ maxPapers: i + 2 }),
        }),
      ),
    );
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    const listed = await a.subscriptions.list(GUILD);
    expect(listed).toHaveLength(1);
    expect(results.map((r) => r.subscription.id)).toEqual([listed[0]?.id, listed[0]?.id]);
  });
});
