import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from 'discord.js';
import {
  type APIEmbed,
  type APIMessageTopLevelComponent,
  ChannelType,
  ComponentType,
  InteractionResponseType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { commands } from '../../commands/index.ts';
import { digestControls } from '../../commands/shared/digest-controls.ts';
import { type App, botDependencies, createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import type { DigestMessage, PlannedPaper } from '../../src/digest/types.ts';
import { createBot } from '../../src/discord/bot.ts';
import { createDigestDelivery } from '../../src/discord/digest-channel.ts';
import { renderDigestMessage } from '../../src/discord/render/digest.ts';
import { silentLogger } from '../../src/log.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { makePaper } from '../support/builders.ts';
import {
  FAKE_APPLICATION_ID,
  FAKE_BOT_TOKEN,
  FAKE_PAPERS_CHANNEL_ID,
  type FakeDiscord,
  type RecordedRequest,
  startFakeDiscord,
} from '../support/fake-discord.ts';
import { startFakeOpenAI, textOf } from '../support/fake-openai.ts';
import { loadFixture, type RecordedServer, startRecordedServer } from '../support/recorded-server.ts';

// Discuss threads and /ask inside them (issue 14, item 5): the real bot against the fake Discord,
// arXiv's HTML pages from recorded fixtures, no LLM (the extractive fallback answers and summarizes).

const WITH_HTML = makePaper({
  id: 'arxiv:1406.1001',
  title: 'Semantic Parsing for Single-Relation Question Answering',
  abstract:
    'We develop a semantic parsing framework based on semantic similarity for open domain question answering. ' +
    'Using convolutional neural network models, we measure the similarity of entity mentions with entities in the knowledge base.',
  links: { abs: 'https://arxiv.org/abs/1406.1001' },
});
const WITHOUT_HTML = makePaper({
  id: 'arxiv:1406.1002',
  title: 'Speculative Decoding for Fast Inference',
  abstract: 'We speed up decoding of large language models with a draft model whose tokens the target model verifies.',
});
const LONG_TITLE = makePaper({
  id: 'arxiv:2401.00003',
  title: `${'Very long title about decoding '.repeat(6)}<@123> end`,
  abstract: 'Lookahead decoding breaks the sequential dependency of decoding without a draft model.',
});
const PAPERS: Paper[] = [WITH_HTML, WITHOUT_HTML, LONG_TITLE];

let fake: FakeDiscord;
let arxiv: RecordedServer;

beforeAll(async () => {
  fake = await startFakeDiscord();
  arxiv = await startRecordedServer();
  arxiv.serve(loadFixture('arxiv-html/1406.1001'));
  arxiv.serve(loadFixture('arxiv-html/1406.1002-missing'));
});

afterAll(async () => {
  await fake.close();
  await arxiv.close();
});

async function startBot(
  dataDir?: string,
  env: Readonly<Record<string, string>> = {},
): Promise<{ app: App; dataDir: string; stop: () => Promise<void> }> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'paperboy-threads-'));
  if (!dataDir) onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const config = parseConfig({
    PAPERBOY_DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    DISCORD_TOKEN: FAKE_BOT_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    // Every source at the recorded server: only the HTML pages are recorded, the rest answer 404.
    HF_BASE_URL: arxiv.url,
    ARXIV_API_URL: `${arxiv.url}/api/query`,
    ARXIV_RSS_URL: `${arxiv.url}/rss`,
    ARXIV_HTML_URL: `${arxiv.url}/html`,
    ARXIV_MIN_INTERVAL_MS: '0',
    ...env,
  });
  const log = silentLogger();
  const app = await createApp(config, { log });
  app.library.upsert(PAPERS);
  const bot = createBot({ ...botDependencies(app), commands, digestControls, log, postDigests: false });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await bot.stop();
    await app.close();
  };
  onTestFinished(stop);
  await bot.start();
  return { app, dataDir: dir, stop };
}

interface Body {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessageTopLevelComponent[];
  flags?: number;
}

/** The message that ends an interaction: an edit of @original after a deferral. */
async function finalReply(interaction: { token: string }): Promise<Body> {
  const request = await fake.waitForRequest(
    (r) =>
      r.method === 'PATCH' && r.path === `/webhooks/${FAKE_APPLICATION_ID}/${interaction.token}/messages/@original`,
    10_000,
  );
  return request.body as Body;
}

function customIds(body: Body): string[] {
  return (body.components ?? []).flatMap((row) =>
    row.type === ComponentType.ActionRow
      ? row.components.flatMap((c) => ('custom_id' in c && typeof c.custom_id === 'string' ? [c.custom_id] : []))
      : [],
  );
}

