import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createDigestService, type DigestService } from '../../../../src/digest/digest-service.ts';
import { RETRY_DELAYS_MS } from '../../../../src/digest/scheduling/run-digest.ts';
import { createDigestScheduler } from '../../../../src/digest/scheduling/scheduler.ts';
import type { PostMessage } from '../../../../src/digest/types.ts';
import { openDatabase } from '../../../../src/library/database.ts';
import type { Llm } from '../../../../src/llm/types.ts';
import { createLogger, type Logger, silentLogger } from '../../../../src/log.ts';
import { makePaper } from '../../../support/builders.ts';
import { type DigestHarness, digestHarness, fakePoster } from '../digest-fixture.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = '2025-03-31';

const papers = [
  makePaper({ id: 'arxiv:2503.00001', title: 'Scaling LLM Reasoning with RL', abstract: 'We train LLMs to reason.' }),
  makePaper({ id: 'arxiv:2503.00003', title: 'A Survey of Reasoning in LLMs', abstract: 'We review reasoning.' }),
];

/** A digest due at 09:00 on Mon 31 Mar 2025 in the threads style (header + one message per paper), the clock at 09:00. */
async function dueDigest(log?: Logger): Promise<DigestHarness> {
  const h = digestHarness({ start: Date.UTC(2025, 2, 31, 8, 0), ...(log ? { log } : {}) });
  await h.subscribe({ time: '09:00', style: 'threads' });
  h.sources.hf.set(DAY, papers);
  await h.clock.advance(HOUR);
  return h;
}

/** A `post` that lets Discord accept `accepted` messages into `channel`, then hangs: the process is killed there. */
function dyingAfter(channel: ReturnType<typeof fakePoster>, accepted: number, beforeHanging: 'accept' | 'refuse') {
  const post: PostMessage = async (channelId, message, nonce) => {
    if (channel.sent.length < accepted) return channel.post(channelId, message, nonce);
    if (beforeHanging === 'accept') await channel.post(channelId, message, nonce);
    return new Promise(() => undefined);
  };
  return { ...channel, post };
}

function capturedLog() {
  const stream = new PassThrough();
  const lines: Array<{ level: number; msg: string }> = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
  });
  return { log: createLogger('debug', { destination: stream }), lines };
}

describe('createDigestRunner after a crash mid-post', () => {
  it('records the message Discord accepted before the crash instead of sending it again', async () => {
    const h = await dueDigest();
    const channel = fakePoster();
    // Killed while waiting for Discord's answer to the second message, which Discord had stored.
    void h.restart({ poster: dyingAfter(channel, 1, 'accept') }).scheduler.tick();
    await vi.waitFor(() => expect(channel.sent).toHaveLength(2));

    const restarted = h.restart({ poster: channel });
    await restarted.scheduler.tick();
    const nonces = channel.sent.map((m) => m.payload.nonce);
    expect(nonces).toHaveLength(3);
    expect(new Set(nonces).size).toBe(3);
    expect((await restarted.ledger.posts('sub-1', DAY)).map((p) => [p.seq, p.messageId])).toEqual(
      channel.sent.map((m, seq) => [seq, m.messageId]),
    );
    // It looked after the last message it had recorded.
    expect(channel.searches).toEqual([
      { nonce: nonces[1], after: channel.sent[0]?.messageId, sentSince: h.clock.now() },
    ]);
  });

  it('sends the message again when Discord never got it', async () => {
    const h = await dueDigest();
    const channel = fakePoster();
    void h.restart({ poster: dyingAfter(channel, 1, 'refuse') }).scheduler.tick();
    await vi.waitFor(() => expect(channel.sent).toHaveLength(1));

    await h.restart({ poster: channel }).scheduler.tick();
    expect(channel.sent.map((m) => m.payload.thread?.name)).toEqual([
      undefined,
      'Scaling LLM Reasoning with RL',
      'A Survey of Reasoning in LLMs',
    ]);
    expect(channel.searches).toHaveLength(1);
  });

  it('finishes a message whose answer was lost on the next attempt, without sending it again', async () => {
    const h = await dueDigest();
    const channel = fakePoster();
    // Discord took the second message, then the thread start (or the answer) failed.
    const flaky: PostMessage = async (channelId, message, nonce) => {
      const sent = await channel.post(channelId, message, nonce);
      if (channel.sent.length === 2) throw new Error('socket hang up');
      return sent;
    };
    const first = h.restart({ poster: { ...channel, post: flaky } });
    expect((await first.scheduler.tick()).outcomes.map((o) => o.outcome.kind)).toEqual(['retry']);

    await h.clock.advance(RETRY_DELAYS_MS[0] ?? 0);
    await h.restart({ poster: channel }).scheduler.tick();
    expect(channel.sent).toHaveLength(3);
    expect(await h.ledger.getRun('sub-1', DAY)).toMatchObject({ status: 'done', sending: undefined });
  });

  it('stops before sending when it no longer holds the lease', async () => {
    const h = await dueDigest();
    await h.ledger.createRun({
      subscriptionId: 'sub-1',
      localDate: DAY,
      scheduledAt: h.clock.now(),
      status: 'pending',
    });
    const subscription = await h.subscriptions.get('sub-1');
    const run = await h.ledger.getRun('sub-1', DAY);
    if (!subscription || !run) throw new Error('subscribed and created above');
    expect(await h.runner.execute(subscription, run, { held: async () => false })).toEqual({
      kind: 'taken-over',
      reason: 'another process took over this digest',
    });
    expect(h.poster.sent).toEqual([]);
  });
});

