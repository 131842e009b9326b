import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type APIMessage, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { commands } from '../../commands/index.ts';
import { type App, botDependencies, createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { type Bot, createBot } from '../../src/discord/bot.ts';
import { silentLogger } from '../../src/log.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { makePaper } from '../support/builders.ts';
import { customIds } from '../support/custom-ids.ts';
import {
  FAKE_APPLICATION_ID,
  FAKE_BOT_TOKEN,
  FAKE_PAPERS_CHANNEL_ID,
  type FakeDiscord,
  type RecordedRequest,
  startFakeDiscord,
} from '../support/fake-discord.ts';
import { type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai.ts';
import { bodyOf, finalReply as replyTo, originalMessage as storedOriginal } from '../support/interaction-replies.ts';

// One fake Discord for the file; each test gets its own data directory, app and bot.

const PAPERS: Paper[] = [
  makePaper({
    id: 'arxiv:2401.00001',
    title: 'Speculative Decoding for Fast Inference',
    abstract: 'We speed up decoding of large language models with a draft model and verification.',
    authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'],
    upvotes: 42,
  }),
  makePaper({
    id: 'arxiv:2401.00002',
    title: 'Medusa: Multiple Decoding Heads',
    abstract: 'Extra decoding heads predict several tokens at once, accelerating language model decoding.',
    links: { abs: 'https://arxiv.org/abs/2401.00002', pdf: 'https://arxiv.org/pdf/2401.00002' },
  }),
  makePaper({
    id: 'arxiv:2401.00003',
    title: 'Lookahead Decoding',
    abstract: 'Lookahead decoding breaks the sequential dependency of decoding without a draft model.',
    links: { abs: 'https://arxiv.org/abs/2401.00003' },
  }),
];

let fake: FakeDiscord;

beforeAll(async () => {
  fake = await startFakeDiscord();
});

afterAll(async () => {
  await fake.close();
});

interface Harness {
  readonly app: App;
  readonly bot: Bot;
  readonly dataDir: string;
}

interface HarnessOptions {
  readonly env?: Record<string, string>;
  readonly dataDir?: string;
  readonly papers?: readonly Paper[];
  readonly openai?: FakeOpenAI;
}

async function startBot(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'paperboy-discord-'));
  if (!options.dataDir) onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = parseConfig({
    PAPERBOY_DATA_DIR: dataDir,
    OFFLINE: 'true',
    LOG_LEVEL: 'silent',
    DISCORD_TOKEN: FAKE_BOT_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    ...(options.openai ? { OPENAI_BASE_URL: options.openai.baseURL, LLM_MAX_RETRIES: '0' } : {}),
    ...options.env,
  });
  const log = silentLogger();
  const app = await createApp(config, { log });
  app.library.upsert(options.papers ?? PAPERS);
  const bot = createBot({
    ...botDependencies(app),
    commands,
    log,
  });
  onTestFinished(async () => {
    await bot.stop();
    await app.close();
  });
  await bot.start();
  return { app, bot, dataDir };
}

/** The message that ends an interaction: an edit of @original, a follow-up, or an immediate reply. */
function finalReply(interaction: { id: string; token: string }, timeoutMs = 5000): Promise<RecordedRequest> {
  return replyTo(fake, interaction, timeoutMs);
}

/** Lets requests already sent (a delete after an edit) reach the fake. */
function settle(ms = 200): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The stored message an @original edit produced, so a component can be clicked on it. */
function originalMessage(request: RecordedRequest): APIMessage {
  return storedOriginal(fake, FAKE_PAPERS_CHANNEL_ID, request);
}