/** The stored message a /paper reply became, so its Discuss button can be clicked on it. */
async function paperCard(paperId: string, channelId = FAKE_PAPERS_CHANNEL_ID) {
  const interaction = fake.sendInteraction(fake.chatInput('paper', { id: paperId }, { channelId }));
  const body = await finalReply(interaction);
  const discuss = customIds(body).find((id) => id.startsWith('paper.discuss='));
  const message = fake.messagesIn(channelId).find((m) => m.interaction_metadata?.id === interaction.id);
  if (!discuss || !message) throw new Error('no /paper card with a Discuss button');
  return { discuss, message };
}

function threadRequests(since: number): RecordedRequest[] {
  return fake.requests.slice(since).filter((r) => r.method === 'POST' && r.path.endsWith('/threads'));
}

/** The thread id a Discuss answer links to (`<#id>`). */
function linkedThread(body: Body): string {
  const id = /<#(\d+)>/.exec(body.content ?? '')?.[1];
  if (!id) throw new Error(`no thread link in ${JSON.stringify(body.content)}`);
  return id;
}

async function discuss(customId: string, message: Parameters<FakeDiscord['button']>[1]): Promise<Body> {
  const click = fake.sendInteraction(fake.button(customId, message));
  const body = await finalReply(click);
  // Answered privately: the deferral is ephemeral, so only the clicker sees the link.
  expect(fake.callbacks(click.id).map((r) => r.body)).toEqual([
    { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } },
  ]);
  return body;
}

async function ask(question: string, channelId: string): Promise<APIEmbed> {
  const embed = (await finalReply(fake.sendInteraction(fake.chatInput('ask', { question }, { channelId }))))
    .embeds?.[0];
  if (!embed) throw new Error('/ask answered without an embed');
  return embed;
}

function sourcesOf(embed: APIEmbed): string {
  return embed.fields?.find((f) => f.name === 'Sources')?.value ?? '';
}

