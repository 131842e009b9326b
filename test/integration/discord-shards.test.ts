import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InteractionResponseType } from 'discord-api-types/v10';
import { describe, expect, it, onTestFinished } from 'vitest';
import { commands } from '../../commands/index.ts';
import { botDependencies, createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { createBot } from '../../src/discord/bot.ts';
import { silentLogger } from '../../src/log.ts';
import { FAKE_BOT_TOKEN, FAKE_GUILD_ID, type FakeDiscord, shardOf, startFakeDiscord } from '../support/fake-discord.ts';

/** A bot on `fake` with its own data directory and the shard settings in `env`, started. */
async function startBot(fake: FakeDiscord, env: Record<string, string>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-shards-'));
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = parseConfig({
    PAPERBOY_DATA_DIR: dataDir,
    OFFLINE: 'true',
    DISCORD_TOKEN: FAKE_BOT_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    ...env,
  });
  const app = await createApp(config, { log: silentLogger() });
  const bot = createBot({
    ...botDependencies(app),
    commands,
    log: silentLogger(),
  });
  onTestFinished(async () => {
    await bot.stop();
    await app.close();
  });
  await bot.start();
}

async function startShardedBot(shardEnv: string, recommended: number) {
  const fake = await startFakeDiscord({ shards: recommended });
  onTestFinished(() => fake.close());
  await startBot(fake, { DISCORD_SHARD_COUNT: shardEnv });
  return fake;
}

describe('createBot sharding', () => {
  it('runs the explicit number of shards from DISCORD_SHARD_COUNT in one process', async () => {
    // The fake recommends 3 (and allows 3 concurrent identifies); the explicit count wins.
    const fake = await startShardedBot('2', 3);
    expect(fake.identifies.map((identify) => identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it("takes Discord's recommendation with auto and answers on the guild's shard", async () => {
    const fake = await startShardedBot('auto', 2);
    expect(fake.identifies).toHaveLength(2);
    expect(shardOf(FAKE_GUILD_ID, 2)).toBeGreaterThanOrEqual(0);
    const interaction = fake.sendInteraction(fake.chatInput('help'));
    const reply = await fake.waitForRequest(
      (r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
    );
    expect((reply.body as { type: number }).type).toBe(InteractionResponseType.ChannelMessageWithSource);
  });
});

describe('shards split across processes without a shared identify throttle', () => {
  it('meets Invalid Session from Discord for identifying two shards of one bucket within 5 s', async () => {
    // max_concurrency 1: one bucket for both shards. Each process's own throttler knows only its own.
    const fake = await startFakeDiscord({ shards: 2, maxConcurrency: 1 });
    onTestFinished(() => fake.close());
    const node = (shardId: number) => startBot(fake, { DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: String(shardId) });
    // The shard refused identifies again once its own 5 s window has passed, so both come up.
    await Promise.all([node(0), node(1)]);
    expect(fake.identifiesTooSoon.length).toBeGreaterThanOrEqual(1);
    expect(fake.identifies.map((identify) => identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
  }, 30_000);
});
