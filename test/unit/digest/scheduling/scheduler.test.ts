import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_DELETED_REASON, ChannelUnavailableError } from '../../../../src/digest/channels/channel-errors.ts';
import { RETRY_DELAYS_MS } from '../../../../src/digest/scheduling/run-digest.ts';
import type { PostMessage } from '../../../../src/digest/types.ts';
import { makePaper } from '../../../support/builders.ts';
import { CHANNEL, digestHarness, fakePoster } from '../digest-fixture.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const reasoning = makePaper({
  id: 'arxiv:2503.00001',
  title: 'Scaling LLM Reasoning with Reinforcement Learning',
  abstract: 'We train large language models to reason step by step with RL.',
  upvotes: 40,
  sources: ['huggingface'],
});
const vision = makePaper({
  id: 'arxiv:2503.00002',
  title: 'A Vision Transformer for Satellite Images',
  abstract: 'We segment fields from satellite images.',
  upvotes: 90,
  sources: ['huggingface'],
});
const survey = makePaper({
  id: 'arxiv:2503.00003',
  title: 'A Survey of Reasoning in LLMs',
  abstract: 'We review reasoning methods for large language models.',
  upvotes: 10,
  sources: ['huggingface'],
});

function contents(h: ReturnType<typeof digestHarness>): string[] {
  return h.poster.sent.map((m) => m.payload.content ?? m.payload.embeds.map((e) => e.title).join(' | '));
}

