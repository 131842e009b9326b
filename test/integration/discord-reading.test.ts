import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { entries as parseBibtex } from 'bibtex-parse';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it, onTestFinished } from 'vitest';
import { commands } from '../../commands/index.ts';
import { type App, botDependencies, createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { type Bot, createBot } from '../../src/discord/bot.ts';
import { silentLogger } from '../../src/log.ts';
import { makePaper } from '../support/builders.ts';
import { customIds } from '../support/custom-ids.ts';
import { createFakeClock, type FakeClock } from '../support/fake-clock.ts';
import { FAKE_BOT_TOKEN, FAKE_PAPERS_CHANNEL_ID, FakeDiscord } from '../support/fake-discord.ts';
import { bodyOf, callbackTypes, finalReply, originalMessage } from '../support/interaction-replies.ts';
import { loadFixture, type RecordedServer, startRecordedServer } from '../support/recorded-server.ts';

// Thursday 19 Sep 2024, 06:00 UTC: ISO week 2024-W38, the week of the recorded weekly listing.
const START = Date.UTC(2024, 8, 19, 6, 0);
const DUE = Date.UTC(2024, 8, 19, 7, 0);
const TICK_MS = DUE - START;

// Papers in the library, one with a DOI and journal reference as arXiv gives them.
const LIBRARY = [
  makePaper({ id: 'arxiv:2401.00001', title: 'Speculative Decoding for Fast Inference', authors: ['Ada Lovelace'] }),
  makePaper({
    id: 'arxiv:2401.00002',
    title: 'Medusa: Multiple Decoding Heads & 100% Speed',
    authors: ['Tianle Cai', 'Yuhong Li'],
    doi: '10.1000/medusa.2024',
    journalRef: 'ICML 2024',
  }),
  ...[3, 4, 5, 6].map((n) =>
    makePaper({ id: `arxiv:2401.0000${n}`, title: `Decoding Study Number ${n}`, authors: [`Author ${n}`] }),
  ),
];

interface Harness {
  readonly app: App;
  readonly bot: Bot;
  readonly fake: FakeDiscord;
  readonly server: RecordedServer;
  readonly clock: FakeClock;
  readonly dataDir: string;
}

async function startBot(
  options: {
    readonly dataDir?: string;
    readonly fake?: FakeDiscord;
    readonly server?: RecordedServer;
    readonly clock?: FakeClock;
  } = {},
) {
  const clock = options.clock ?? createFakeClock({ start: START });
  const server = options.server ?? (await startRecordedServer({ now: clock.now }));
  const fake = options.fake ?? (await FakeDiscord.listen({ clock }));
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'paperboy-reading-'));
  if (!options.dataDir) {
    onTestFinished(async () => {
      await fake.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
  }
  const config = parseConfig({
    PAPERBOY_DATA_DIR: dataDir,
    HF_BASE_URL: server.url,
    ARXIV_API_URL: `${server.url}/api/query`,
    ARXIV_RSS_URL: `${server.url}/rss`,
    ARXIV_MIN_INTERVAL_MS: '0',
    SOURCE_TIMEOUT_MS: '2000',
    DISCORD_TOKEN: FAKE_BOT_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    LOG_LEVEL: 'silent',
  });
  const log = silentLogger();
  const app = await createApp(config, { log, clock });
  app.library.upsert(LIBRARY);
  const bot = createBot({ ...botDependencies(app), commands, log, digestTickMs: TICK_MS });
  const stop = async () => {
    await bot.stop();
    await app.close();
  };
  onTestFinished(stop);
  await bot.start();
  return { app, bot, fake, server, clock, dataDir, stop } satisfies Harness & { stop: () => Promise<void> };
}

/** Runs a slash command and resolves with its final reply's body and request. */
async function run(h: Harness, name: string, options?: Record<string, string | number>) {
  const interaction = h.fake.sendInteraction(h.fake.chatInput(name, options));
  const request = await finalReply(h.fake, interaction);
  return { interaction, request, body: bodyOf(request) };
}

async function click(h: Harness, customId: string, message: Parameters<FakeDiscord['button']>[1]) {
  const interaction = h.fake.sendInteraction(h.fake.button(customId, message));
  const request = await finalReply(h.fake, interaction);
  return { interaction, request, body: bodyOf(request) };
}

/** Presses Save on /paper's card for `id`. */
async function saveFromCard(h: Harness, id: string) {
  const card = await run(h, 'paper', { id });
  const save = customIds(card.body).find((c) => c.startsWith('reading.save=')) ?? '';
  return click(h, save, originalMessage(h.fake, FAKE_PAPERS_CHANNEL_ID, card.request));
}

async function exportedBibtex(h: Harness) {
  const reply = await run(h, 'reading export');
  const [file] = reply.request.files;
  return { reply, file, entries: file ? parseBibtex(file.data.toString('utf8')) : [] };
}

function serveWeek(server: RecordedServer) {
  server.serve(loadFixture('huggingface/week-2024-W38-p0'));
  server.route('/api/daily_papers?week=2024-W38&limit=100&p=1', { url: '', status: 200, body: [] });
  // arXiv knows the first page's Qwen2.5-Coder; the others are left out of its answer.
  server.route('/api/query', loadFixture('arxiv/id-2409.12186'), { anyQuery: true });
}

function embedTitles(description: string | undefined): string[] {
  return [...(description ?? '').matchAll(/\*\*\d+\.\*\* \[([^\]]+)\]/g)].map((m) => m[1] ?? '');
}

