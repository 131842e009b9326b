import { describe, expect, it } from 'vitest';
import { createDigestService } from '../../../src/digest/digest-service.ts';
import type { UserInputError } from '../../../src/errors/index.ts';
import { silentLogger } from '../../../src/log.ts';
import { makePaper } from '../../support/builders.ts';
import { CHANNEL, digestHarness } from './digest-fixture.ts';

async function setup() {
  const h = digestHarness({ start: Date.UTC(2025, 2, 31, 10, 0) });
  const service = createDigestService({
    db: h.db,
    clock: h.clock,
    log: silentLogger(),
    config: { graceHours: 6, whenEmpty: 'notice' },
    sources: h.sources,
  });
  await h.subscribe({ topics: 'reasoning', time: '09:00' });
  h.sources.hf.set('2025-03-31', [makePaper({ title: 'Reasoning at scale', abstract: 'We scale reasoning. More.' })]);
  return { h, service };
}

describe('createDigestService runNow', () => {
  it("posts today's digest now, with the extractive TL;DR when no LLM is given", async () => {
    const { h, service } = await setup();
    expect(await service.runNow(CHANNEL, { delivery: h.poster })).toEqual({ kind: 'done', posted: 2 });
    expect(h.poster.sent[1]?.payload.content).toContain('> We scale reasoning.');
  });

  it('refuses to post a day twice', async () => {
    const { h, service } = await setup();
    await service.runNow(CHANNEL, { delivery: h.poster });
    const error = await service.runNow(CHANNEL, { delivery: h.poster }).catch((e: unknown) => e);
    expect((error as UserInputError).userMessage).toBe(
      'The digest for 2025-03-31 is already done in this channel; each day is posted once.',
    );
  });

  it('leaves the ledger alone on a preview', async () => {
    const { h, service } = await setup();
    const preview = await service.preview(undefined, CHANNEL);
    expect([preview.localDate, preview.plan.papers.map((p) => p.id)]).toEqual(['2025-03-31', ['arxiv:2401.12345']]);
    expect(await h.ledger.getRun('sub-1', '2025-03-31')).toBeUndefined();
  });
});

describe('createDigestLedger postedElsewhere', () => {
  it("counts papers posted by other days' digests in the channel, not the run's own", async () => {
    const { h } = await setup();
    const post = { channelId: CHANNEL, seq: 1, messageId: 'm1', paperIds: ['arxiv:1', 'arxiv:2'] };
    await h.ledger.recordPost({ subscriptionId: 'sub-1', localDate: '2025-03-30', ...post });
    await h.ledger.recordPost({ subscriptionId: 'sub-1', localDate: '2025-03-31', ...post, paperIds: ['arxiv:3'] });
    const found = await h.ledger.postedElsewhere(CHANNEL, ['arxiv:1', 'arxiv:3', 'arxiv:4'], {
      subscriptionId: 'sub-1',
      localDate: '2025-03-31',
    });
    expect([...found]).toEqual(['arxiv:1']);
  });
});
