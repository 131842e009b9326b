import { describe, expect, it } from 'vitest';
import { createDigestService } from '../../../src/digest/digest-service.ts';
import { parseSubscriptionInput } from '../../../src/digest/validate-subscription.ts';
import { silentLogger } from '../../../src/log.ts';
import { makePaper } from '../../support/builders.ts';
import { STATE_BACKENDS } from '../../support/state-backends.ts';
import { fakePoster, fakeSources, GUILD } from '../../unit/digest/digest-fixture.ts';

const DAY = '2025-03-31';
const CHANNELS = ['1100000000000000201', '1100000000000000202', '1100000000000000203', '1100000000000000204'];
const papers = [
  makePaper({ id: 'arxiv:2503.00001', title: 'Scaling LLM Reasoning with RL', abstract: 'We train LLMs to reason.' }),
  makePaper({ id: 'arxiv:2503.00003', title: 'A Survey of Reasoning in LLMs', abstract: 'We review reasoning.' }),
];

describe.each(STATE_BACKENDS)('digest nodes sharing state on %s', (_name, makeStorage) => {
  it('posts each due digest exactly once when three nodes tick at the same moment', async () => {
    const storage = await makeStorage({ start: Date.UTC(2025, 2, 31, 8, 0) });
    const sources = fakeSources();
    sources.hf.set(DAY, papers);
    const nodes = await Promise.all(
      [0, 1, 2].map(async (i) => {
        let created = 0;
        const state = await storage.node({ newId: () => `sub-${i}-${++created}` });
        const service = createDigestService({
          stores: state,
          clock: storage.clock,
          log: silentLogger(),
          config: { graceHours: 6, whenEmpty: 'notice' },
          sources,
        });
        return { service, poster: fakePoster() };
      }),
    );
    // Subscribed on different nodes; every node sees all of them.
    for (const [i, channelId] of CHANNELS.entries()) {
      await nodes[i % nodes.length]?.service.subscriptions.subscribe({
        guildId: GUILD,
        channelId,
        createdBy: 'u1',
        settings: parseSubscriptionInput({ topics: 'LLM reasoning', time: '09:00', style: 'threads' }),
      });
    }
    expect(await nodes[2]?.service.list(GUILD)).toHaveLength(CHANNELS.length);
    await storage.clock.advance(60 * 60_000);

    const reports = await Promise.all(nodes.map(({ service, poster }) => service.createScheduler(poster).tick()));
    const sent = nodes.flatMap(({ poster }) => poster.sent);
    // A header and one message per paper, per channel, each once.
    expect(sent).toHaveLength(CHANNELS.length * (1 + papers.length));
    expect(new Set(sent.map((m) => m.payload.nonce)).size).toBe(sent.length);
    expect(sent.map((m) => m.channelId).sort()).toEqual(CHANNELS.flatMap((c) => [c, c, c]).sort());
    expect(reports.flatMap((r) => r.outcomes.map((o) => o.outcome))).toEqual(
      CHANNELS.map(() => ({ kind: 'done', posted: 1 + papers.length })),
    );

    // The day is done everywhere: another round posts nothing.
    await storage.clock.advance(60_000);
    await Promise.all(nodes.map(({ service, poster }) => service.createScheduler(poster).tick()));
    expect(nodes.flatMap(({ poster }) => poster.sent)).toHaveLength(sent.length);
  });
});