describe('createDigestScheduler when a run crashes', () => {
  it('retries it after each backoff, then gives up and logs an error', async () => {
    const { log, lines } = capturedLog();
    const h = await dueDigest(log);
    // A fault outside the runner's own handling: the database answers garbage.
    const broken = {
      ...h.subscriptions,
      get: () => {
        throw new Error('database disk image is malformed');
      },
    };
    const scheduler = createDigestScheduler({
      subscriptions: broken,
      ledger: h.ledger,
      runner: h.runner,
      clock: h.clock,
      log,
      graceHours: 24,
    });
    await scheduler.tick();
    expect(await h.ledger.getRun('sub-1', DAY)).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: h.clock.now() + (RETRY_DELAYS_MS[0] ?? 0),
      error: 'internal error: database disk image is malformed',
    });
    for (const delay of RETRY_DELAYS_MS) {
      await h.clock.advance(delay);
      await scheduler.tick();
    }
    expect((await h.ledger.getRun('sub-1', DAY))?.status).toBe('failed');
    expect(lines.filter((l) => l.msg === 'digest gave up').map((l) => l.level)).toEqual([50]);
  });
});

describe('digest services sharing a data directory', () => {
  function twoServices(h: DigestHarness, llmA: Pick<Llm, 'tldr'>): [DigestService, DigestService] {
    const dbB = openDatabase(h.file, { log: silentLogger() });
    const common = {
      clock: h.clock,
      log: silentLogger(),
      config: { graceHours: 6, whenEmpty: 'notice' as const },
      sources: h.sources,
    };
    return [
      createDigestService({ ...common, db: h.db, llm: llmA }),
      createDigestService({ ...common, db: dbB, llm: { tldr: async () => 'Fast.' } }),
    ];
  }

  it('keeps one poster when planning takes longer than the lease', async () => {
    const h = await dueDigest();
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    let asked = 0;
    const slow = {
      async tldr() {
        asked++;
        await gate;
        return 'Slow.';
      },
    };
    const [a, b] = twoServices(h, slow);
    const [posterA, posterB] = [fakePoster(), fakePoster()];
    const planning = a.createScheduler(posterA).tick();
    await vi.waitFor(() => expect(asked).toBe(1));
    // Ten minutes of LLM calls: twice the lease.
    for (let minute = 0; minute < 10; minute++) await h.clock.advance(MINUTE);
    expect((await b.createScheduler(posterB).tick()).outcomes).toEqual([]);

    openGate();
    expect((await planning).outcomes.map((o) => o.outcome)).toEqual([{ kind: 'done', posted: 3 }]);
    await b.createScheduler(posterB).tick();
    expect([posterA.sent.length, posterB.sent.length]).toEqual([3, 0]);
  });

  it('posts once when two schedulers tick at the same time', async () => {
    const h = await dueDigest();
    const [a, b] = twoServices(h, { tldr: async () => 'Fast.' });
    const [posterA, posterB] = [fakePoster(), fakePoster()];
    await Promise.all([a.createScheduler(posterA).tick(), b.createScheduler(posterB).tick()]);
    expect(posterA.sent.length + posterB.sent.length).toBe(3);
    expect((await h.ledger.getRun('sub-1', DAY))?.status).toBe('done');
  });
});