describe('createBot', () => {
  it('registers the commands at start and skips registration when they did not change', async () => {
    const since = fake.requests.length;
    const first = await startBot();
    const puts = () => fake.requests.slice(since).filter((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
    expect(puts()).toHaveLength(1);
    expect(fake.commands().map((c) => c.name)).toEqual(commands.map((m) => m.definition.name));
    await first.bot.stop();
    await first.app.close();
    const second = await startBot({ dataDir: first.dataDir });
    expect(second.bot.applicationId()).toBe(FAKE_APPLICATION_ID);
    expect(puts()).toHaveLength(1);
  });

  it('answers /papers with a deferral, then edits in one embed with menus and buttons', async () => {
    await startBot();
    const interaction = fake.sendInteraction(fake.chatInput('papers', { query: 'decoding', limit: 2 }));
    const reply = bodyOf(await finalReply(interaction));
    expect(fake.callbacks(interaction.id).map((r) => (r.body as { type: number }).type)).toEqual([
      InteractionResponseType.DeferredChannelMessageWithSource,
    ]);
    expect(reply.allowed_mentions).toEqual({ parse: [] });
    expect(reply.embeds).toHaveLength(1);
    expect(reply.embeds?.[0]?.description).toContain('**1.** [');
    expect(customIds(reply).map((id) => id.split(/[:=]/)[0])).toEqual([
      'papers.summarize',
      'papers.compare',
      'digest.rate',
      'reading.pick',
      'papers.prev',
      'papers.next',
    ]);
  });

  it('pages with Next in place after a deferUpdate', async () => {
    await startBot();
    const first = fake.sendInteraction(fake.chatInput('papers', { query: 'decoding', limit: 1 }));
    const firstReply = await finalReply(first);
    const next = customIds(bodyOf(firstReply)).find((id) => id.startsWith('papers.next:')) ?? '';
    const click = fake.sendInteraction(fake.button(next, originalMessage(firstReply)));
    const page2 = bodyOf(await finalReply(click));
    expect(fake.callbacks(click.id).map((r) => (r.body as { type: number }).type)).toEqual([
      InteractionResponseType.DeferredMessageUpdate,
    ]);
    expect(page2.embeds?.[0]?.title).toBe('Papers for “decoding” (page 2)');
  });

  it('summarizes the paper picked in the Summarize… menu as a new message', async () => {
    await startBot();
    const list = await finalReply(fake.sendInteraction(fake.chatInput('papers', { query: 'decoding' })));
    const menu = customIds(bodyOf(list)).find((id) => id.startsWith('papers.summarize:')) ?? '';
    const pick = fake.sendInteraction(fake.select(menu, ['arxiv:2401.00002'], originalMessage(list)));
    const summary = bodyOf(await finalReply(pick));
    expect(fake.callbacks(pick.id).map((r) => (r.body as { type: number }).type)).toEqual([
      InteractionResponseType.DeferredChannelMessageWithSource,
    ]);
    expect(summary.embeds?.[0]?.title).toBe('Medusa: Multiple Decoding Heads');
    expect(summary.embeds?.[0]?.footer?.text).toBe('Extractive summary — no LLM configured');
  });

  it('compares the papers picked in the Compare… menu', async () => {
    await startBot();
    const list = await finalReply(fake.sendInteraction(fake.chatInput('papers', { query: 'decoding' })));
    const menu = customIds(bodyOf(list)).find((id) => id.startsWith('papers.compare:')) ?? '';
    const pick = fake.sendInteraction(
      fake.select(menu, ['arxiv:2401.00001', 'arxiv:2401.00002'], originalMessage(list)),
    );
    const comparison = bodyOf(await finalReply(pick));
    expect(comparison.embeds?.[0]?.title).toBe('Comparison of 2 papers');
  });

  it('keeps buttons working after a restart on the same data directory', async () => {
    const first = await startBot();
    const list = await finalReply(fake.sendInteraction(fake.chatInput('papers', { query: 'decoding', limit: 1 })));
    const next = customIds(bodyOf(list)).find((id) => id.startsWith('papers.next:')) ?? '';
    const message = originalMessage(list);
    await first.bot.stop();
    await first.app.close();
    await startBot({ dataDir: first.dataDir });
    const click = fake.sendInteraction(fake.button(next, message));
    expect(bodyOf(await finalReply(click)).embeds?.[0]?.title).toBe('Papers for “decoding” (page 2)');
  });

  it('tells the user to run the command again when the state has expired', async () => {
    await startBot();
    const click = fake.sendInteraction(fake.button('papers.next:AAAAAAAAAAAA'));
    const reply = bodyOf(await finalReply(click));
    expect(reply.flags).toBe(MessageFlags.Ephemeral);
    expect(reply.content).toMatch(/^These results have expired; run the command again\. \(ref [0-9a-f]{8}\)$/);
  });

  it('answers a custom_id that is not ours with the expired-state message at once', async () => {
    await startBot();
    const click = fake.sendInteraction(fake.button('something-else'));
    const reply = bodyOf(await finalReply(click));
    expect(fake.callbacks(click.id).map((r) => (r.body as { type: number }).type)).toEqual([
      InteractionResponseType.ChannelMessageWithSource,
    ]);
    expect(reply.content).toMatch(/^These results have expired; run the command again\. \(ref [0-9a-f]{8}\)$/);
  });

  it('answers autocomplete from the library by title, without deferring', async () => {
    await startBot();
    const interaction = fake.sendInteraction(fake.autocomplete('summarize', { paper: 'Medusa' }, 'paper'));
    const reply = await finalReply(interaction);
    expect(reply.body).toEqual({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [{ name: 'Medusa: Multiple Decoding Heads', value: 'arxiv:2401.00002' }] },
    });
  });

  it('names autocomplete choices by sanitised title, even for a title stored raw', async () => {
    const raw = { ...PAPERS[0], id: 'arxiv:2401.00009', title: 'Medusa\u202e\u001b[31m Raw\u200b Heads' } as Paper;
    await startBot({ papers: [raw] });
    const interaction = fake.sendInteraction(fake.autocomplete('summarize', { paper: 'Medusa' }, 'paper'));
    const reply = await finalReply(interaction);
    expect(reply.body).toMatchObject({ data: { choices: [{ name: 'Medusa Raw Heads', value: 'arxiv:2401.00009' }] } });
  });

  it('answers /summarize with the extractive summary and its buttons when no LLM is configured', async () => {
    await startBot();
    const reply = bodyOf(
      await finalReply(
        fake.sendInteraction(fake.chatInput('summarize', { paper: 'arxiv:2401.00001', language: 'en' })),
      ),
    );
    expect(reply.embeds?.[0]?.footer?.text).toBe('Extractive summary — no LLM configured');
    expect(customIds(reply).map((id) => id.split(/[:=]/)[0])).toEqual([
      'summarize.regenerate',
      'summarize.similar',
      'paper.discuss',
      'reading.save',
    ]);
  });

  it('defers first and edits when a slow LLM answers', async () => {
    const openai = await startFakeOpenAI();
    onTestFinished(() => openai.close());
    await startBot({ openai });
    openai.delayNext(800);
    const interaction = fake.sendInteraction(
      fake.chatInput('summarize', { paper: 'arxiv:2401.00001', language: 'en' }),
    );
    const reply = await finalReply(interaction, 10_000);
    const [deferral] = fake.callbacks(interaction.id);
    if (!deferral) throw new Error('no deferral recorded');
    expect((deferral.body as { type: number }).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(reply.at - deferral.at).toBeGreaterThanOrEqual(700);
    expect(bodyOf(reply).embeds?.[0]?.footer?.text).toBe('Generated by gpt-4o-mini');
  });

  it('answers /compare with the aspect table', async () => {
    await startBot();
    const reply = bodyOf(
      await finalReply(
        fake.sendInteraction(fake.chatInput('compare', { papers: 'arxiv:2401.00001, arxiv:2401.00002' })),
      ),
    );
    expect(reply.embeds?.[0]?.title).toBe('Comparison of 2 papers');
    expect(reply.embeds?.[0]?.fields?.[0]?.name).toBe('Problem · [1]');
  });

  it('answers /ask with numbered sources', async () => {
    await startBot();
    const reply = bodyOf(
      await finalReply(
        fake.sendInteraction(fake.chatInput('ask', { question: 'How does speculative decoding work?' })),
      ),
    );
    expect(reply.embeds?.[0]?.title).toBe('How does speculative decoding work?');
  });

  it('answers /paper with a metadata card', async () => {
    await startBot();
    const reply = bodyOf(await finalReply(fake.sendInteraction(fake.chatInput('paper', { id: 'arxiv:2401.00003' }))));
    expect(reply.embeds?.[0]?.title).toBe('Lookahead Decoding');
    expect(reply.embeds?.[0]?.url).toBe('https://arxiv.org/abs/2401.00003');
  });

  it('answers /help at once, privately, with every command', async () => {
    await startBot();
    const interaction = fake.sendInteraction(fake.chatInput('help'));
    const reply = bodyOf(await finalReply(interaction));
    expect(reply.embeds?.[0]?.title).toBe('Paperboy commands');
    expect(fake.callbacks(interaction.id).map((r) => r.body)).toMatchObject([
      { type: InteractionResponseType.ChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } },
    ]);
  });

  it('answers /status privately', async () => {
    await startBot();
    const interaction = fake.sendInteraction(fake.chatInput('status'));
    await finalReply(interaction);
    expect(fake.callbacks(interaction.id).map((r) => r.body)).toEqual([
      { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } },
    ]);
  });

  it('finds papers related to a message from the context menu', async () => {
    await startBot();
    const target = fake.seedMessage({ content: 'Anyone tried speculative decoding with a draft model?' });
    const reply = bodyOf(
      await finalReply(fake.sendInteraction(fake.messageContextMenu('Find related papers', target))),
    );
    expect(reply.embeds?.[0]?.title).toBe('Related papers');
  });

  it('turns the public placeholder into the not-found message, which stays visible', async () => {
    await startBot();
    const interaction = fake.sendInteraction(fake.chatInput('paper', { id: 'arxiv:2499.99999' }));
    const reply = bodyOf(await finalReply(interaction));
    expect(reply.content).toMatch(
      /^No paper matches that id, URL or title\. Try \/papers to search\. \(ref [0-9a-f]{8}\)$/,
    );
    // Discord's first follow-up after a public deferral edits the placeholder and ignores the
    // ephemeral flag; a follow-up then a delete would show the error and take it away again.
    await settle();
    const shown = fake.messagesIn(FAKE_PAPERS_CHANNEL_ID).filter((m) => m.content.startsWith('No paper matches'));
    expect(shown).toHaveLength(1);
    expect((shown[0]?.flags ?? 0) & MessageFlags.Loading).toBe(0);
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it.each([
    ['compare', { papers: '2401.00001' }, 'Compare takes 2 to 5 papers; you gave 1.'],
    [
      'compare',
      { papers: '2401.00001 2401.00001' },
      'Those all name the same paper; give at least two different ones.',
    ],
    ['summarize', { paper: 'arxiv:2401.00001', language: 'not a code' }, 'Give the language as a code'],
    ['papers', { query: 'x'.repeat(301) }, 'query'],
  ])('answers a mistake in /%s options at once and privately, without deferring', async (name, options, text) => {
    await startBot();
    const interaction = fake.sendInteraction(fake.chatInput(name, options));
    const reply = bodyOf(await finalReply(interaction));
    expect(fake.callbacks(interaction.id).map((r) => (r.body as { type: number }).type)).toEqual([
      InteractionResponseType.ChannelMessageWithSource,
    ]);
    expect(reply.flags).toBe(MessageFlags.Ephemeral);
    expect(reply.content).toContain(text);
  });

  it('rate-limits LLM commands per user with the retry time', async () => {
    await startBot({ env: { RATE_LIMIT_USER_PER_MINUTE: '1' } });
    await finalReply(fake.sendInteraction(fake.chatInput('summarize', { paper: 'arxiv:2401.00001', language: 'en' })));
    const second = fake.sendInteraction(fake.chatInput('summarize', { paper: 'arxiv:2401.00002' }));
    const reply = bodyOf(await finalReply(second));
    expect(reply.flags).toBe(MessageFlags.Ephemeral);
    expect(reply.content).toMatch(/^Slow down a little: try again in (59|60) s\. \(ref [0-9a-f]{8}\)$/);
  });

  it('does not count /digest list against the LLM rate limit', async () => {
    await startBot({ env: { RATE_LIMIT_USER_PER_MINUTE: '1' } });
    for (let run = 0; run < 2; run++) {
      const reply = bodyOf(await finalReply(fake.sendInteraction(fake.chatInput('digest list'))));
      expect(reply.content).toBe('No digests in this server yet. Start one with /digest subscribe.');
    }
  });

  it('keeps a 4,000-word abstract within the embed limits', async () => {
    const abstract = Array.from({ length: 400 }, () => 'We study ten words of text in each sentence here.').join(' ');
    await startBot({ papers: [makePaper({ id: 'arxiv:2402.00001', abstract })] });
    const request = await finalReply(fake.sendInteraction(fake.chatInput('paper', { id: 'arxiv:2402.00001' })));
    expect(request.status).toBe(200);
    expect(bodyOf(request).embeds?.[0]?.description?.length).toBeLessThanOrEqual(4096);
  });

  it('cannot ping from an abstract containing @everyone', async () => {
    await startBot({
      papers: [makePaper({ id: 'arxiv:2402.00002', abstract: 'Hello @everyone and <@1100000000000000400>.' })],
    });
    const reply = bodyOf(await finalReply(fake.sendInteraction(fake.chatInput('paper', { id: 'arxiv:2402.00002' }))));
    expect(reply.allowed_mentions).toEqual({ parse: [] });
    expect(reply.embeds?.[0]?.description).toBe('Hello @\u200beveryone and \\<@\u200b1100000000000000400>.');
  });

  it('regenerates a summary in place from its button', async () => {
    const openai = await startFakeOpenAI();
    onTestFinished(() => openai.close());
    openai.reply(() => ({
      tldr: 'Drafts are verified by the target model.',
      keyPoints: ['A draft model proposes tokens.'],
      method: 'Speculative decoding.',
      results: 'Faster decoding.',
      limitations: 'Not stated in the abstract.',
    }));
    await startBot({ openai });
    const summary = await finalReply(
      fake.sendInteraction(fake.chatInput('summarize', { paper: 'arxiv:2401.00001', language: 'en' })),
    );
    const regenerate = customIds(bodyOf(summary)).find((id) => id.startsWith('summarize.regenerate:')) ?? '';
    const click = fake.sendInteraction(fake.button(regenerate, originalMessage(summary)));
    const reply = bodyOf(await finalReply(click));
    expect(fake.callbacks(click.id).map((r) => (r.body as { type: number }).type)).toEqual([
      InteractionResponseType.DeferredMessageUpdate,
    ]);
    expect(reply.embeds?.[0]?.title).toBe('Speculative Decoding for Fast Inference');
  });

  it('says privately that Regenerate cannot vary without an LLM, and leaves the summary as it is', async () => {
    await startBot();
    const summary = await finalReply(
      fake.sendInteraction(fake.chatInput('summarize', { paper: 'arxiv:2401.00001', language: 'en' })),
    );
    const regenerate = customIds(bodyOf(summary)).find((id) => id.startsWith('summarize.regenerate:')) ?? '';
    const click = fake.sendInteraction(fake.button(regenerate, originalMessage(summary)));
    const reply = await finalReply(click);
    expect([reply.method, bodyOf(reply).flags]).toEqual(['POST', MessageFlags.Ephemeral]);
    expect(bodyOf(reply).content).toContain('regenerating gives the same text');
  });

  it('still answers with a labelled fallback summary when the LLM is down', async () => {
    const openai = await startFakeOpenAI();
    onTestFinished(() => openai.close());
    await startBot({ openai });
    openai.failNext({ status: 500, times: 10 });
    const reply = bodyOf(
      await finalReply(
        fake.sendInteraction(fake.chatInput('summarize', { paper: 'arxiv:2401.00001', language: 'en' })),
      ),
    );
    expect(reply.embeds?.[0]?.footer?.text).toBe('Extractive summary — the language model is not answering right now');
  });

  it('shows library results with a notice when a live source is down', async () => {
    const down = createServer((_request, response) => {
      response.writeHead(500).end('down');
    });
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => down.close(() => resolve())));
    const url = `http://127.0.0.1:${(down.address() as AddressInfo).port}`;
    await startBot({
      env: {
        OFFLINE: 'false',
        HF_BASE_URL: url,
        ARXIV_API_URL: `${url}/api/query`,
        ARXIV_MIN_INTERVAL_MS: '0',
        SOURCE_TIMEOUT_MS: '1000',
      },
    });
    const reply = bodyOf(
      await finalReply(fake.sendInteraction(fake.chatInput('papers', { query: 'decoding' })), 15_000),
    );
    expect(reply.embeds?.[0]?.description).toContain('Speculative Decoding for Fast Inference');
    expect(reply.embeds?.[0]?.footer?.text).toContain('⚠');
  });

  it('finishes an in-flight interaction before stopping', async () => {
    const openai = await startFakeOpenAI();
    onTestFinished(() => openai.close());
    const { bot } = await startBot({ openai });
    openai.delayNext(400);
    const interaction = fake.sendInteraction(
      fake.chatInput('summarize', { paper: 'arxiv:2401.00002', language: 'en' }),
    );
    await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
    await bot.stop();
    expect(fake.edits(interaction.token).map((r) => r.status)).toEqual([200]);
  });
});
