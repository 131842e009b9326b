import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { createDigestService } from '../../src/digest/digest-service.ts';
import { parseSubscriptionInput } from '../../src/digest/validate-subscription.ts';
import { openDatabase } from '../../src/library/database.ts';
import { silentLogger } from '../../src/log.ts';
import { CHILD_PAPERS, DIGEST_CHILD } from '../support/digest-child.ts';
import {
  FAKE_GUILD_ID,
  FAKE_PAPERS_CHANNEL_ID,
  type FakeDiscord,
  type HeldReply,
  type RecordedRequest,
  startFakeDiscord,
} from '../support/fake-discord.ts';

const DAY = '2024-09-18';
const CHANNEL = FAKE_PAPERS_CHANNEL_ID;
const MINUTE = 60_000;

interface Child {
  readonly process: ChildProcess;
  /** Resolves with the exit code and the outcome line the child printed. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; outcome: unknown }>;
}

/**
 * A data directory with a threads-style subscription (a header, then one message and thread per
 * paper), a fake Discord whose clock can be moved on, and a way to start `digest-child` processes.
 */
async function harness() {
  let skewMs = 0;
  const discord: FakeDiscord = await startFakeDiscord({ clock: { now: () => Date.now() + skewMs } });
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-digest-crash-'));
  const children: ChildProcess[] = [];
  onTestFinished(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await discord.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const db = openDatabase(join(dataDir, 'paperboy.sqlite'), { log: silentLogger() });
  const service = createDigestService({
    db,
    clock: systemClock,
    log: silentLogger(),
    config: { graceHours: 6, whenEmpty: 'notice' },
    sources: {},
  });
  await service.subscriptions.subscribe({
    guildId: FAKE_GUILD_ID,
    channelId: CHANNEL,
    createdBy: 'test',
    settings: parseSubscriptionInput({ topics: 'reasoning', style: 'threads', timezone: 'UTC' }),
  });
  const subscriptionId = (await service.subscriptions.byChannel(CHANNEL))?.id ?? '';
  onTestFinished(() => db.close());

  const start = (): Child => {
    const child = spawn(process.execPath, [DIGEST_CHILD, dataDir, discord.apiUrl, CHANNEL, DAY], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const done = once(child, 'exit').then(([code, signal]) => {
      if (code !== null && code !== 0 && stdout === '') throw new Error(`digest child failed (${code}):\n${stderr}`);
      return {
        code: code as number | null,
        signal: signal as NodeJS.Signals | null,
        outcome: stdout ? JSON.parse(stdout) : undefined,
      };
    });
    return { process: child, done };
  };

  /** The n-th (1-based) POST of a message to the channel. */
  const nthPost =
    (n: number) =>
    (request: RecordedRequest): boolean =>
      request.method === 'POST' &&
      request.path === `/channels/${CHANNEL}/messages` &&
      discord.channelMessages(CHANNEL).indexOf(request) === n - 1;

  /** Waits until the fake holds `child`'s request; fails at once if the child exits first. */
  const holding = (held: HeldReply, child: Child): Promise<unknown> =>
    Promise.race([
      held.reached,
      child.done.then((exit) => {
        throw new Error(`digest child exited before the held request: ${JSON.stringify(exit)}`);
      }),
    ]);

  /**
   * Starts a child and SIGKILLs it once Discord has stored its n-th message, before the child
   * hears so: between Discord accepting the message and the ledger recording it.
   */
  const killedAt = async (n: number) => {
    const held = discord.holdReply(nthPost(n));
    const child = start();
    await holding(held, child);
    child.process.kill('SIGKILL');
    const exit = await child.done;
    held.release();
    return exit;
  };

  return {
    discord,
    holding,
    killedAt,
    ledger: service.ledger,
    subscriptionId,
    start,
    nthPost,
    /** Moves Discord's clock on, past its enforce_nonce window (messages get later ids too). */
    skew: (ms: number) => {
      skewMs += ms;
    },
  };
}

const contents = (discord: FakeDiscord) => discord.messagesIn(CHANNEL).map((m) => m.content.split('\n')[0]);

describe('a digest process killed mid-post (SIGKILL, real processes, discord.js against the fake Discord)', () => {
  it('is resumed at once by the next run, which posts no duplicate and leaves no gap', async () => {
    const h = await harness();
    // Discord stores the second message (the first paper); the process dies before it hears so.
    expect((await h.killedAt(2)).signal).toBe('SIGKILL');
    expect((await h.ledger.posts(h.subscriptionId, DAY)).map((p) => p.seq)).toEqual([0]);

    // Later than Discord's nonce check reaches, and well within the dead process's 5-minute lease.
    h.skew(3 * MINUTE);
    const second = await h.start().done;
    expect(second).toMatchObject({ code: 0, outcome: { kind: 'done' } });

    const messages = h.discord.messagesIn(CHANNEL);
    expect(contents(h.discord)).toEqual([
      "**Papers for Wed 18 Sep — 2 matching 'reasoning'**",
      expect.stringContaining(CHILD_PAPERS[0]?.title ?? ''),
      expect.stringContaining(CHILD_PAPERS[1]?.title ?? ''),
    ]);
    // The message in flight at the kill was found, not sent again, and got its thread.
    expect(h.discord.channelMessages(CHANNEL)).toHaveLength(3);
    expect(messages.slice(1).map((m) => m.thread?.name)).toEqual(CHILD_PAPERS.map((p) => p.title));
    const lookup = h.discord.requests.find((r) => r.method === 'GET' && r.path === `/channels/${CHANNEL}/messages`);
    expect(lookup?.query.after).toBe(messages[0]?.id);
    expect((await h.ledger.posts(h.subscriptionId, DAY)).map((p) => p.messageId)).toEqual(messages.map((m) => m.id));
    expect((await h.ledger.getRun(h.subscriptionId, DAY))?.status).toBe('done');
  });

  it('finds the first message of a digest, killed on it, by when it was sent', async () => {
    const h = await harness();
    await h.killedAt(1);

    h.skew(3 * MINUTE);
    expect(await h.start().done).toMatchObject({ code: 0, outcome: { kind: 'done' } });
    expect(contents(h.discord)).toHaveLength(3);
    expect(h.discord.channelMessages(CHANNEL)).toHaveLength(3);
    // Nothing was recorded yet, so the search started a little before the send (message ids carry time).
    const lookup = h.discord.requests.find((r) => r.method === 'GET' && r.path === `/channels/${CHANNEL}/messages`);
    const header = h.discord.messagesIn(CHANNEL)[0];
    expect(BigInt(lookup?.query.after ?? '0')).toBeLessThan(BigInt(header?.id ?? '0'));
  });
});

describe('two digest processes on one data directory', () => {
  it('post the digest once: the second is refused while the first is posting', async () => {
    const h = await harness();
    const held = h.discord.holdReply(h.nthPost(1));
    const first = h.start();
    await h.holding(held, first);
    const second = await h.start().done;
    expect(second).toEqual({
      code: 1,
      signal: null,
      outcome: { kind: 'refused', reason: `The digest for ${DAY} is being posted right now; try again later.` },
    });
    held.release();
    expect(await first.done).toMatchObject({ code: 0, outcome: { kind: 'done', posted: 3 } });
    expect(contents(h.discord)).toHaveLength(3);
  });
});
