import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { ACCESS_LOST_REASON, CHANNEL_DELETED_REASON } from '../../src/digest/channels/channel-errors.ts';
import type { CheckChannel, DigestDelivery } from '../../src/digest/types.ts';
import { createDigestChannel } from '../../src/discord/digest-channel.ts';
import { UserInputError } from '../../src/errors/index.ts';
import { silentLogger } from '../../src/log.ts';
import { createFakeClock, type FakeClock } from '../support/fake-clock.ts';
import {
  FAKE_BOT_TOKEN,
  FAKE_GUILD_ID,
  FAKE_PAPERS_CHANNEL_ID,
  FAKE_USER_ID,
  FakeDiscord,
} from '../support/fake-discord.ts';
import { loadFixture, type RecordedServer, startRecordedServer } from '../support/recorded-server.ts';

// 2024-09-19 is a Thursday; 09:00 in Berlin (CEST) is 07:00 UTC. The digest shows what was listed
// in the 24 hours before: from the recorded 18 Sep HF page, the papers listed after 07:00 UTC on the
// 18th, and Thursday's arXiv mailing (00:00 EDT on the 19th).
const START = Date.UTC(2024, 8, 19, 6, 0);
const DUE = Date.UTC(2024, 8, 19, 7, 0);

interface Harness {
  readonly clock: FakeClock;
  readonly server: RecordedServer;
  readonly discord: FakeDiscord;
  /** The real discord.js client, logged in to the fake Discord. */
  readonly client: Client<true>;
  readonly delivery: DigestDelivery;
  readonly checkChannel: CheckChannel;
  openApp(): Promise<App>;
}

async function harness({ start = START, rss = 'arxiv/rss-cs.LG+cs.CL' } = {}): Promise<Harness> {
  const clock = createFakeClock({ start });
  const server = await startRecordedServer({ now: clock.now });
  for (const page of ['p0', 'p1', 'p2']) server.serve(loadFixture(`huggingface/daily-2024-09-18-${page}`));
  // The days around it were not recorded: they list nothing.
  server.route('/api/daily_papers', { url: '', status: 200, body: [] }, { anyQuery: true });
  server.serve(loadFixture(rss));
  const discord = await FakeDiscord.listen({ clock });
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-digest-it-'));
  const apps: App[] = [];
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: discord.apiUrl },
    allowedMentions: { parse: [] },
  });
  onTestFinished(async () => {
    await client.destroy();
    for (const app of apps) await app.close();
    await server.close();
    await discord.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const ready = once(client, Events.ClientReady);
  await client.login(FAKE_BOT_TOKEN);
  await ready;
  if (!client.isReady()) throw new Error('client emitted clientReady but is not ready');
  const config = parseConfig({
    PAPERBOY_DATA_DIR: dataDir,
    HF_BASE_URL: server.url,
    ARXIV_RSS_URL: `${server.url}/rss`,
    ARXIV_MIN_INTERVAL_MS: '0',
    SOURCE_TIMEOUT_MS: '2000',
  });
  const { checkChannel, ...delivery } = createDigestChannel(client);
  return {
    clock,
    server,
    discord,
    client,
    delivery,
    checkChannel,
    async openApp() {
      const app = await createApp(config, { log: silentLogger(), clock });
      apps.push(app);
      return app;
    },
  };
}

async function subscribe(app: App, h: Harness, input: Record<string, string> = {}, channelId = FAKE_PAPERS_CHANNEL_ID) {
  return app.digest.subscribe(
    {
      guildId: FAKE_GUILD_ID,
      channelId,
      userId: FAKE_USER_ID,
      input: {
        topics: 'reasoning, chain-of-thought',
        timezone: 'Europe/Berlin',
        source: 'both',
        categories: 'cs.LG,cs.CL',
        ...input,
      },
    },
    h.checkChannel,
  );
}

async function userMessageOf(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof UserInputError)) throw new Error(`expected a UserInputError, got ${String(error)}`);
  return error.userMessage;
}

