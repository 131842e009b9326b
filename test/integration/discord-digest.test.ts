import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { commands } from '../../commands/index.ts';
import { botDependencies, createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { createBot } from '../../src/discord/bot.ts';
import { silentLogger } from '../../src/log.ts';
import { createFakeClock, type FakeClock } from '../support/fake-clock.ts';
import { FAKE_APPLICATION_ID, FAKE_BOT_TOKEN, FAKE_PAPERS_CHANNEL_ID, FakeDiscord } from '../support/fake-discord.ts';
import { loadFixture, startRecordedServer } from '../support/recorded-server.ts';

// 2024-09-19 is a Thursday; 09:00 in Berlin (CEST) is 07:00 UTC. The digest shows what was listed
// in the 24 hours before: from the recorded 18 Sep HF page, the papers listed after 07:00 UTC on the
// 18th, and Thursday's arXiv mailing (00:00 EDT on the 19th).
const START = Date.UTC(2024, 8, 19, 6, 0);
const DUE = Date.UTC(2024, 8, 19, 7, 0);
// One tick of the scheduler lands exactly on 09:00 Berlin, the next an hour later.
const TICK_MS = DUE - START;

/**
 * Waits until the scheduler's loop has finished its `ticks`-th tick and sleeps on the fake clock
 * again. Counted by its sleeps of TICK_MS: a run's lease heartbeat sleeps on the clock too.
 */
async function schedulerIdle(clock: FakeClock, ticks: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (clock.sleeps.filter((ms) => ms === TICK_MS).length < ticks) {
    if (Date.now() > until) throw new Error('the digest scheduler did not go back to sleep');
    await delay(5);
  }
}

describe('the bot posting digests', () => {
  it('posts a digest subscribed with /digest at 09:00 in its zone, exactly once', async () => {
    const clock = createFakeClock({ start: START });
    const server = await startRecordedServer({ now: clock.now });
    for (const page of ['p0', 'p1', 'p2']) server.serve(loadFixture(`huggingface/daily-2024-09-18-${page}`));
    // The days around it were not recorded: they list nothing.
    server.route('/api/daily_papers', { url: '', status: 200, body: [] }, { anyQuery: true });
    server.serve(loadFixture('arxiv/rss-cs.LG+cs.CL'));
    const fake = await FakeDiscord.listen({ clock });
    const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-discord-digest-'));
    onTestFinished(async () => {
      await fake.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const config = parseConfig({
      PAPERBOY_DATA_DIR: dataDir,
      HF_BASE_URL: server.url,
      ARXIV_RSS_URL: `${server.url}/rss`,
      ARXIV_MIN_INTERVAL_MS: '0',
      SOURCE_TIMEOUT_MS: '2000',
      DISCORD_TOKEN: FAKE_BOT_TOKEN,
      DISCORD_API_URL: fake.apiUrl,
    });
    const log = silentLogger();
    const app = await createApp(config, { log, clock });
    const bot = createBot({
      ...botDependencies(app),
      commands,
      log,
      digestTickMs: TICK_MS,
    });
    onTestFinished(async () => {
      await bot.stop();
      await app.close();
    });
    await bot.start();
    await schedulerIdle(clock, 1);

    const interaction = fake.sendInteraction(
      fake.chatInput('digest subscribe', {
        channel: FAKE_PAPERS_CHANNEL_ID,
        topics: 'reasoning, chain-of-thought',
        timezone: 'Europe/Berlin',
        source: 'both',
        categories: 'cs.LG,cs.CL',
      }),
    );
    const reply = await fake.waitForRequest(
      (r) =>
        r.method === 'PATCH' && r.path === `/webhooks/${FAKE_APPLICATION_ID}/${interaction.token}/messages/@original`,
    );
    expect((reply.body as { content?: string }).content).toBe(
      `✅ Subscribed: <#${FAKE_PAPERS_CHANNEL_ID}> — 'reasoning, chain-of-thought' · 09:00 Europe/Berlin, weekdays · HF + arXiv cs.LG,cs.CL · compact, up to 5`,
    );
    expect(fake.channelMessages(FAKE_PAPERS_CHANNEL_ID)).toEqual([]);

    await clock.advance(DUE - START);
    await schedulerIdle(clock, 2);
    const posted = fake.channelMessages(FAKE_PAPERS_CHANNEL_ID);
    expect(posted.map((r) => [r.status, (r.body as { content: string }).content.split('\n')[0]])).toEqual([
      [200, "**Papers for Thu 19 Sep — 1 matching 'reasoning, chain-of-thought'**"],
      [200, expect.stringContaining('To CoT or not to CoT?')],
    ]);

    await clock.advance(TICK_MS);
    await schedulerIdle(clock, 3);
    expect(fake.channelMessages(FAKE_PAPERS_CHANNEL_ID)).toHaveLength(2);
  });
});