describe('Discuss', () => {
  it("opens a public thread under the card, named after the paper, with the paper's summary first", async () => {
    await startBot();
    const { discuss: button, message } = await paperCard(WITH_HTML.id);
    const body = await discuss(button, message);
    const threadId = linkedThread(body);
    expect(body.content).toContain('Started a thread about this paper');
    // Discord: a thread started from a message has the message's id.
    expect(threadId).toBe(message.id);
    expect(fake.channel(threadId)).toMatchObject({
      type: ChannelType.PublicThread,
      parent_id: FAKE_PAPERS_CHANNEL_ID,
      name: WITH_HTML.title,
    });
    const [first] = fake.messagesIn(threadId);
    expect(first?.embeds[0]?.title).toContain(WITH_HTML.title);
    expect(first?.embeds[0]?.description).toContain('semantic parsing framework');
    // No Discuss inside the thread itself: it would have nowhere to go.
    expect(customIds({ components: first?.components ?? [] }).some((id) => id.startsWith('paper.discuss'))).toBe(false);
    expect(fake.channelMessages(threadId)[0]?.body).toMatchObject({ allowed_mentions: { parse: [] } });
  });

  it('points a second click to the thread that exists instead of failing', async () => {
    await startBot();
    const { discuss: button, message } = await paperCard(WITH_HTML.id);
    const threadId = linkedThread(await discuss(button, message));
    const since = fake.requests.length;
    const again = await discuss(button, message);
    expect(again.content).toBe(
      `This paper is already being discussed in <#${threadId}>. Ask about it there with /ask.`,
    );
    expect(threadRequests(since)).toEqual([]);
  });

  it('adopts a thread someone already started on the card (Discord: 160004) instead of failing', async () => {
    await startBot();
    const { discuss: button, message } = await paperCard(WITHOUT_HTML.id);
    const started = await fetch(
      `${fake.apiUrl}/v10/channels/${FAKE_PAPERS_CHANNEL_ID}/messages/${message.id}/threads`,
      {
        method: 'POST',
        headers: { authorization: `Bot ${FAKE_BOT_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'our chat' }),
      },
    );
    expect(started.status).toBe(201);
    const body = await discuss(button, message);
    expect(body.content).toBe(
      `This paper is already being discussed in <#${message.id}>. Ask about it there with /ask.`,
    );
  });

  it('says which permission is missing when the bot may not create public threads', async () => {
    const channelId = fake.addChannel({ name: 'no-threads' });
    fake.denyBotPermissions(channelId, PermissionFlagsBits.CreatePublicThreads);
    await startBot();
    const { discuss: button, message } = await paperCard(WITH_HTML.id, channelId);
    const since = fake.requests.length;
    const body = await discuss(button, message);
    expect(body.content).toBe(
      "⚠️ I can't open a discussion thread here: I need the **Create Public Threads** permission in this channel. Ask a moderator to grant it.",
    );
    expect(threadRequests(since)).toEqual([]);
  });

  it('falls back on Discord refusing (50013) when permissions changed after the click was sent', async () => {
    await startBot();
    const { discuss: button, message } = await paperCard(WITHOUT_HTML.id, fake.addChannel({ name: 'changed' }));
    fake.failNext({ method: 'POST', pathPattern: /\/messages\/\d+\/threads$/, status: 403 });
    expect((await discuss(button, message)).content).toContain(
      'I need the **Create Public Threads** and **Send Messages in Threads** permission',
    );
  });

  it('names Send Messages in Threads too when that is what is missing', async () => {
    const channelId = fake.addChannel({ name: 'no-thread-replies' });
    fake.denyBotPermissions(channelId, PermissionFlagsBits.SendMessagesInThreads);
    await startBot();
    const { discuss: button, message } = await paperCard(WITH_HTML.id, channelId);
    expect((await discuss(button, message)).content).toContain('I need the **Send Messages in Threads** permission');
  });

  it('opens one thread per paper from a message listing several (Discord: one thread per message)', async () => {
    await startBot();
    // The buttons a digest list of two papers carries, as the bot renders them: a row per paper.
    const list = renderDigestMessage(
      { kind: 'list', seq: 1, startRank: 1, papers: [WITHOUT_HTML, LONG_TITLE].map(planned) },
      'nonce',
      digestControls,
    );
    const [first, second] = customIds({ components: [...(list.components ?? [])] }).filter((id) =>
      id.startsWith('paper.discuss='),
    );
    if (!first || !second) throw new Error('no Discuss buttons on the list');
    const firstThread = linkedThread(await finalReply(fake.sendInteraction(fake.button(first))));
    const listMessage = fake.message(firstThread);
    if (!listMessage) throw new Error('the first thread was not started from the list message');
    const secondThread = linkedThread(await finalReply(fake.sendInteraction(fake.button(second, listMessage))));
    expect(secondThread).not.toBe(firstThread);
    const thread = fake.channel(secondThread);
    expect(thread).toMatchObject({ type: ChannelType.PublicThread, parent_id: FAKE_PAPERS_CHANNEL_ID });
    // Discord: thread names are 1–100 characters; the title is clipped, and a mention in it defused.
    const name = thread && 'name' in thread ? (thread.name ?? '') : '';
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name.startsWith('Very long title about decoding')).toBe(true);
  });
});

describe('Discuss on digest posts', () => {
  async function postDigest(message: DigestMessage) {
    const rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(FAKE_BOT_TOKEN);
    const { post } = createDigestDelivery(rest, digestControls);
    const { messageId } = await post(FAKE_PAPERS_CHANNEL_ID, message, `nonce-${message.seq}-${Date.now()}`);
    const posted = fake.message(messageId);
    if (!posted) throw new Error('digest message not stored');
    return posted;
  }

  it("adopts the thread a threads-style entry already has, so /ask there answers from the entry's paper", async () => {
    await startBot();
    const posted = await postDigest({ kind: 'thread', seq: 1, rank: 1, paper: planned(WITH_HTML) });
    // The entry's row: 👍 / 👎 / Not interested, then Discuss.
    const button = customIds({ components: posted.components ?? [] }).find((id) => id.startsWith('paper.discuss='));
    expect(button).toBeDefined();
    const body = await discuss(button ?? '', posted);
    expect(body.content).toBe(
      `This paper is already being discussed in <#${posted.id}>. Ask about it there with /ask.`,
    );
    const embed = await ask('What F1 score does the system achieve compared to Paralex?', posted.id);
    expect(sourcesOf(embed)).toContain('§ 1 Introduction');
  });

  it('starts a thread from a long list post through its Discuss menu', async () => {
    await startBot();
    // Past five papers a list has menus, not a row per paper.
    const others = [3, 4, 5, 6, 7].map((n) => ({ ...planned(LONG_TITLE), id: `arxiv:2401.0001${n}` }));
    const posted = await postDigest({
      kind: 'list',
      seq: 2,
      startRank: 1,
      papers: [planned(WITH_HTML), planned(WITHOUT_HTML), ...others],
    });
    const menu = customIds({ components: posted.components ?? [] }).find((id) => id.startsWith('paper.discuss-pick='));
    const pick = fake.sendInteraction(fake.select(menu ?? '', [WITHOUT_HTML.id], posted));
    const threadId = linkedThread(await finalReply(pick));
    expect(threadId).toBe(posted.id);
    expect(fake.channel(threadId)).toMatchObject({ name: WITHOUT_HTML.title });
  });
});

function planned(paper: Paper): PlannedPaper {
  return { id: paper.id, title: paper.title, matchedTerms: [], tldr: paper.abstract };
}

describe('/ask in a Discuss thread', () => {
  it("answers from the thread's paper, citing a section of its full text (arXiv HTML)", async () => {
    await startBot();
    const { discuss: button, message } = await paperCard(WITH_HTML.id);
    const threadId = linkedThread(await discuss(button, message));
    const since = arxiv.requests.length;
    const embed = await ask('What F1 score does the system achieve compared to Paralex?', threadId);
    expect(embed.description).toContain(
      'The highest achievable F 1 score of our system is 0.61, versus 0.54 of Paralex \\[2\\].',
    );
    expect(sourcesOf(embed)).toBe(`**[2]** § 1 Introduction · [${WITH_HTML.title}](https://arxiv.org/abs/1406.1001)`);
    // The paper's own reference markers ("Paralex [7]") are not taken for citations.
    expect(embed.fields?.map((f) => f.name)).toEqual(['Sources']);
    expect(arxiv.requests.slice(since).map((r) => r.path)).toEqual(['/html/1406.1001v1']);
    expect(arxiv.requests.at(-1)?.headers['user-agent']).toMatch(/^Paperboy\//);
  });

  it('gives the model the abstract and the matching passages as delimited data, and keeps only its valid citations', async () => {
    const openai = await startFakeOpenAI();
    onTestFinished(() => openai.close());
    await startBot(undefined, { OPENAI_BASE_URL: openai.baseURL, LLM_MAX_RETRIES: '0' });
    const { discuss: button, message } = await paperCard(WITH_HTML.id, fake.addChannel({ name: 'with-llm' }));
    const threadId = linkedThread(await discuss(button, message));
    openai.reply(() => ({ answered: true, text: 'It reaches an F1 of 0.61 against 0.54 for Paralex [2] [9].' }));
    const since = openai.chatRequests().length;
    const embed = await ask('What F1 score does the system achieve compared to Paralex?', threadId);
    const [request] = openai.chatRequests().slice(since);
    const prompt = (request?.messages ?? []).map(textOf).join('\n');
    expect(prompt).toContain(`<title>${WITH_HTML.title}</title>`);
    expect(prompt).toContain('<passage id="1">\n<section>Abstract</section>');
    expect(prompt).toMatch(/<passage id="2">\n<section>1 Introduction<\/section>\n<text>[^<]*0\.61, versus 0\.54/);
    expect(embed.description).toBe('It reaches an F1 of 0.61 against 0.54 for Paralex \\[2\\].');
    expect(sourcesOf(embed)).toBe(`**[2]** § 1 Introduction · [${WITH_HTML.title}](https://arxiv.org/abs/1406.1001)`);
    expect(embed.fields?.find((f) => f.name.startsWith('⚠'))?.value).toContain('\\[9\\]');
  });

  it('answers from the abstract alone when arXiv has no HTML version (404), and says so', async () => {
    await startBot();
    const { discuss: button, message } = await paperCard(WITHOUT_HTML.id, fake.addChannel({ name: 'no-html' }));
    const threadId = linkedThread(await discuss(button, message));
    const embed = await ask('How does the target model verify the draft tokens?', threadId);
    expect(sourcesOf(embed)).toContain('§ Abstract');
    expect(sourcesOf(embed)).not.toContain('Introduction');
    expect(embed.footer?.text).toContain('arXiv has no HTML version of this paper');
  });

  it('works as before outside a thread: papers from the library, no full text fetched', async () => {
    await startBot();
    const since = arxiv.requests.length;
    const embed = await ask('How does the target model verify the draft tokens?', FAKE_PAPERS_CHANNEL_ID);
    expect(sourcesOf(embed)).toContain(WITHOUT_HTML.title);
    expect(sourcesOf(embed)).not.toContain('§');
    expect(arxiv.requests.slice(since).filter((r) => r.path.startsWith('/html/'))).toEqual([]);
  });

  it('still knows the thread is about the paper after a restart', async () => {
    const first = await startBot();
    const { discuss: button, message } = await paperCard(WITH_HTML.id, fake.addChannel({ name: 'restart' }));
    const threadId = linkedThread(await discuss(button, message));
    await first.stop();
    await startBot(first.dataDir);
    const embed = await ask('What F1 score does the system achieve compared to Paralex?', threadId);
    expect(sourcesOf(embed)).toContain('§ 1 Introduction');
    const again = await discuss(button, message);
    expect(again.content).toContain(`already being discussed in <#${threadId}>`);
  });
});
