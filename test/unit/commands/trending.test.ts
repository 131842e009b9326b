import { describe, expect, it } from 'vitest';
import { routes } from '../../../commands/index.ts';
import * as trending from '../../../commands/trending.ts';
import { runCommand, runRoute } from '../../../src/interactions/run-command.ts';
import type { DigestCommandServices, LearnedRanking } from '../../../src/interactions/types.ts';
import type { TrendingPeriod } from '../../../src/sources/huggingface.ts';
import type { View } from '../../../src/views.ts';
import { makePaper } from '../../support/builders.ts';
import { makeContext } from './command-context.ts';

const listing = [
  makePaper({ id: 'arxiv:2409.00001', title: 'Most upvoted', upvotes: 90 }),
  makePaper({ id: 'arxiv:2409.00002', title: 'Second', upvotes: 50 }),
  makePaper({ id: 'arxiv:2409.00003', title: 'Speech we like', upvotes: 10 }),
];

// Test-only stand-ins for the learner and the digest service: the learner puts speech first.
const speechFirst: LearnedRanking & { calls: string[] } = {
  calls: [],
  async rankFor(subscriptionId, papers) {
    this.calls.push(subscriptionId);
    return [...papers].sort((a, b) => Number(b.title.includes('Speech')) - Number(a.title.includes('Speech')));
  },
};
const subscribed = {
  service: { subscriptions: { byChannel: async (channelId: string) => ({ id: `sub-${channelId}`, guildId: 'g1' }) } },
  checkChannel: async () => ({ kind: 'missing' }),
} as unknown as DigestCommandServices;

function context(options: { readonly subscribed: boolean }) {
  const periods: TrendingPeriod[] = [];
  const { ctx } = makeContext({
    services: {
      sources: {
        lookup: async () => undefined,
        status: () => ({}),
        huggingface: {
          async trending(period) {
            periods.push(period);
            return listing;
          },
        },
      },
      ranking: speechFirst,
      ...(options.subscribed ? { digest: subscribed } : {}),
    },
  });
  return { ctx: { ...ctx, channelId: 'c1' }, periods };
}

function titlesOf(view: View): string[] {
  return view.kind === 'paper-list' ? view.hits.map((hit) => hit.paper.title) : [];
}

function toggleOf(view: View) {
  return view.kind === 'paper-list' ? view.controls?.buttons?.find((b) => b.route === 'trending.rank') : undefined;
}

describe('trending.handle', () => {
  it("asks for this week's listing by default, keyed by the ISO week of the clock", async () => {
    const { ctx, periods } = context({ subscribed: false });
    await runCommand(trending, {}, ctx);
    expect(periods).toEqual([{ kind: 'week', week: '2025-W11' }]);
  });

  it('offers no channel toggle outside a subscribed channel', async () => {
    const { ctx } = context({ subscribed: false });
    expect(toggleOf(await runCommand(trending, { period: 'today' }, ctx))).toBeUndefined();
  });

  it("re-ranks with the channel subscription's learned ranking and toggles back", async () => {
    const { ctx } = context({ subscribed: true });
    const byUpvotes = await runCommand(trending, { period: 'month' }, ctx);
    expect(titlesOf(byUpvotes)).toEqual(['Most upvoted', 'Second', 'Speech we like']);
    const toggle = toggleOf(byUpvotes);
    expect(toggle?.label).toBe('For this channel');
    const forChannel = await runRoute('trending.rank', toggle?.state, [], ctx, routes);
    expect(titlesOf(forChannel)).toEqual(['Speech we like', 'Most upvoted', 'Second']);
    expect(speechFirst.calls).toEqual(['sub-c1']);
    expect(forChannel.kind === 'paper-list' && forChannel.title).toBe(
      'Trending on Hugging Face — month 2025-03 · for this channel',
    );
    const back = await runRoute('trending.rank', toggleOf(forChannel)?.state, [], ctx, routes);
    expect(toggleOf(forChannel)?.label).toBe('Most upvoted');
    expect(titlesOf(back)).toEqual(['Most upvoted', 'Second', 'Speech we like']);
  });
});
