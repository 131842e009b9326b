import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { customIds } from '../support/custom-ids.ts';
import {
  FAKE_APPLICATION_ID,
  FAKE_BOT_TOKEN,
  FAKE_PAPERS_CHANNEL_ID,
  type FakeDiscord,
  type HttpDelivery,
  type RecordedRequest,
  startFakeDiscord,
} from '../support/fake-discord.ts';
import { ingestSample, type ServeNode, startServeNode } from '../support/serve-node.ts';

// Two `paperboy serve` processes behind a round-robin "load balancer" (the test), each with its own
// library filled by the same ingestion, sharing component state and seen signatures through the
// real Redis; the fake Discord delivers signed interactions to them.

const redisUrl = inject('redisUrl');
const BIN = resolve(import.meta.dirname, '../../bin/paperboy.js');

let fake: FakeDiscord;
let nodes: ServeNode[] = [];
const dirs: string[] = [];

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-serve-'));
  dirs.push(dir);
  ingestSample(dir);
  return dir;
}

function start(dir: string, args: readonly string[] = []): Promise<ServeNode> {
  return startServeNode({
    dataDir: dir,
    apiUrl: fake.apiUrl,
    publicKey: fake.publicKey,
    token: FAKE_BOT_TOKEN,
    cacheUrl: redisUrl,
    args,
  });
}

// Generous: the whole suite shares two cores, and this is not a latency test (bench:cluster is).
function editOf(token: string, timeoutMs = 30_000): Promise<RecordedRequest> {
  const path = `/webhooks/${FAKE_APPLICATION_ID}/${token}/messages/@original`;
  return fake.waitForRequest((r) => r.method === 'PATCH' && r.path === path, timeoutMs);
}

function message(edit: RecordedRequest) {
  return edit.body as Parameters<typeof customIds>[0] & { embeds?: { title?: string }[] };
}

