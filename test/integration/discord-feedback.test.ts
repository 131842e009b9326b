import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type APIButtonComponentWithCustomId,
  type APIMessage,
  type APIStringSelectComponent,
  ComponentType,
  InteractionResponseType,
  MessageFlags,
} from 'discord-api-types/v10';
import { describe, expect, it, onTestFinished } from 'vitest';
import { commands } from '../../commands/index.ts';
import { digestFeedbackControls } from '../../commands/shared/feedback-controls.ts';
import { type App, botDependencies, createApp, createCommandServices } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { learnedScorer } from '../../src/digest/learning/learned-scoring.ts';
import type { LearnedSummary, SubscriptionLearner, VoteChange } from '../../src/digest/learning/types.ts';
import { rankPapers } from '../../src/digest/planning/ranking/rank.ts';
import { parseSubscriptionInput } from '../../src/digest/validate-subscription.ts';
import { type Bot, createBot } from '../../src/discord/bot.ts';
import { createDiscordRest } from '../../src/discord/deploy.ts';
import { createDigestDelivery } from '../../src/discord/digest-channel.ts';
import { silentLogger } from '../../src/log.ts';
import { makePaper } from '../support/builders.ts';
import { createFakeClock, type FakeClock } from '../support/fake-clock.ts';
import {
  FAKE_APPLICATION_ID,
  FAKE_BOT_TOKEN,
  FAKE_BOT_USER_ID,
  FAKE_GUILD_ID,
  FAKE_OWNER_ID,
  FAKE_PAPERS_CHANNEL_ID,
  FAKE_USER_ID,
  FakeDiscord,
  type RecordedRequest,
} from '../support/fake-discord.ts';
import { freshPostgresDatabase, postgresUrl } from '../support/postgres.ts';
import { loadFixture, type RecordedServer, startRecordedServer } from '../support/recorded-server.ts';

// 👍 / 👎 / Not interested through the fake Discord and the real discord.js client (issue 14, items
// 1, 3 and 9). The digest comes from the recorded arXiv RSS mailing of Thu 19 Sep 2024 (5 papers),
// posted with the bot's own delivery, as `paperboy digest run` posts it.

const NOW = Date.UTC(2024, 8, 19, 9, 0);
const DAY_MS = 24 * 60 * 60 * 1000;
const RETRIEVAL = 'arxiv:2409.12002';
const RETRIEVAL_TITLE = 'Benchmarking Long-Context Retrieval in Multilingual LLMs';
const ada = { userId: FAKE_USER_ID };
const grace = { userId: FAKE_OWNER_ID };

interface World {
  readonly clock: FakeClock;
  readonly fake: FakeDiscord;
  readonly server: RecordedServer;
  readonly dataDir: string;
}