describe('createDigestScheduler', () => {
  it('posts at 09:00 Europe/Berlin before and after the March DST change', async () => {
    // Sat 29 Mar 2025 is CET (UTC+1); Sun 30 Mar is CEST (UTC+2).
    const h = digestHarness({ start: Date.UTC(2025, 2, 29, 6, 0) });
    await h.subscribe({ timezone: 'Europe/Berlin', time: '09:00', days: 'daily' });
    h.sources.hf.set('2025-03-29', [reasoning]);
    h.sources.hf.set('2025-03-30', [survey]);

    await h.clock.advance(Date.UTC(2025, 2, 29, 7, 59) - h.clock.now());
    await h.scheduler.tick();
    expect(h.poster.sent).toHaveLength(0);
    await h.clock.advance(MINUTE);
    await h.scheduler.tick();
    expect(contents(h)[0]).toBe("**Papers for Sat 29 Mar — 1 matching 'LLM reasoning'**");

    await h.clock.advance(Date.UTC(2025, 2, 30, 6, 59) - h.clock.now());
    await h.scheduler.tick();
    expect(h.poster.sent).toHaveLength(2);
    await h.clock.advance(MINUTE);
    await h.scheduler.tick();
    expect(contents(h)[2]).toBe("**Papers for Sun 30 Mar — 1 matching 'LLM reasoning'**");
  });

  it('posts at 09:00 Europe/Berlin before and after the October DST change', async () => {
    // Sat 25 Oct 2025 is CEST (UTC+2); Sun 26 Oct is CET (UTC+1).
    const h = digestHarness({ start: Date.UTC(2025, 9, 25, 5, 0) });
    await h.subscribe({ timezone: 'Europe/Berlin', time: '09:00', days: 'daily' });
    h.sources.hf.set('2025-10-25', [reasoning]);
    h.sources.hf.set('2025-10-26', [survey]);

    await h.clock.advance(Date.UTC(2025, 9, 25, 7, 0) - h.clock.now());
    await h.scheduler.tick();
    expect((await h.ledger.getRun('sub-1', '2025-10-25'))?.status).toBe('done');

    await h.clock.advance(Date.UTC(2025, 9, 26, 7, 59) - h.clock.now());
    await h.scheduler.tick();
    expect(await h.ledger.getRun('sub-1', '2025-10-26')).toBeUndefined();
    await h.clock.advance(MINUTE);
    await h.scheduler.tick();
    expect((await h.ledger.getRun('sub-1', '2025-10-26'))?.status).toBe('done');
  });

  it('posts each day once however often it ticks', async () => {
    const h = digestHarness({ start: Date.UTC(2025, 2, 31, 8, 0) });
    await h.subscribe({ time: '09:00' });
    h.sources.hf.set('2025-03-31', [reasoning, vision]);
    await h.clock.advance(HOUR);
    await Promise.all([h.scheduler.tick(), h.scheduler.tick()]);
    await h.scheduler.tick();
    expect(h.poster.sent).toHaveLength(2);
  });

  it('resumes after a crash between two messages without duplicates or gaps', async () => {
    const start = Date.UTC(2025, 2, 31, 8, 0);
    const first = digestHarness({ start });
    await first.subscribe({ time: '09:00', style: 'threads' });
    first.sources.hf.set('2025-03-31', [reasoning, survey]);
    // The process dies while Discord is handling the third message (header, paper 1, paper 2).
    const accepted: string[] = [];
    const dying: PostMessage = async (_channel, _message, nonce) => {
      if (accepted.length === 2) return new Promise(() => undefined);
      accepted.push(nonce);
      return { messageId: `m${accepted.length}` };
    };
    const crashed = first.restart({ poster: { ...fakePoster(), post: dying } });
    await first.clock.advance(HOUR);
    void crashed.scheduler.tick();
    await vi.waitFor(() => expect(accepted).toHaveLength(2));

    const restarted = first.restart();
    await restarted.scheduler.tick();
    expect(restarted.poster.sent).toHaveLength(1);
    expect(new Set([...accepted, ...restarted.poster.sent.map((m) => m.payload.nonce)]).size).toBe(3);
    expect((await restarted.ledger.posts('sub-1', '2025-03-31')).map((p) => p.seq)).toEqual([0, 1, 2]);
    expect((await restarted.ledger.getRun('sub-1', '2025-03-31'))?.status).toBe('done');
  });

  it('retries a failed post after a backoff and posts only the missing messages', async () => {
    const h = digestHarness({ start: Date.UTC(2025, 2, 31, 8, 0) });
    await h.subscribe({ time: '09:00', style: 'threads' });
    h.sources.hf.set('2025-03-31', [reasoning, survey]);
    h.poster.failWith(new Error('socket hang up'), { afterMessages: 1 });
    await h.clock.advance(HOUR);
    await h.scheduler.tick();
    expect(h.poster.sent).toHaveLength(1);

    const restarted = h.restart();
    await h.clock.advance(RETRY_DELAYS_MS[0] ?? 0);
    await restarted.scheduler.tick();
    expect(h.poster.sent.map((m) => m.payload.thread?.name)).toEqual([
      undefined,
      'Scaling LLM Reasoning with Reinforcement Learning',
      'A Survey of Reasoning in LLMs',
    ]);
  });

  it('posts a digest missed by less than the grace period late', async () => {
    const h = digestHarness({ start: Date.UTC(2025, 2, 31, 7, 0), graceHours: 6 });
    await h.subscribe({ time: '09:00' });
    h.sources.hf.set('2025-03-31', [reasoning]);
    await h.clock.advance(5 * HOUR); // down from 07:00 to 12:00; the digest was due at 09:00
    await h.scheduler.tick();
    expect((await h.ledger.getRun('sub-1', '2025-03-31'))?.status).toBe('done');
    expect(h.poster.sent).toHaveLength(2);
  });

  it('skips a digest missed by more than the grace period and records why', async () => {
    const h = digestHarness({ start: Date.UTC(2025, 2, 31, 7, 0), graceHours: 6 });
    await h.subscribe({ time: '09:00' });
    h.sources.hf.set('2025-03-31', [reasoning]);
    await h.clock.advance(9 * HOUR); // back at 16:00, 7 h late
    const report = await h.scheduler.tick();
    expect(report.skipped).toBe(1);
    expect(h.poster.sent).toHaveLength(0);
    expect(await h.ledger.getRun('sub-1', '2025-03-31')).toMatchObject({
      status: 'skipped',
      error: 'missed by 7.0 h (grace 6 h)',
    });
  });

  it('does not post on the day it subscribed when the time had already passed', async () => {
    const h = digestHarness({ start: Date.UTC(2025, 2, 31, 10, 0) });
    await h.subscribe({ time: '09:00' });
    h.sources.hf.set('2025-03-31', [reasoning]);
    await h.scheduler.tick();
    expect(h.poster.sent).toHaveLength(0);
    expect(await h.ledger.getRun('sub-1', '2025-03-31')).toBeUndefined();
  });

  it('says so in one line on a weekend without arXiv announcements', async () => {
    const h = digestHarness({ start: Date.UTC(2025, 2, 29, 8, 0) });
    await h.subscribe({ time: '09:00', days: 'daily', source: 'arxiv', categories: 'cs.CL' });
    await h.clock.advance(HOUR);
    await h.scheduler.tick();
    expect(contents(h)).toEqual(["No new papers matching 'LLM reasoning' for Sat 29 Mar."]);
  });

  it('stays silent on an empty day when whenEmpty is silent', async () => {
    const h = digestHarness({ start: Date.UTC(2025, 2, 29, 8, 0), whenEmpty: 'silent' });
    await h.subscribe({ time: '09:00', days: 'daily', source: 'arxiv', categories: 'cs.CL' });
    await h.clock.advance(HOUR);
    await h.scheduler.tick();
    expect(h.poster.sent).toHaveLength(0);
    expect((await h.ledger.getRun('sub-1', '2025-03-29'))?.status).toBe('done');
  });

  it('does not run on weekends for a weekdays subscription', async () => {
    const h = digestHarness({ start: Date.UTC(2025, 2, 29, 8, 0) });
    await h.subscribe({ time: '09:00', days: 'weekdays' });
    await h.clock.advance(HOUR);
    await h.scheduler.tick();
    expect(await h.ledger.getRun('sub-1', '2025-03-29')).toBeUndefined();
  });

  it('leaves out papers that match an exclude keyword', async () => {
    const h = digestHarness({ start: Date.UTC(2025, 2, 31, 8, 0) });
    await h.subscribe({ time: '09:00', exclude: 'survey' });
    h.sources.hf.set('2025-03-31', [reasoning, survey]);
    await h.clock.advance(HOUR);
    await h.scheduler.tick();
    expect((await h.ledger.getRun('sub-1', '2025-03-31'))?.plan?.papers.map((p) => p.id)).toEqual(['arxiv:2503.00001']);
  });

  it('does not post a paper again on a later day, even as a new version', async () => {
    const h = digestHarness({ start: Date.UTC(2025, 2, 31, 8, 0) });
    await h.subscribe({ time: '09:00' });
    h.sources.hf.set('2025-03-31', [reasoning]);
    h.sources.hf.set('2025-04-01', [{ ...reasoning, version: 2 }, survey]);
    await h.clock.advance(HOUR);
    await h.scheduler.tick();
    await h.clock.advance(24 * HOUR);
    await h.scheduler.tick();
    expect((await h.ledger.getRun('sub-1', '2025-04-01'))?.plan?.papers.map((p) => p.id)).toEqual(['arxiv:2503.00003']);
  });

  it('pauses the subscription with the reason when the channel was deleted (404)', async () => {
    const h = digestHarness({ start: Date.UTC(2025, 2, 31, 8, 0) });
    await h.subscribe({ time: '09:00' });
    h.sources.hf.set('2025-03-31', [reasoning]);
    h.poster.failWith(new ChannelUnavailableError(CHANNEL, 'deleted'));
    await h.clock.advance(HOUR);
    await h.scheduler.tick();
    expect((await h.subscriptions.get('sub-1'))?.pausedReason).toBe(CHANNEL_DELETED_REASON);
    expect(await h.subscriptions.listActive()).toEqual([]);
    expect((await h.ledger.getRun('sub-1', '2025-03-31'))?.status).toBe('failed');
  });

  it('retries, without pausing, when a post fails for another reason', async () => {
    const h = digestHarness({ start: Date.UTC(2025, 2, 31, 8, 0) });
    await h.subscribe({ time: '09:00' });
    h.sources.hf.set('2025-03-31', [reasoning]);
    h.poster.failWith(Object.assign(new Error('Internal Server Error'), { status: 500 }));
    await h.clock.advance(HOUR);
    await h.scheduler.tick();
    expect((await h.subscriptions.get('sub-1'))?.pausedReason).toBeUndefined();
    expect(await h.ledger.getRun('sub-1', '2025-03-31')).toMatchObject({
      attempts: 1,
      error: 'posting message 0 failed',
    });
  });

  it('retries while a source is down, then posts a short notice', async () => {
    const h = digestHarness({ start: Date.UTC(2025, 2, 31, 8, 0) });
    await h.subscribe({ time: '09:00' });
    h.sources.down.add('huggingface');
    await h.clock.advance(HOUR);
    await h.scheduler.tick();
    for (const delay of RETRY_DELAYS_MS) {
      expect(h.poster.sent).toHaveLength(0);
      await h.clock.advance(delay);
      await h.scheduler.tick();
    }
    expect(h.sources.calls.filter((call) => call === 'hf:2025-03-31')).toHaveLength(RETRY_DELAYS_MS.length + 1);
    expect(contents(h)).toEqual(['No digest for Mon 31 Mar: Hugging Face did not answer today.']);
  });

  it('posts late what a source returns once it is back', async () => {
    const h = digestHarness({ start: Date.UTC(2025, 2, 31, 8, 0) });
    await h.subscribe({ time: '09:00' });
    h.sources.down.add('huggingface');
    h.sources.hf.set('2025-03-31', [reasoning]);
    await h.clock.advance(HOUR);
    await h.scheduler.tick();
    h.sources.down.clear();
    await h.clock.advance(RETRY_DELAYS_MS[0] ?? 0);
    await h.scheduler.tick();
    expect(h.poster.sent).toHaveLength(2);
  });

  it('ticks on its own every tickMs of the injected clock once started', async () => {
    const h = digestHarness({ start: Date.UTC(2025, 2, 31, 8, 59, 30) });
    await h.subscribe({ time: '09:00' });
    h.sources.hf.set('2025-03-31', [reasoning]);
    h.scheduler.start();
    await vi.waitFor(() => expect(h.clock.pending()).toBe(1));
    await h.clock.advance(30_000);
    await vi.waitFor(() => expect(h.poster.sent).toHaveLength(2));
    await h.scheduler.stop();
    expect(h.clock.pending()).toBe(0);
  });
});

describe('createDigestScheduler after a settings change', () => {
  it('does not post at once when the time is moved to one already passed today', async () => {
    const h = digestHarness({ start: Date.UTC(2025, 2, 31, 7, 0) });
    await h.subscribe({ time: '11:00' });
    h.sources.hf.set('2025-03-31', [
      makePaper({
        id: 'arxiv:2503.00009',
        title: 'LLM reasoning',
        abstract: 'x',
        upvotes: 1,
        sources: ['huggingface'],
      }),
    ]);
    await h.clock.advance(3 * HOUR);
    await h.subscribe({ time: '09:00' });
    await h.scheduler.tick();
    expect(h.poster.sent).toHaveLength(0);
  });
});
