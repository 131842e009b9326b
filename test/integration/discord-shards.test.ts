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
import { FAKE_BOT_TOKEN, FAKE_GUILD_ID, shardOf, startFakeDiscord } from '../support/fake-discord.ts';

async function startShardedBot(shardEnv: string, recommended: number) {
  const fake = await startFakeDiscord({ shards: recommended });
  onTestFinished(() => fake.close());
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-shards-'));
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = parseConfig({
    PAPERBOY_DATA_DIR: dataDir,
    OFFLINE: 'true',
    DISCORD_TOKEN: FAKE_BOT_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_SHARD_COUNT: shardEnv,
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