describe('digest posting (real source clients, recorded HF and RSS, discord.js against the fake Discord)', () => {
  it('posts the ranked digest at 09:00 Berlin, once, even after a restart', async () => {
    const h = await harness();
    const app = await h.openApp();
    await subscribe(app, h);
    await h.clock.advance(DUE - START);
    await app.digest.createScheduler(h.delivery).tick();

    const messages = h.discord.messagesIn(FAKE_PAPERS_CHANNEL_ID);
    expect(messages.map((m) => m.content.split('\n')[0])).toEqual([
      "**Papers for Thu 19 Sep — 1 matching 'reasoning, chain-of-thought'**",
      expect.stringContaining('To CoT or not to CoT?'),
    ]);
    // Listed at 00:44 UTC on the 18th: the previous day's digest.
    expect(messages[1]?.content).not.toContain('RoMath');

    const restarted = await h.openApp();
    await h.clock.advance(60_000);
    await restarted.digest.createScheduler(h.delivery).tick();
    expect(h.discord.messagesIn(FAKE_PAPERS_CHANNEL_ID)).toHaveLength(2);
  });

  it('sends every message with no mentions allowed and an enforced nonce', async () => {
    const h = await harness();
    const app = await h.openApp();
    await subscribe(app, h);
    await h.clock.advance(DUE - START);
    await app.digest.createScheduler(h.delivery).tick();
    const bodies = h.discord.channelMessages(FAKE_PAPERS_CHANNEL_ID).map((r) => r.body);
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(body).toMatchObject({ allowed_mentions: { parse: [] }, enforce_nonce: true, nonce: expect.any(String) });
    }
  });

  it('ingests the candidates into the library', async () => {
    const h = await harness();
    const app = await h.openApp();
    await subscribe(app, h);
    await h.clock.advance(DUE - START);
    await app.digest.createScheduler(h.delivery).tick();
    expect(app.library.get('arxiv:2409.12001')?.title).toBe('Sparse Mixture-of-Experts Routing with Load-Aware Gates');
  });

  it('starts a thread on each paper in the threads style', async () => {
    const h = await harness();
    const app = await h.openApp();
    await subscribe(app, h, { style: 'threads', max_papers: '1' });
    await h.clock.advance(DUE - START);
    await app.digest.createScheduler(h.delivery).tick();
    const [, paper] = h.discord.messagesIn(FAKE_PAPERS_CHANNEL_ID);
    expect(paper?.thread?.name).toMatch(/^To CoT or not to CoT\?/);
  });

  it('posts one short line on a weekend without arXiv announcements', async () => {
    // Saturday 21 Sep 2024, 09:00 Berlin; the RSS channel is empty on weekends.
    const saturday = Date.UTC(2024, 8, 21, 6, 0);
    const h = await harness({ start: saturday, rss: 'arxiv/rss-empty' });
    const app = await h.openApp();
    await subscribe(app, h, { source: 'arxiv', days: 'daily' });
    await h.clock.advance(60 * 60_000);
    await app.digest.createScheduler(h.delivery).tick();
    expect(h.discord.messagesIn(FAKE_PAPERS_CHANNEL_ID).map((m) => m.content)).toEqual([
      "No new papers matching 'reasoning, chain-of-thought' for Sat 21 Sep.",
    ]);
  });

  it('pauses the subscription when the channel was deleted (404 Unknown Channel)', async () => {
    const h = await harness();
    const app = await h.openApp();
    await subscribe(app, h);
    h.discord.deleteChannel(FAKE_PAPERS_CHANNEL_ID);
    await h.clock.advance(DUE - START);
    await app.digest.createScheduler(h.delivery).tick();
    expect((await app.digest.list(FAKE_GUILD_ID)).map((s) => s.pausedReason)).toEqual([CHANNEL_DELETED_REASON]);
  });

  it('pauses the subscription when the bot lost permission to post (403 Missing Permissions)', async () => {
    const h = await harness();
    const app = await h.openApp();
    await subscribe(app, h);
    const updated = once(h.client, Events.ChannelUpdate);
    h.discord.denyBotPermissions(FAKE_PAPERS_CHANNEL_ID, PermissionFlagsBits.SendMessages);
    await updated;
    await h.clock.advance(DUE - START);
    await app.digest.createScheduler(h.delivery).tick();
    expect((await app.digest.list(FAKE_GUILD_ID)).map((s) => s.pausedReason)).toEqual([ACCESS_LOST_REASON]);
    expect(h.discord.messagesIn(FAKE_PAPERS_CHANNEL_ID)).toEqual([]);
  });

  it('refuses to subscribe when the bot may not embed links, saying so', async () => {
    const h = await harness();
    const app = await h.openApp();
    const updated = once(h.client, Events.ChannelUpdate);
    h.discord.denyBotPermissions(FAKE_PAPERS_CHANNEL_ID, PermissionFlagsBits.EmbedLinks);
    await updated;
    expect(await userMessageOf(subscribe(app, h))).toBe(
      `Paperboy is missing Embed Links in <#${FAKE_PAPERS_CHANNEL_ID}>. Grant them to its role in the channel settings, then subscribe again.`,
    );
  });

  it('refuses to subscribe to a channel Discord does not know', async () => {
    const h = await harness();
    const app = await h.openApp();
    const unknown = '1100000000000009999';
    expect(await userMessageOf(subscribe(app, h, {}, unknown))).toBe(
      `I can't see <#${unknown}>. Check that it exists and that Paperboy's role has View Channel there.`,
    );
  });

  it('fetches a channel that is not cached and checks the permissions there', async () => {
    const h = await harness();
    const app = await h.openApp();
    const created = once(h.client, Events.ChannelCreate);
    const channelId = h.discord.addChannel({ name: 'digests' });
    await created;
    h.client.channels.cache.delete(channelId);
    const { subscription } = await subscribe(app, h, {}, channelId);
    expect(subscription.channelId).toBe(channelId);
    expect(h.discord.requests.filter((r) => r.method === 'GET' && r.path === `/channels/${channelId}`)).toHaveLength(1);
  });
});