/** Runs `jobs` with at most `limit` at a time, in order of start. */
async function pooled<T>(count: number, limit: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await job(i);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

beforeAll(async () => {
  if (!redisUrl) return;
  fake = await startFakeDiscord();
  const [a, b] = [dataDir(), dataDir()];
  nodes = await Promise.all([start(a), start(b)]);
}, 120_000);

afterAll(async () => {
  for (const node of nodes) if (node.child.exitCode === null) node.child.kill('SIGKILL');
  await fake?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!redisUrl)('two paperboy serve nodes', () => {
  it('both pass the portal’s endpoint check', async () => {
    for (const node of nodes) await fake.setInteractionsEndpoint(node.url);
  });

  it('answer 200 interactions spread round robin over both, each exactly once', async () => {
    const payloads = Array.from({ length: 200 }, (_, i) =>
      i % 4 === 3
        ? fake.autocomplete('summarize', { paper: 'self' }, 'paper')
        : fake.chatInput('papers', { query: ['reasoning', 'self-learning', 'agents'][i % 3] ?? 'agents' }),
    );
    const deliveries: HttpDelivery[] = await pooled(payloads.length, 16, (i) =>
      fake.deliverInteraction(payloads[i] as (typeof payloads)[number], { url: nodes[i % 2]?.url ?? '' }),
    );
    expect(deliveries.filter((d) => d.failure !== undefined).map((d) => d.failure)).toEqual([]);
    for (const payload of payloads) {
      const callbacks = fake.callbacks(payload.id);
      expect(callbacks.map((c) => [c.viaHttp, c.status])).toEqual([[true, 204]]);
    }
    const commands = payloads.filter((p) => p.type === 2);
    const edits = await Promise.all(commands.map((p) => editOf(p.token)));
    expect(edits.every((e) => e.status === 200)).toBe(true);
    const editsPerToken = commands.map((p) => fake.edits(p.token).length);
    expect(new Set(editsPerToken)).toEqual(new Set([1]));
    const autocompletes = deliveries.filter((_, i) => i % 4 === 3);
    expect(autocompletes.every((d) => (d.body as { type: number }).type === 8)).toBe(true);
  }, 120_000);

  it('refuse bad, missing and replayed signatures with 401 on either node, replays across nodes too', async () => {
    const [a, b] = nodes as [ServeNode, ServeNode];
    for (const node of nodes) {
      for (const signing of ['bad', 'missing'] as const) {
        const refused = await fake.deliverInteraction(fake.chatInput('papers', { query: 'agents' }), {
          url: node.url,
          signing,
        });
        expect(refused.status).toBe(401);
      }
    }
    const first = await fake.deliverInteraction(fake.chatInput('papers', { query: 'agents' }), { url: a.url });
    expect(first.status).toBe(200);
    expect((await fake.redeliver(first.request, a.url)).status).toBe(401);
    expect((await fake.redeliver(first.request, b.url)).status).toBe(401);
  });

  it('run a button rendered by node A when it is clicked on node B', async () => {
    const [a, b] = nodes as [ServeNode, ServeNode];
    const list = fake.chatInput('papers', { query: 'reasoning', limit: 1 });
    await fake.deliverInteraction(list, { url: a.url });
    const ids = customIds(message(await editOf(list.token)));
    const next = ids.find((id) => id.startsWith('papers.next:')) ?? '';
    const shown = fake
      .messagesIn(FAKE_PAPERS_CHANNEL_ID)
      .find((m) => customIds({ components: m.components ?? [] }).join(' ') === ids.join(' '));
    if (!shown) throw new Error('the list message is not in the channel');
    const click = fake.button(next, shown);
    const delivery = await fake.deliverInteraction(click, { url: b.url });
    expect(delivery.body).toEqual({ type: InteractionResponseType.DeferredMessageUpdate });
    expect(message(await editOf(click.token)).embeds?.[0]?.title).toContain('(page 2)');
  });

  it('drain on SIGTERM mid-burst: readyz 503, every interaction answered once, the served ones finished, exit 0', async () => {
    const node = await start(dirs[1] ?? '', ['--drain-notice', '600', '--drain-grace', '30000']);
    const burst = Array.from({ length: 30 }, () => fake.chatInput('papers', { query: 'self-learning agents' }));
    const deliveries = burst.map((payload) => fake.deliverInteraction(payload, { url: node.url }));
    await new Promise((done) => setTimeout(done, 20));
    node.child.kill('SIGTERM');
    // Polled: on a loaded machine the signal takes its time to arrive; the notice keeps it 503 600 ms.
    let readyz = 200;
    for (let tries = 0; readyz !== 503 && tries < 200; tries++) {
      readyz = (await fetch(`${node.base}/readyz`)).status;
      if (readyz !== 503) await new Promise((done) => setTimeout(done, 25));
    }
    expect(readyz).toBe(503);
    const answered = await Promise.all(deliveries);
    expect(answered.map((d) => d.failure)).toEqual(burst.map(() => undefined));
    // Served (deferred, then edited) or, once the notice is over, refused with the restarting note.
    const kinds = answered.map((d) => (d.body as { type: number }).type);
    expect(kinds.every((type) => type === 5 || type === 4)).toBe(true);
    const refused = answered.filter((d) => (d.body as { type: number }).type === 4);
    for (const note of refused) {
      expect(note.body).toMatchObject({ data: { content: 'Paperboy is restarting; try again in a minute.' } });
    }
    expect(burst.map((payload) => fake.callbacks(payload.id).length)).toEqual(burst.map(() => 1));
    const served = burst.filter((_, i) => kinds[i] === 5);
    expect(served.length).toBeGreaterThan(0);
    await Promise.all(served.map((payload) => editOf(payload.token)));
    expect(await node.exited).toBe(0);
  }, 120_000);
});

describe('paperboy serve, misconfigured', () => {
  it('says DISCORD_PUBLIC_KEY is missing and exits 1', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'paperboy-serve-'));
    dirs.push(cwd);
    const result = spawnSync(process.execPath, [BIN, 'serve', '--port', '0'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, OFFLINE: 'true', LOG_LEVEL: 'silent', DISCORD_TOKEN: 'x' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DISCORD_PUBLIC_KEY');
  });

  it('refuses a port that is not a number', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'paperboy-serve-'));
    dirs.push(cwd);
    const result = spawnSync(process.execPath, [BIN, 'serve', '--port', 'abc'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, OFFLINE: 'true', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--port: expected a port number');
  });
});
