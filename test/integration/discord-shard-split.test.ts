import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '@keyv/redis';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  FAKE_BOT_TOKEN,
  FAKE_GUILD_ID,
  FAKE_PAPERS_CHANNEL_ID,
  FAKE_USER_ID,
  type FakeDiscord,
  shardOf,
  startFakeDiscord,
} from '../support/fake-discord.ts';

// Issue 13: gateway shards split across processes. Two `paperboy start` processes run one shard
// each of two, against one fake Discord that routes each guild's events to its shard and, with
// max_concurrency 1, refuses an identify within 5 s of another (Invalid Session), as Discord does.
// The processes share one Redis, for the identify slot and the LLM rate limits.

const BIN = resolve(import.meta.dirname, '../../bin/paperboy.js');
const redisUrl = inject('redisUrl');
// One more than the default guild's id in the timestamp bits: the other shard of two.
const OTHER_GUILD_ID = String(BigInt(FAKE_GUILD_ID) + (1n << 22n));
const OTHER_CHANNEL_ID = String(BigInt(FAKE_PAPERS_CHANNEL_ID) + (1n << 22n));
const CHANNELS = [FAKE_PAPERS_CHANNEL_ID, OTHER_CHANNEL_ID];

interface Node {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
}

function startNode(fake: FakeDiscord, shardId: number, dirs: string[]): Node {
  const cwd = mkdtempSync(join(tmpdir(), `paperboy-shard-${shardId}-`));
  dirs.push(cwd);
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: cwd,
      LOG_LEVEL: 'warn',
      OFFLINE: 'true',
      LIBRARY_READ_WORKERS: '0',
      DISCORD_TOKEN: FAKE_BOT_TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_SHARD_COUNT: '2',
      DISCORD_SHARD_IDS: String(shardId),
      REDIS_URL: redisUrl,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, exited };
}

/** Forgets what an earlier run left in the shared Redis: identify slots and the fixture user's budgets. */
async function clearSharedState(): Promise<void> {
  const client = createClient({ url: redisUrl });
  await client.connect();
  try {
    const keys = [
      'paperboy:identify:0',
      `paperboy:llm:user:${FAKE_USER_ID}`,
      `paperboy:llm:guild:${FAKE_GUILD_ID}`,
      `paperboy:llm:guild:${OTHER_GUILD_ID}`,
    ];
    await client.del(keys);
  } finally {
    client.destroy();
  }
}

describe.runIf(redisUrl !== '')('two gateway processes with one shard each', () => {
  let fake: FakeDiscord;
  const nodes: Node[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    expect(shardOf(FAKE_GUILD_ID, 2)).not.toBe(shardOf(OTHER_GUILD_ID, 2));
    await clearSharedState();
    fake = await startFakeDiscord({
      shards: 2,
      maxConcurrency: 1,
      extraGuilds: [{ guildId: OTHER_GUILD_ID, channelId: OTHER_CHANNEL_ID }],
    });
    nodes.push(startNode(fake, 0, dirs), startNode(fake, 1, dirs));
    // Each registers its commands after READY (its own fresh database), then takes interactions.
    const registered = () =>
      fake.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/commands') && r.status);
    for (let waited = 0; registered().length < 2; waited += 100) {
      if (waited > 30_000) throw new Error('the two shard processes did not both come up within 30 s');
      await sleep(100);
    }
    // From the answered PUT to taking interactions is a few statements; leave them time.
    await sleep(500);
  }, 45_000);

  afterAll(async () => {
    for (const { child } of nodes) child.kill('SIGTERM');
    const codes = await Promise.all(nodes.map((node) => node.exited));
    await fake?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    expect(codes).toEqual([0, 0]);
  }, 30_000);

  it('identifies each shard once, 5 s apart through the shared slot, with no Invalid Session', () => {
    expect(fake.identifies.map((identify) => identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(fake.identifiesTooSoon).toEqual([]);
  });

  it('answers 200 interactions across both shards, each exactly once, by the shard that holds its guild', async () => {
    const sent = Array.from({ length: 200 }, (_, i) =>
      fake.sendInteraction(fake.chatInput('help', {}, { channelId: CHANNELS[i % 2] })),
    );
    // Exactly one session got each: the fake delivers a guild's events to its shard only.
    expect(sent.every((interaction) => interaction.sessions === 1)).toBe(true);
    await Promise.all(
      sent.map((interaction) =>
        fake.waitForRequest((r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`, 20_000),
      ),
    );
    await sleep(300);
    for (const interaction of sent) {
      const callbacks = fake.callbacks(interaction.id);
      expect(callbacks).toHaveLength(1);
      expect(callbacks[0]?.status).toBe(204);
      const body = callbacks[0]?.body as { type: number; data: { embeds?: unknown[] } };
      expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(body.data.embeds?.length).toBeGreaterThan(0);
    }
  }, 60_000);

  it("refuses a user's 7th LLM command in a minute on either process (limits shared in Redis)", async () => {
    const ask = (channelId: string) =>
      fake.sendInteraction(fake.chatInput('ask', { question: 'How does speculative decoding work?' }, { channelId }));
    const firstReply = async (interaction: { id: string; token: string }) =>
      (
        await fake.waitForRequest(
          (r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
          15_000,
        )
      ).body as { type: number; data?: { content?: string; flags?: number } };
    // Three on each shard's process, one after another so the count is exact.
    for (let i = 0; i < 6; i++) {
      const reply = await firstReply(ask(CHANNELS[i % 2] as string));
      expect(reply.data?.content ?? '').not.toContain('Slow down');
    }
    for (const channelId of CHANNELS) {
      const refused = await firstReply(ask(channelId));
      expect(refused.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(refused.data?.content).toMatch(/^Slow down a little: try again in \d+ s\./);
      expect(refused.data?.flags).toBe(MessageFlags.Ephemeral);
    }
  }, 60_000);
});
