import { MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { handle } from '../../../commands/digest.ts';
import { createDigestService } from '../../../src/digest/digest-service.ts';
import type { ChannelCheck, DigestPermission } from '../../../src/digest/types.ts';
import { toDiscord } from '../../../src/discord/render/index.ts';
import { UserInputError } from '../../../src/errors/index.ts';
import type { CommandContext, CommandServices } from '../../../src/interactions/types.ts';
import { silentLogger } from '../../../src/log.ts';
import { renderView } from '../../../src/terminal/render/render-view.ts';
import type { View } from '../../../src/views.ts';
import { makePaper } from '../../support/builders.ts';
import { CHANNEL, digestHarness, GUILD } from '../digest/digest-fixture.ts';

const ALL: DigestPermission[] = [
  'ViewChannel',
  'SendMessages',
  'EmbedLinks',
  'ReadMessageHistory',
  'CreatePublicThreads',
  'SendMessagesInThreads',
];

function setup(check: ChannelCheck = { kind: 'ok', guildId: GUILD, textBased: true, granted: ALL }) {
  const h = digestHarness({ start: Date.UTC(2025, 2, 31, 10, 0) });
  const service = createDigestService({
    db: h.db,
    clock: h.clock,
    log: silentLogger(),
    config: { graceHours: 6, whenEmpty: 'notice' },
    sources: h.sources,
    llm: { tldr: async (paper) => `About ${paper.title}.` },
    newId: () => 'sub-a',
  });
  const services = { digest: { service, checkChannel: async () => check } } as unknown as CommandServices;
  const ctx = {
    user: { id: 'user-1', name: 'Ada' },
    guildId: GUILD,
    locale: 'en-US',
    log: silentLogger(),
    clock: h.clock,
    services,
    newId: () => 'err-1',
  } satisfies CommandContext;
  return { h, service, ctx };
}

/** What Discord shows for a View (digest answers never store component state). */
function discordText(view: View): string | undefined {
  return toDiscord(view, {
    storeState: () => {
      throw new Error('no components expected');
    },
  }).content;
}

async function userMessage(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof UserInputError) return error.userMessage;
    throw error;
  }
  throw new Error('expected a UserInputError');
}