describe('the reading list through Discord', () => {
  it('saves from a paper card privately, and a second save keeps one copy', async () => {
    const h = await startBot();
    const saved = await saveFromCard(h, 'arxiv:2401.00001');
    expect(callbackTypes(h.fake, saved.interaction.id)).toEqual([
      InteractionResponseType.DeferredChannelMessageWithSource,
    ]);
    expect(h.fake.callbacks(saved.interaction.id)[0]?.body).toMatchObject({ data: { flags: MessageFlags.Ephemeral } });
    expect(saved.body.content).toBe('✅ Saved to your reading list (1).');
    const again = await saveFromCard(h, 'arxiv:2401.00001');
    expect(again.body.content).toBe('✅ Already on your reading list (1).');
  });

  it('lists the saved papers in private pages, newest first', async () => {
    const h = await startBot();
    for (const paper of LIBRARY) {
      await saveFromCard(h, paper.id);
      await h.clock.advance(1000);
    }
    const first = await run(h, 'reading list');
    expect(callbackTypes(h.fake, first.interaction.id)).toEqual([
      InteractionResponseType.DeferredChannelMessageWithSource,
    ]);
    expect(h.fake.callbacks(first.interaction.id)[0]?.body).toMatchObject({ data: { flags: MessageFlags.Ephemeral } });
    expect(first.body.embeds?.[0]?.title).toBe('Your reading list (6)');
    expect(embedTitles(first.body.embeds?.[0]?.description)).toEqual([
      'Decoding Study Number 6',
      'Decoding Study Number 5',
      'Decoding Study Number 4',
      'Decoding Study Number 3',
      'Medusa: Multiple Decoding Heads & 100% Speed',
    ]);
    const next = customIds(first.body).find((c) => c.startsWith('reading.next:')) ?? '';
    const page2 = await click(h, next, originalMessage(h.fake, FAKE_PAPERS_CHANNEL_ID, first.request));
    expect(embedTitles(page2.body.embeds?.[0]?.description)).toEqual(['Speculative Decoding for Fast Inference']);
  });

  it('removes papers picked in the Remove… menu of a page and draws the list again in place', async () => {
    const h = await startBot();
    for (const paper of LIBRARY) {
      await saveFromCard(h, paper.id);
      await h.clock.advance(1000);
    }
    const first = await run(h, 'reading list', { page: 2 });
    expect(embedTitles(first.body.embeds?.[0]?.description)).toEqual(['Speculative Decoding for Fast Inference']);
    const menu = customIds(first.body).find((c) => c.startsWith('reading.drop:')) ?? '';
    const pick = h.fake.sendInteraction(
      h.fake.select(menu, ['arxiv:2401.00001'], originalMessage(h.fake, FAKE_PAPERS_CHANNEL_ID, first.request)),
    );
    const after = bodyOf(await finalReply(h.fake, pick));
    expect(callbackTypes(h.fake, pick.id)).toEqual([InteractionResponseType.DeferredMessageUpdate]);
    // Page 2 emptied, so the last page left is shown.
    expect(after.embeds?.[0]?.title).toBe('Your reading list (5)');
    expect(embedTitles(after.embeds?.[0]?.description)).toHaveLength(5);
    const { entries } = await exportedBibtex(h);
    expect(entries.map((e) => e.EPRINT)).not.toContain('2401.00001');
  });

  it('removes a paper picked from the autocomplete of saved papers', async () => {
    const h = await startBot();
    await saveFromCard(h, 'arxiv:2401.00001');
    await saveFromCard(h, 'arxiv:2401.00002');
    const typed = h.fake.sendInteraction(h.fake.autocomplete('reading remove', { paper: 'medusa' }, 'paper'));
    const choices = (bodyOf(await finalReply(h.fake, typed)) as { choices?: unknown }).choices;
    expect(choices).toEqual([{ name: 'Medusa: Multiple Decoding Heads & 100% Speed', value: 'arxiv:2401.00002' }]);
    const removed = await run(h, 'reading remove', { paper: 'arxiv:2401.00002' });
    expect(removed.body.content).toBe(
      '✅ Removed “Medusa: Multiple Decoding Heads & 100% Speed” from your reading list (1 left).',
    );
    const missing = await run(h, 'reading remove', { paper: 'arxiv:2401.00002' });
    expect(missing.body.content).toMatch(/^That paper is not on your reading list\. See \/reading list\. \(ref \w+\)$/);
  });

  it('exports every saved paper as a private BibTeX file with the arXiv id and DOI', async () => {
    const h = await startBot();
    for (const paper of LIBRARY) await saveFromCard(h, paper.id);
    const { reply, file, entries } = await exportedBibtex(h);
    expect(reply.request.method).toBe('PATCH');
    expect(h.fake.callbacks(reply.interaction.id)[0]?.body).toMatchObject({ data: { flags: MessageFlags.Ephemeral } });
    expect(reply.body.content).toBe('✅ Your reading list as BibTeX (6 papers).');
    expect(file).toMatchObject({ field: 'files[0]', filename: 'reading-list.bib' });
    expect(entries.map((e) => e.EPRINT).sort()).toEqual(LIBRARY.map((p) => p.id.slice('arxiv:'.length)).sort());
    expect(entries.find((e) => e.EPRINT === '2401.00002')).toMatchObject({
      type: 'article',
      key: 'cai2024medusa',
      DOI: '10.1000/medusa.2024',
      JOURNAL: 'ICML 2024',
    });
    expect(file?.data.toString('utf8')).toContain('title = {{Medusa: Multiple Decoding Heads \\& 100\\% Speed}},');
    // The fake Discord keeps the attachment on the private reply.
    const message = h.fake.messagesIn(FAKE_PAPERS_CHANNEL_ID).find((m) => m.attachments.length > 0);
    expect(message?.attachments.map((a) => a.filename)).toEqual(['reading-list.bib']);
    expect((message?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  });

  it('keeps the list, and Save buttons posted before, across a restart', async () => {
    const first = await startBot();
    const card = await run(first, 'paper', { id: 'arxiv:2401.00003' });
    const save = customIds(card.body).find((c) => c.startsWith('reading.save=')) ?? '';
    const cardMessage = originalMessage(first.fake, FAKE_PAPERS_CHANNEL_ID, card.request);
    await saveFromCard(first, 'arxiv:2401.00001');
    await first.stop();
    // The next day, on the same clock the fake Discord keeps (a new session identifies after the old one).
    await first.clock.advance(24 * 60 * 60_000);
    const second = await startBot({
      dataDir: first.dataDir,
      fake: first.fake,
      server: first.server,
      clock: first.clock,
    });
    const clicked = await click(second, save, cardMessage);
    expect(clicked.body.content).toBe('✅ Saved to your reading list (2).');
    const { entries } = await exportedBibtex(second);
    expect(entries.map((e) => e.EPRINT).sort()).toEqual(['2401.00001', '2401.00003']);
  });

  it('saves a paper from a digest entry with its persistent Save button', async () => {
    const h = await startBot();
    for (const page of ['p0', 'p1', 'p2']) h.server.serve(loadFixture(`huggingface/daily-2024-09-18-${page}`));
    h.server.route('/api/daily_papers', { url: '', status: 200, body: [] }, { anyQuery: true });
    h.server.serve(loadFixture('arxiv/rss-cs.LG+cs.CL'));
    await schedulerIdle(h.clock, 1);
    await run(h, 'digest subscribe', {
      channel: FAKE_PAPERS_CHANNEL_ID,
      topics: 'reasoning, chain-of-thought',
      timezone: 'Europe/Berlin',
      source: 'huggingface',
    });
    await h.clock.advance(DUE - START);
    await schedulerIdle(h.clock, 2);
    const posted = h.fake.messagesIn(FAKE_PAPERS_CHANNEL_ID).filter((m) => m.content.includes('To CoT or not to CoT?'));
    expect(posted).toHaveLength(1);
    const entry = posted[0];
    // The entry's row: its votes, then Save.
    const row = customIds({ components: entry?.components ?? [] }).map((id) => id.split('=')[0]);
    expect(row).toEqual(['digest.like', 'digest.dislike', 'digest.hide', 'reading.save', 'paper.discuss']);
    const save = customIds({ components: entry?.components ?? [] }).find((id) => id.startsWith('reading.save='));
    const clicked = await click(h, save ?? '', entry);
    expect(clicked.body.content).toBe('✅ Saved to your reading list (1).');
    const { entries } = await exportedBibtex(h);
    expect(entries.map((e) => [e.EPRINT, e.TITLE])).toEqual([
      ['2409.12183', expect.stringContaining('To CoT or not to CoT?')],
    ]);
  });
});

describe('/trending through Discord', () => {
  it('pages through the recorded weekly listing in upvote order, merged with arXiv', async () => {
    const h = await startBot();
    serveWeek(h.server);
    const first = await run(h, 'trending', { period: 'week' });
    const embed = first.body.embeds?.[0];
    expect(embed?.title).toBe('Trending on Hugging Face — week 2024-W38');
    expect(embedTitles(embed?.description)).toEqual([
      'Qwen2.5-Coder Technical Report',
      'Training Language Models to Self-Correct via Reinforcement Learning',
      'OmniGen: Unified Image Generation',
      "Qwen2-VL: Enhancing Vision-Language Model's Perception of the World at Any Resolution",
      'NVLM: Open Frontier-Class Multimodal LLMs',
    ]);
    expect(embed?.description).toContain('▲ 138');
    // Saved from the list: the arXiv record gave the paper its primary category.
    const menu = customIds(first.body).find((c) => c.startsWith('reading.pick:')) ?? '';
    const pick = h.fake.sendInteraction(
      h.fake.select(menu, ['arxiv:2409.12186'], originalMessage(h.fake, FAKE_PAPERS_CHANNEL_ID, first.request)),
    );
    expect(bodyOf(await finalReply(h.fake, pick)).content).toBe('✅ Saved to your reading list (1).');
    const next = customIds(first.body).find((c) => c.startsWith('trending.next:')) ?? '';
    const page2 = await click(h, next, originalMessage(h.fake, FAKE_PAPERS_CHANNEL_ID, first.request));
    expect(callbackTypes(h.fake, page2.interaction.id)).toEqual([InteractionResponseType.DeferredMessageUpdate]);
    expect(page2.body.embeds?.[0]?.title).toBe('Trending on Hugging Face — week 2024-W38 (page 2)');
    // Equal upvotes (24) keep Hugging Face's order.
    expect(embedTitles(page2.body.embeds?.[0]?.description)).toEqual([
      'To CoT or not to CoT? Chain-of-thought helps mainly on math and symbolic reasoning',
      'Kolmogorov-Arnold Transformer',
      'Oryx MLLM: On-Demand Spatial-Temporal Understanding at Arbitrary Resolution',
    ]);
    const { entries } = await exportedBibtex(h);
    expect(entries[0]).toMatchObject({ EPRINT: '2409.12186', PRIMARYCLASS: 'cs.CL', key: 'hui2024qwen2' });
  });

  it('narrows the listing to a topic', async () => {
    const h = await startBot();
    serveWeek(h.server);
    const reply = await run(h, 'trending', { period: 'week', topic: 'vision' });
    expect(reply.body.embeds?.[0]?.title).toBe('Trending on Hugging Face — week 2024-W38 · “vision”');
    expect(embedTitles(reply.body.embeds?.[0]?.description)).toEqual([
      "Qwen2-VL: Enhancing Vision-Language Model's Perception of the World at Any Resolution",
      'NVLM: Open Frontier-Class Multimodal LLMs',
    ]);
  });

  it('says Hugging Face is not answering when it is down', async () => {
    const h = await startBot();
    h.server.route('/api/daily_papers', { url: '', status: 503, body: { error: 'unavailable' } }, { anyQuery: true });
    // The source client retries with backoff on the injected clock: keep time moving until it gives up.
    const ticking = setInterval(() => void h.clock.advance(1000), 5);
    onTestFinished(() => clearInterval(ticking));
    const reply = await run(h, 'trending', { period: 'month' });
    clearInterval(ticking);
    expect(reply.body.content).toMatch(
      /^Hugging Face is not answering right now\. Try again in a few minutes\. \(ref \w+\)$/,
    );
  });
});

/** Waits until the digest scheduler has finished its `ticks`-th tick (counted by its sleeps of TICK_MS). */
async function schedulerIdle(clock: FakeClock, ticks: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (clock.sleeps.filter((ms) => ms === TICK_MS).length < ticks) {
    if (Date.now() > until) throw new Error('the digest scheduler did not go back to sleep');
    await delay(5);
  }
}
