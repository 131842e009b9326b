import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InteractionResponseType, Routes } from 'discord-api-types/v10';
import { describe, expect, it, onTestFinished } from 'vitest';
import { commands } from '../../commands/index.ts';
import { botDependencies, createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { createBot } from '../../src/discord/bot.ts';
import { createDiscordRest } from '../../src/discord/deploy.ts';
import { startRestProxy } from '../../src/discord/rest-proxy.ts';
import { silentLogger } from '../../src/log.ts';
import {
  FAKE_BOT_TOKEN,
  FAKE_BOT_USER_ID,
  FAKE_PAPERS_CHANNEL_ID,
  type FakeDiscord,
  type FakeDiscordOptions,
  startFakeDiscord,
} from '../support/fake-discord.ts';
import { freePort } from '../support/redis-server.ts';

const BIN = resolve(import.meta.dirname, '../../bin/paperboy.js');

// Issue 13: one REST rate-limit authority. Two nodes (each its own @discordjs/rest, as each bot
// process has) send through one `paperboy rest-proxy`; the fake Discord answers with real
// X-RateLimit-* headers, 429s past a channel's bucket, and a global 429 on demand.

async function start(options: FakeDiscordOptions = {}) {
  const fake = await startFakeDiscord(options);
  onTestFinished(() => fake.close());
  const proxy = await startRestProxy({ apiUrl: fake.apiUrl, port: 0, log: silentLogger() });
  onTestFinished(() => proxy.close());
  return { fake, proxy };
}

/** Two nodes posting `each` messages apiece to `channels` (in turn), all at once. */
async function postFromTwoNodes(apiUrl: string, each: number, channels: readonly string[] = [FAKE_PAPERS_CHANNEL_ID]) {
  const nodes = [createDiscordRest(apiUrl, FAKE_BOT_TOKEN), createDiscordRest(apiUrl, FAKE_BOT_TOKEN)];
  await Promise.all(
    nodes.flatMap((rest, node) =>
      Array.from({ length: each }, (_, i) =>
        rest.post(Routes.channelMessages(channels[i % channels.length] as string), {
          body: { content: `node ${node} message ${i}` },
        }),
      ),
    ),
  );
}

const statuses = (fake: FakeDiscord, channelId = FAKE_PAPERS_CHANNEL_ID) =>
  fake.channelMessages(channelId).map((r) => r.status);

describe('paperboy rest-proxy', () => {
  it("keeps two nodes inside a channel's bucket: Discord sees no 429, every message posted once", async () => {
    const { fake, proxy } = await start({ messageBucket: { limit: 4, windowMs: 500 } });
    await postFromTwoNodes(proxy.url, 6);
    expect(statuses(fake)).toEqual(Array(12).fill(200));
    expect(fake.messagesIn(FAKE_PAPERS_CHANNEL_ID)).toHaveLength(12);
  });

  it('is needed: two nodes on their own overrun the same bucket (the fake refuses as Discord does)', async () => {
    const { fake } = await start({ messageBucket: { limit: 4, windowMs: 500 } });
    await postFromTwoNodes(fake.apiUrl, 6);
    expect(statuses(fake)).toContain(429);
    expect(fake.messagesIn(FAKE_PAPERS_CHANNEL_ID)).toHaveLength(12);
  });

  it('sends nothing for any node while a global rate limit lasts', async () => {
    const { fake, proxy } = await start();
    const other = fake.addChannel({ name: 'elsewhere' });
    fake.failNext({
      method: 'POST',
      pathPattern: /^\/channels\/\d+\/messages$/,
      status: 429,
      global: true,
      retryAfter: 1,
    });
    await postFromTwoNodes(proxy.url, 4, [FAKE_PAPERS_CHANNEL_ID, other]);

    const limited = fake.requests.find((r) => r.status === 429);
    expect(limited?.injected).toBe(true);
    const at = limited?.at ?? 0;
    // Requests already on their way when the 429 left may land just after it; nothing later.
    const during = fake.requests.filter((r) => r.at > at + 100 && r.at < at + 900);
    expect(during).toEqual([]);
    expect([...statuses(fake), ...statuses(fake, other)].filter((s) => s === 200)).toHaveLength(8);
    expect(fake.messagesIn(FAKE_PAPERS_CHANNEL_ID).length + fake.messagesIn(other).length).toBe(8);
  });

  it('carries a whole bot: with Discord reachable only through the proxy, it logs in and answers', async () => {
    const { fake, proxy } = await start();
    const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-rest-proxy-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const config = parseConfig({
      PAPERBOY_DATA_DIR: dataDir,
      OFFLINE: 'true',
      DISCORD_TOKEN: FAKE_BOT_TOKEN,
      // Port 9 on loopback refuses connections: any request that skipped the proxy would fail.
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
      DISCORD_REST_PROXY_URL: proxy.url,
    });
    const app = await createApp(config, { log: silentLogger() });
    const bot = createBot({ ...botDependencies(app), commands, log: silentLogger() });
    onTestFinished(async () => {
      await bot.stop();
      await app.close();
    });
    await bot.start();
    const interaction = fake.sendInteraction(fake.chatInput('help'));
    const reply = await fake.waitForRequest(
      (r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
    );
    expect((reply.body as { type: number }).type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(fake.callbacks(interaction.id)).toHaveLength(1);
  });
});

describe('the rest-proxy command', () => {
  it('serves on --port in front of DISCORD_API_URL until SIGTERM, then exits 0', async () => {
    const fake = await startFakeDiscord();
    onTestFinished(() => fake.close());
    const cwd = mkdtempSync(join(tmpdir(), 'paperboy-rest-proxy-cli-'));
    onTestFinished(() => rmSync(cwd, { recursive: true, force: true }));
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'rest-proxy', '--port', String(port)], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, LOG_LEVEL: 'info', DISCORD_API_URL: fake.apiUrl },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    await new Promise<void>((resolve) =>
      child.stderr?.on('data', (chunk) => String(chunk).includes('listening') && resolve()),
    );

    const rest = createDiscordRest(`http://127.0.0.1:${port}/api`, FAKE_BOT_TOKEN);
    const user = (await rest.get(Routes.user('@me'))) as { id: string };
    expect(user.id).toBe(FAKE_BOT_USER_ID);
    // The fake answers 401 to a bot route without the bot's token: the node's own went through.
    expect(fake.requests.at(-1)).toMatchObject({ path: '/users/@me', status: 200 });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses a port that is not one, naming the option', () => {
    const result = spawnSync(process.execPath, [BIN, 'rest-proxy', '--port', 'eighty'], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--port');
  });
});