async function world(): Promise<World> {
  const clock = createFakeClock({ start: NOW });
  const server = await startRecordedServer({ now: clock.now });
  server.serve(loadFixture('arxiv/rss-cs.LG+cs.CL'));
  const fake = await FakeDiscord.listen({ clock });
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-feedback-'));
  onTestFinished(async () => {
    await fake.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { clock, fake, server, dataDir };
}

/**
 * A bot on the world's data directory; `learning` stands in for the ranker slice's learner, `env`
 * adds settings (DATABASE_URL).
 */
async function startBot(
  w: World,
  learning?: SubscriptionLearner,
  env: Record<string, string> = {},
): Promise<{ app: App; bot: Bot }> {
  const config = parseConfig({
    ...env,
    PAPERBOY_DATA_DIR: w.dataDir,
    ARXIV_RSS_URL: `${w.server.url}/rss`,
    HF_BASE_URL: w.server.url,
    ARXIV_MIN_INTERVAL_MS: '0',
    SOURCE_TIMEOUT_MS: '2000',
    DISCORD_TOKEN: FAKE_BOT_TOKEN,
    DISCORD_API_URL: w.fake.apiUrl,
  });
  const log = silentLogger();
  const app = await createApp(config, { log, clock: w.clock });
  const deps = botDependencies(app);
  const bot = createBot({
    ...deps,
    services: { ...createCommandServices(app), ...(learning ? { learning } : {}) },
    commands,
    log,
    postDigests: false,
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await bot.stop();
    await app.close();
  };
  onTestFinished(stop);
  await bot.start();
  return { app, bot: { ...bot, stop } };
}

async function subscribe(app: App, style: 'cards' | 'compact' = 'cards') {
  const { subscription } = await app.digest.subscriptions.subscribe({
    guildId: FAKE_GUILD_ID,
    channelId: FAKE_PAPERS_CHANNEL_ID,
    createdBy: FAKE_OWNER_ID,
    settings: parseSubscriptionInput({
      topics: 'retrieval, mixture-of-experts, scaling laws',
      source: 'arxiv',
      categories: 'cs.LG,cs.CL',
      style,
      maxPapers: 5,
    }),
  });
  return subscription;
}

async function postDigest(w: World, app: App): Promise<APIMessage[]> {
  const delivery = createDigestDelivery(createDiscordRest(w.fake.apiUrl, FAKE_BOT_TOKEN), digestFeedbackControls);
  const outcome = await app.digest.runNow(FAKE_PAPERS_CHANNEL_ID, { delivery });
  expect(outcome.kind).toBe('done');
  // The digest's own posts, not replies to interactions.
  return w.fake
    .messagesIn(FAKE_PAPERS_CHANNEL_ID)
    .filter((m) => m.author.id === FAKE_BOT_USER_ID && m.interaction_metadata === undefined);
}

/** The feedback buttons, three per paper (each row ends with Discuss, which these tests leave alone). */
function buttons(message: APIMessage): APIButtonComponentWithCustomId[] {
  return (message.components ?? []).flatMap((row) =>
    row.type === ComponentType.ActionRow
      ? row.components.filter(
          (c): c is APIButtonComponentWithCustomId =>
            c.type === ComponentType.Button && 'custom_id' in c && c.custom_id.startsWith('digest.'),
        )
      : [],
  );
}

function rows(message: APIMessage): string[][] {
  return (message.components ?? []).map((row) =>
    row.type === ComponentType.ActionRow ? row.components.map((c) => ('label' in c ? (c.label ?? '') : 'menu')) : [],
  );
}

function buttonOf(message: APIMessage, route: string, paperId: string): APIButtonComponentWithCustomId {
  const found = buttons(message).find((b) => b.custom_id.startsWith(`${route}=`) && stateOf(b.custom_id).p === paperId);
  if (!found) throw new Error(`no ${route} button for ${paperId}`);
  return found;
}

function stateOf(customId: string): { p?: string } {
  return JSON.parse(Buffer.from(customId.slice(customId.indexOf('=') + 1), 'base64url').toString('utf8'));
}

/** Clicks a button on a stored message and waits for the bot's edit or reply. */
async function click(
  w: World,
  message: APIMessage,
  customId: string,
  who: { userId: string },
): Promise<RecordedRequest> {
  const interaction = w.fake.sendInteraction(w.fake.button(customId, message, who));
  return finalReply(w, interaction);
}

function finalReply(w: World, interaction: { id: string; token: string }): Promise<RecordedRequest> {
  const base = `/webhooks/${FAKE_APPLICATION_ID}/${interaction.token}`;
  return w.fake.waitForRequest(
    (r) =>
      (r.method === 'PATCH' && r.path === `${base}/messages/@original`) ||
      (r.method === 'POST' && r.path === base) ||
      (r.method === 'POST' &&
        r.path === `/interactions/${interaction.id}/${interaction.token}/callback` &&
        (r.body as { type?: number }).type === InteractionResponseType.ChannelMessageWithSource),
  );
}

function contentOf(request: RecordedRequest): string {
  const body = request.body as { content?: string; data?: { content?: string } };
  return body.content ?? body.data?.content ?? '';
}

async function command(w: World, name: string, options: Record<string, string | number>, who: { userId: string }) {
  const interaction = w.fake.sendInteraction(w.fake.chatInput(name, options, who));
  return finalReply(w, interaction);
}

/** A learner stand-in (the ranker slice builds the real one): records what it is told, describes a fixed summary. */
function recordingLearner(summary: LearnedSummary) {
  const votes: VoteChange[] = [];
  const resets: string[] = [];
  const learner: SubscriptionLearner = {
    async recordVote(change) {
      votes.push(change);
    },
    async describe() {
      return summary;
    },
    async reset(subscriptionId) {
      resets.push(subscriptionId);
    },
  };
  return { learner, votes, resets };
}

describe('feedback buttons on a digest post', () => {
  it('records a vote, changes it on the other choice, withdraws it on a second click, and shows the counts', async () => {
    const w = await world();
    const { app } = await startBot(w);
    const subscription = await subscribe(app);
    const [header, cards] = await postDigest(w, app);
    expect(rows(header as APIMessage)).toEqual([]);
    const posted = cards as APIMessage;
    // One row per card, labelled with the card's rank; no votes yet.
    expect(rows(posted)).toHaveLength(posted.embeds.length);
    expect(rows(posted)[0]).toEqual(['#1 👍 0', '👎 0', 'Not interested', 'Save']);
    const paperId = stateOf(buttons(posted)[0]?.custom_id ?? '').p ?? '';

    await click(w, posted, buttonOf(posted, 'digest.like', paperId).custom_id, ada);
    expect(rows(w.fake.message(posted.id) as APIMessage)[0]).toEqual(['#1 👍 1', '👎 0', 'Not interested', 'Save']);
    await click(w, posted, buttonOf(posted, 'digest.like', paperId).custom_id, grace);
    await click(w, posted, buttonOf(posted, 'digest.dislike', paperId).custom_id, ada);
    const changed = w.fake.message(posted.id) as APIMessage;
    expect(rows(changed)[0]).toEqual(['#1 👍 1', '👎 1', 'Not interested', 'Save']);
    // The other cards' rows and the embeds are left as they were.
    expect(rows(changed).slice(1)).toEqual(rows(posted).slice(1));
    expect(changed.embeds).toEqual(posted.embeds);

    await click(w, posted, buttonOf(posted, 'digest.dislike', paperId).custom_id, ada);
    expect(rows(w.fake.message(posted.id) as APIMessage)[0]).toEqual(['#1 👍 1', '👎 0', 'Not interested', 'Save']);
    // A vote on another card redraws that card's row only; the first keeps its counts.
    const secondId = stateOf(buttons(posted)[4]?.custom_id ?? '').p ?? '';
    await click(w, posted, buttonOf(posted, 'digest.dislike', secondId).custom_id, ada);
    expect(rows(w.fake.message(posted.id) as APIMessage).slice(0, 2)).toEqual([
      ['#1 👍 1', '👎 0', 'Not interested', 'Save'],
      ['#2 👍 0', '👎 1', 'Not interested', 'Save'],
    ]);
    expect(await app.feedback.counts(subscription.id, FAKE_PAPERS_CHANNEL_ID)).toEqual({
      up: 1,
      down: 1,
      voters: 2,
      hidden: 0,
    });
  });

  it('keeps votes and working buttons across a restart: a 👍 on yesterday’s post still counts', async () => {
    const w = await world();
    const first = await startBot(w);
    await subscribe(first.app);
    const posted = (await postDigest(w, first.app))[1] as APIMessage;
    // The second card's row (👍 👎 Not interested Save): its 👍 is the fifth button.
    const paperId = stateOf(buttons(posted)[4]?.custom_id ?? '').p ?? '';
    await click(w, posted, buttonOf(posted, 'digest.like', paperId).custom_id, ada);
    await first.bot.stop();

    await w.clock.advance(DAY_MS);
    const second = await startBot(w);
    const yesterday = w.fake.message(posted.id) as APIMessage;
    await click(w, yesterday, buttonOf(yesterday, 'digest.like', paperId).custom_id, grace);
    expect(rows(w.fake.message(posted.id) as APIMessage)[1]).toEqual(['#2 👍 2', '👎 0', 'Not interested', 'Save']);
    // ada's vote from before the restart is still hers: clicking again withdraws it.
    await click(w, yesterday, buttonOf(yesterday, 'digest.like', paperId).custom_id, ada);
    expect(rows(w.fake.message(posted.id) as APIMessage)[1]).toEqual(['#2 👍 1', '👎 0', 'Not interested', 'Save']);
    expect(
      (
        await second.app.feedback.tallies(
          (await second.app.digest.subscriptions.byChannel(FAKE_PAPERS_CHANNEL_ID))?.id ?? '',
          [paperId],
        )
      ).get(paperId),
    ).toEqual({ up: 1, down: 0 });
  });

  it('tells the subscription’s learner each change, with the paper and the vote before it', async () => {
    const w = await world();
    const learning = recordingLearner(EMPTY_SUMMARY);
    const { app } = await startBot(w, learning.learner);
    const subscription = await subscribe(app);
    const posted = (await postDigest(w, app))[1] as APIMessage;
    const paperId = stateOf(buttons(posted)[0]?.custom_id ?? '').p ?? '';
    await click(w, posted, buttonOf(posted, 'digest.like', paperId).custom_id, ada);
    await click(w, posted, buttonOf(posted, 'digest.hide', paperId).custom_id, ada);
    expect(learning.votes.map((v) => [v.subscriptionId, v.userId, v.paper.id, v.previous, v.value])).toEqual([
      [subscription.id, FAKE_USER_ID, paperId, 0, 1],
      [subscription.id, FAKE_USER_ID, paperId, 1, -1],
    ]);
  });
});

describe('feedback teaching the real learner', () => {
  it('a 👍 and a 👎 on the buttons reach the subscription’s ranker, which keeps them across a restart', async () => {
    const w = await world();
    const first = await startBot(w);
    const subscription = await subscribe(first.app);
    const posted = (await postDigest(w, first.app))[1] as APIMessage;
    const liked = stateOf(buttons(posted)[0]?.custom_id ?? '').p ?? '';
    const disliked = stateOf(buttons(posted)[4]?.custom_id ?? '').p ?? '';
    await click(w, posted, buttonOf(posted, 'digest.like', liked).custom_id, ada);
    await click(w, posted, buttonOf(posted, 'digest.dislike', disliked).custom_id, grace);
    expect(await first.app.digest.learner?.describe(subscription.id)).toMatchObject({
      stage: 'profile',
      upvotes: 1,
      downvotes: 1,
    });
    await first.bot.stop();

    // Discord takes one IDENTIFY per 5 s per bucket; a restart within that window is refused.
    await w.clock.advance(6_000);
    const second = await startBot(w);
    const summary = await second.app.digest.learner?.describe(subscription.id);
    expect(summary).toMatchObject({ stage: 'profile', upvotes: 1, downvotes: 1 });
    expect(summary?.teachers.map((t) => [t.paperId, t.value]).sort()).toEqual(
      [
        [liked, 1],
        [disliked, -1],
      ].sort(),
    );
  });
});

describe.skipIf(!postgresUrl)('feedback on one node teaching another (DATABASE_URL)', () => {
  it('a 👍 through node A’s buttons changes node B’s next ranking, without a restart', async () => {
    const w = await world();
    const databaseUrl = await freshPostgresDatabase();
    const a = await startBot(w, undefined, { DATABASE_URL: databaseUrl });
    // Node B: another process on its own data directory, sharing only the database.
    const dataDirB = mkdtempSync(join(tmpdir(), 'paperboy-node-b-'));
    onTestFinished(() => rmSync(dataDirB, { recursive: true, force: true }));
    const b = await createApp(
      parseConfig({ PAPERBOY_DATA_DIR: dataDirB, OFFLINE: 'true', DATABASE_URL: databaseUrl }),
      {
        log: silentLogger(),
        clock: w.clock,
        mode: 'one-shot',
      },
    );
    onTestFinished(() => b.close());
    const subscription = await subscribe(a.app);
    const posts = await postDigest(w, a.app);
    const papers = posts
      .flatMap((m) => buttons(m).filter((c) => c.custom_id.startsWith('digest.like=')))
      .map((c) => a.app.library.get(stateOf(c.custom_id).p ?? ''))
      .filter((p) => p !== undefined);
    expect(papers.length).toBeGreaterThan(1);
    // How node B ranks these candidates, as its digest planning does: by topics and B's learner.
    const rankOnB = async () => {
      const shared = await b.digest.subscriptions.byChannel(FAKE_PAPERS_CHANNEL_ID);
      const learned = learnedScorer(await b.digest.learner?.profile(subscription.id));
      if (!shared) throw new Error('node B does not see the subscription');
      return rankPapers(papers, { ...shared, ...(learned ? { learned } : {}) }).map((e) => e.paper.id);
    };
    const before = await rankOnB();
    // The paper B ranks last is the one a member likes on A.
    const liked = before.at(-1) ?? '';
    const post = posts.find((m) => buttons(m).some((c) => stateOf(c.custom_id).p === liked)) as APIMessage;
    await click(w, post, buttonOf(post, 'digest.like', liked).custom_id, ada);

    expect(await b.digest.learner?.describe(subscription.id)).toMatchObject({ stage: 'profile', upvotes: 1 });
    const after = await rankOnB();
    expect(after.indexOf(liked)).toBeLessThan(before.indexOf(liked));
  });
});

describe('Not interested', () => {
  it('hides the paper from the next digest and from /papers in the channel, any version of it', async () => {
    const w = await world();
    const { app } = await startBot(w);
    await subscribe(app, 'compact');
    const before = await app.digest.preview(FAKE_GUILD_ID, FAKE_PAPERS_CHANNEL_ID);
    expect(before.plan.papers.map((p) => p.id)).toContain(RETRIEVAL);

    // Rated from a /papers page: "Rate a paper…" answers privately with the paper's buttons.
    app.library.upsert([makePaper({ id: RETRIEVAL, title: RETRIEVAL_TITLE, version: 1 })]);
    await command(w, 'papers', { query: 'long-context retrieval multilingual', source: 'library' }, ada);
    const page = w.fake
      .messagesIn(FAKE_PAPERS_CHANNEL_ID)
      .find((m) => m.interaction_metadata && (m.components ?? []).length > 0 && m.embeds.length > 0) as APIMessage;
    expect(page).toBeDefined();
    const menu = (page.components ?? [])
      .flatMap((row) => (row.type === ComponentType.ActionRow ? row.components : []))
      .find(
        (c): c is APIStringSelectComponent =>
          c.type === ComponentType.StringSelect && c.custom_id.startsWith('digest.rate='),
      );
    expect(menu?.options.map((o) => o.value)).toEqual([RETRIEVAL]);
    const rate = w.fake.sendInteraction(w.fake.select(menu?.custom_id ?? '', [RETRIEVAL], page, ada));
    const card = await finalReply(w, rate);
    expect(contentOf(card)).toBe(`Rate **${RETRIEVAL_TITLE}**`);
    const cardMessage = w.fake
      .messagesIn(FAKE_PAPERS_CHANNEL_ID)
      .find((m) => m.content === contentOf(card)) as APIMessage;
    expect((cardMessage.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    await click(w, cardMessage, buttonOf(cardMessage, 'digest.hide', RETRIEVAL).custom_id, ada);
    const hiddenCard = w.fake.message(cardMessage.id) as APIMessage;
    expect(rows(hiddenCard)).toEqual([['👍 0', '👎 1', 'Hidden here', 'Save']]);
    expect(buttonOf(hiddenCard, 'digest.hide', RETRIEVAL).disabled).toBe(true);

    // A new version of the paper is the same paper: still hidden.
    app.library.upsert([makePaper({ id: RETRIEVAL, title: RETRIEVAL_TITLE, version: 2 })]);
    const again = await command(w, 'papers', { query: 'long-context retrieval multilingual', source: 'library' }, ada);
    const embed = (again.body as { embeds?: Array<{ description?: string; footer?: { text: string } }> }).embeds?.[0];
    expect(embed?.footer?.text).toContain('1 hidden in this channel (Not interested)');
    expect(embed?.description ?? '').not.toContain('Long-Context Retrieval');

    const posted = await postDigest(w, app);
    const text = posted.map((m) => m.content).join('\n');
    expect(text).not.toContain(RETRIEVAL_TITLE);
    expect(text).toContain('Sparse Mixture-of-Experts');
  });
});

const EMPTY_SUMMARY: LearnedSummary = {
  stage: 'topics',
  upvotes: 0,
  downvotes: 0,
  positive: [],
  negative: [],
  teachers: [],
};

describe('/digest tune and /digest forget', () => {
  it('refuses members without Manage Channel, clearly', async () => {
    const w = await world();
    const { app } = await startBot(w);
    await subscribe(app);
    for (const sub of ['digest tune', 'digest forget']) {
      const reply = await command(w, sub, { channel: FAKE_PAPERS_CHANNEL_ID }, ada);
      expect(contentOf(reply)).toMatch(/^Only members with Manage Channel can tune, reset or forget a digest\./);
    }
  });

  it('shows the votes and what the learner learned, and resets it after a confirmation', async () => {
    const w = await world();
    const learning = recordingLearner({
      stage: 'profile',
      upvotes: 1,
      downvotes: 0,
      positive: [{ term: 'retrieval', weight: 0.82 }],
      negative: [{ term: 'protein', weight: -0.4 }],
      teachers: [{ paperId: RETRIEVAL, title: RETRIEVAL_TITLE, value: 1 }],
    });
    const { app } = await startBot(w, learning.learner);
    const subscription = await subscribe(app);
    const posted = (await postDigest(w, app))[1] as APIMessage;
    const paperId = stateOf(buttons(posted)[0]?.custom_id ?? '').p ?? '';
    await click(w, posted, buttonOf(posted, 'digest.like', paperId).custom_id, ada);

    const tune = await command(w, 'digest tune', { channel: FAKE_PAPERS_CHANNEL_ID }, grace);
    expect(contentOf(tune).split('\n')).toEqual([
      `**What the digest in <#${FAKE_PAPERS_CHANNEL_ID}> has learned**`,
      'Votes: 👍 1 · 👎 0 from 1 member · 0 papers hidden (Not interested)',
      'Ranking by: a profile of liked and disliked papers',
      'More of: retrieval (0.82)',
      'Less of: protein (-0.40)',
      'Taught by:',
      `👍 ${RETRIEVAL_TITLE}`,
    ]);
    const tuneMessage = w.fake
      .messagesIn(FAKE_PAPERS_CHANNEL_ID)
      .find((m) => m.content === contentOf(tune)) as APIMessage;
    const reset = buttons(tuneMessage).find((b) => b.custom_id.startsWith('digest.reset='));
    expect(reset?.label).toBe('Reset…');

    // A member without Manage Channel cannot press it (the message is private, but ids can be replayed).
    expect(contentOf(await click(w, tuneMessage, reset?.custom_id ?? '', ada))).toMatch(
      /^Only members with Manage Channel/,
    );
    const ask = await click(w, tuneMessage, reset?.custom_id ?? '', grace);
    expect(contentOf(ask)).toMatch(/^⚠️ Reset what the digest in <#\d+> has learned\?/);
    expect(learning.resets).toEqual([]);
    const confirm = w.fake.message(tuneMessage.id) as APIMessage;
    const yes = buttons(confirm).find((b) => b.custom_id.startsWith('digest.reset-confirm='));
    const done = await click(w, confirm, yes?.custom_id ?? '', grace);
    expect(contentOf(done)).toBe(`✅ Reset: the digest in <#${FAKE_PAPERS_CHANNEL_ID}> ranks by its topics again.`);
    expect(learning.resets).toEqual([subscription.id]);
  });

  it('forget deletes the channel’s votes and hidden papers and resets the learner', async () => {
    const w = await world();
    const learning = recordingLearner(EMPTY_SUMMARY);
    const { app } = await startBot(w, learning.learner);
    const subscription = await subscribe(app);
    const posted = (await postDigest(w, app))[1] as APIMessage;
    const [first, second] = [0, 4].map((i) => stateOf(buttons(posted)[i]?.custom_id ?? '').p ?? '');
    await click(w, posted, buttonOf(posted, 'digest.like', first ?? '').custom_id, ada);
    await click(w, posted, buttonOf(posted, 'digest.hide', second ?? '').custom_id, grace);

    const reply = await command(w, 'digest forget', { channel: FAKE_PAPERS_CHANNEL_ID }, grace);
    expect(contentOf(reply)).toBe(
      `✅ Forgot 2 votes and 1 hidden paper in <#${FAKE_PAPERS_CHANNEL_ID}>; its digest ranks by its topics again.`,
    );
    expect(await app.feedback.counts(subscription.id, FAKE_PAPERS_CHANNEL_ID)).toEqual({
      up: 0,
      down: 0,
      voters: 0,
      hidden: 0,
    });
    expect(learning.resets).toEqual([subscription.id]);
  });
});