describe('/digest', () => {
  it('subscribes a channel and describes the subscription', async () => {
    const { ctx } = setup();
    const view = await handle(
      { subcommand: 'subscribe', channel: CHANNEL, topics: 'LLM reasoning, RL', timezone: 'Europe/Berlin' },
      ctx,
    );
    // The settings' defaults are parseSubscriptionInput's (validate-subscription.test.ts); the text shows them.
    expect(view).toMatchObject({
      kind: 'digest-subscribed',
      created: true,
      subscription: { channelId: CHANNEL, topics: ['LLM reasoning', 'RL'], timezone: 'Europe/Berlin' },
    });
    // Only what /digest shows: not the subscription's id, its server or who made it.
    expect(view).not.toHaveProperty('subscription.createdBy');
    expect(view).not.toHaveProperty('subscription.id');
    expect(discordText(view)).toBe(
      `✅ Subscribed: <#${CHANNEL}> — 'LLM reasoning, RL' · 09:00 Europe/Berlin, weekdays · Hugging Face · compact, up to 5`,
    );
    expect(renderView(view, { width: 500 }).text).toBe(
      `✓ Subscribed: #${CHANNEL} — 'LLM reasoning, RL' · 09:00 Europe/Berlin, weekdays · Hugging Face · compact, up to 5`,
    );
  });

  it('updates the existing subscription of a channel', async () => {
    const { ctx, service } = setup();
    await handle({ subcommand: 'subscribe', channel: CHANNEL, topics: 'RL' }, ctx);
    const view = await handle({ subcommand: 'subscribe', channel: CHANNEL, topics: 'RL', max_papers: 3 }, ctx);
    expect((await service.list(GUILD)).map((s) => s.maxPapers)).toEqual([3]);
    expect(view).toMatchObject({ kind: 'digest-subscribed', created: false });
    expect(discordText(view)).toMatch(/^✅ Updated: /);
  });

  it('says exactly which permissions are missing', async () => {
    const { ctx } = setup({ kind: 'ok', guildId: GUILD, textBased: true, granted: ['ViewChannel', 'SendMessages'] });
    expect(
      await userMessage(handle({ subcommand: 'subscribe', channel: CHANNEL, topics: 'RL', style: 'threads' }, ctx)),
    ).toBe(
      `Paperboy is missing Embed Links, Read Message History, Create Public Threads, Send Messages in Threads in <#${CHANNEL}> (the threads style needs thread permissions). Grant them to its role in the channel settings, then subscribe again.`,
    );
  });

  it('refuses a channel the bot cannot see', async () => {
    const { ctx } = setup({ kind: 'missing' });
    expect(await userMessage(handle({ subcommand: 'subscribe', channel: CHANNEL, topics: 'RL' }, ctx))).toBe(
      `I can't see <#${CHANNEL}>. Check that it exists and that Paperboy's role has View Channel there.`,
    );
  });

  it('refuses a channel of another server', async () => {
    const { ctx } = setup({ kind: 'ok', guildId: '1100000000000009999', textBased: true, granted: ALL });
    expect(await userMessage(handle({ subcommand: 'subscribe', channel: CHANNEL, topics: 'RL' }, ctx))).toBe(
      'That channel is in another server. Pick a channel of this server.',
    );
  });

  it('reports invalid settings before checking the channel', async () => {
    const { ctx } = setup({ kind: 'missing' });
    expect(
      await userMessage(handle({ subcommand: 'subscribe', channel: CHANNEL, topics: 'RL', timezone: 'Berlin' }, ctx)),
    ).toBe('Unknown time zone "Berlin". Use an IANA name such as Europe/Berlin or America/New_York.');
  });

  it('lists paused subscriptions with the reason', async () => {
    const { ctx, service } = setup();
    await handle({ subcommand: 'subscribe', channel: CHANNEL, topics: 'RL' }, ctx);
    await service.subscriptions.pause('sub-a', 'The channel was deleted or the bot can no longer see it.');
    const view = await handle({ subcommand: 'list' }, ctx);
    expect(view).toMatchObject({
      kind: 'digest-list',
      subscriptions: [{ channelId: CHANNEL, pausedReason: 'The channel was deleted or the bot can no longer see it.' }],
    });
    expect(discordText(view)).toBe(
      `• <#${CHANNEL}> — 'RL' · 09:00 UTC, weekdays · Hugging Face · compact, up to 5 — paused: The channel was deleted or the bot can no longer see it. Subscribe again to resume.`,
    );
  });

  it('unsubscribes, and says when there is nothing to stop', async () => {
    const { ctx } = setup();
    await handle({ subcommand: 'subscribe', channel: CHANNEL, topics: 'RL' }, ctx);
    const view = await handle({ subcommand: 'unsubscribe', channel: CHANNEL }, ctx);
    expect(view).toEqual({ kind: 'digest-unsubscribed', channelId: CHANNEL });
    expect(discordText(view)).toBe(`✅ Stopped the digest in <#${CHANNEL}>.`);
    expect(await userMessage(handle({ subcommand: 'unsubscribe', channel: CHANNEL }, ctx))).toBe(
      'This channel has no digest. Create one with /digest subscribe.',
    );
  });

  it('previews privately what the digest would post now, without recording it', async () => {
    const { ctx, h } = setup();
    h.sources.hf.set('2025-03-31', [makePaper({ title: 'Reinforcement Learning for Reasoning', upvotes: 3 })]);
    await handle({ subcommand: 'subscribe', channel: CHANNEL, topics: 'reasoning' }, ctx);
    const view = await handle({ subcommand: 'preview', channel: CHANNEL }, ctx);
    expect(view).toMatchObject({ kind: 'digest-preview', localDate: '2025-03-31' });
    const text =
      "Papers for Mon 31 Mar — 1 matching 'reasoning'\n\n" +
      '1. Reinforcement Learning for Reasoning  (▲ 3 · https://arxiv.org/abs/2401.12345)\n' +
      '   About Reinforcement Learning for Reasoning.\n' +
      '   matched: reasoning';
    expect(renderView(view).text).toBe(text);
    expect(toDiscord(view, { storeState: () => '' })).toMatchObject({ content: text, flags: MessageFlags.Ephemeral });
    expect(await h.ledger.getRun('sub-a', '2025-03-31')).toBeUndefined();
  });
});
