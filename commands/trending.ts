import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { UserInputError } from '../src/errors/index.ts';
import { button } from '../src/interactions/actions.ts';
import { route, routeTable } from '../src/interactions/route.ts';
import type { CommandContext, OptionsOf } from '../src/interactions/types.ts';
import { mergePapers } from '../src/papers/merge-papers.ts';
import type { Paper } from '../src/papers/paper.ts';
import type { SearchHit } from '../src/search/types.ts';
import { isoWeek, utcMonth } from '../src/sources/dates.ts';
import type { TrendingPeriod } from '../src/sources/huggingface.ts';
import { collapseWhitespace, createTermMatcher, queryWords } from '../src/text/index.ts';
import type { View } from '../src/views.ts';
import { paperListView } from './shared/paper-list-view.ts';
import { routes as declared, type TrendingState } from './shared/routes.ts';

const PAGE_SIZE = 5;
const TOPIC_MAX = 100;
const SNIPPET_CHARS = 300;

export const definition = {
  name: 'trending',
  description: "Hugging Face's most upvoted papers of the day, week or month",
  options: [
    {
      name: 'period',
      description: 'Which listing (default: this week)',
      type: ApplicationCommandOptionType.String,
      choices: [
        { name: 'Today', value: 'today' },
        { name: 'This week', value: 'week' },
        { name: 'This month', value: 'month' },
      ],
    },
    {
      name: 'topic',
      description: 'Only papers about this, e.g. "speech"',
      type: ApplicationCommandOptionType.String,
      min_length: 1,
      max_length: TOPIC_MAX,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const defer = 'public';

export async function handle(input: OptionsOf<typeof definition>, ctx: CommandContext): Promise<View> {
  const period = input.period ?? 'week';
  const now = ctx.clock.now();
  const key =
    period === 'today' ? new Date(now).toISOString().slice(0, 10) : period === 'week' ? isoWeek(now) : utcMonth(now);
  const topic = input.topic === undefined ? undefined : collapseWhitespace(input.topic) || undefined;
  return showPage({ period, key, page: 0, ...(topic ? { topic } : {}) }, ctx);
}

export const routes = routeTable(
  route(declared.trendingNext, (state, ctx) => showPage(state, ctx)),
  route(declared.trendingPrev, (state, ctx) => showPage(state, ctx)),
  route(declared.trendingRank, (state, ctx) => showPage(state, ctx)),
);

/** One page of the listing, most upvoted first, narrowed to the topic; the page's papers merged with arXiv's. */
async function showPage(state: TrendingState, ctx: CommandContext): Promise<View> {
  const huggingface = ctx.services.sources?.huggingface;
  if (!huggingface || isOffline(ctx)) {
    throw new UserInputError('Trending papers come from Hugging Face, and live sources are off here (OFFLINE=true).');
  }
  const listing = await huggingface.trending(periodOf(state), { signal: ctx.signal });
  const topicWords = state.topic ? queryWords(state.topic).map((w) => w.word) : [];
  const matcher = createTermMatcher(topicWords);
  // Every word of the topic must occur (title, abstract, HF's keywords), as in a search.
  const matching = listing
    .map((paper) => ({ paper, matched: matcher.matchedTerms([paper.title, paper.abstract, paper.keywords.join(' ')]) }))
    .filter(({ matched }) => matched.length >= topicWords.length);
  const subscriptionId = await channelSubscription(ctx);
  const forChannel = state.forChannel === true && subscriptionId !== undefined;
  const narrowed = forChannel ? await rankedFor(subscriptionId, matching, ctx) : matching;
  const offset = state.page * PAGE_SIZE;
  const onPage = narrowed.slice(offset, offset + PAGE_SIZE);
  const { papers, notices } = await withArxiv(
    onPage.map((entry) => entry.paper),
    ctx,
  );
  const hits: SearchHit[] = papers.map((paper, i) => ({
    paper,
    score: paper.upvotes ?? 0,
    snippet: matcher.snippet(paper.aiSummary ?? paper.abstract, SNIPPET_CHARS),
    matchedTerms: onPage[i]?.matched ?? [],
  }));
  const hasMore = offset + hits.length < narrowed.length;
  const heading = `Trending on Hugging Face — ${periodLabel(state)}${state.topic ? ` · “${state.topic}”` : ''}${forChannel ? ' · for this channel' : ''}`;
  const list = paperListView({
    title: state.page === 0 ? heading : `${heading} (page ${state.page + 1})`,
    result: { query: state.topic ?? '', hits, total: Math.max(0, narrowed.length - offset - hits.length), notices },
    page: state.page,
    offset,
    hasMore,
    paging: { prev: declared.trendingPrev, next: declared.trendingNext, state: (to) => ({ ...state, page: to }) },
    empty:
      listing.length === 0
        ? `Hugging Face lists no papers for ${periodLabel(state)} yet.`
        : `None of ${periodLabel(state)}'s ${listing.length} papers is about “${state.topic ?? ''}”.`,
  });
  if (subscriptionId === undefined || list.kind !== 'paper-list') return list;
  // In a subscribed channel with a learner: toggle between upvotes and what the channel liked.
  const toggle = button(declared.trendingRank, {
    label: forChannel ? 'Most upvoted' : 'For this channel',
    state: { ...state, page: 0, forChannel: !forChannel },
    style: 'primary',
  });
  return { ...list, controls: { ...list.controls, buttons: [...(list.controls?.buttons ?? []), toggle] } };
}

/** The channel's digest subscription when a learned ranking can serve it, else undefined. */
async function channelSubscription(ctx: CommandContext): Promise<string | undefined> {
  if (!ctx.services.ranking || !ctx.channelId || !ctx.services.digest) return undefined;
  const subscription = await ctx.services.digest.service.subscriptions.byChannel(ctx.channelId);
  return subscription && subscription.guildId === ctx.guildId ? subscription.id : undefined;
}

async function rankedFor<T extends { readonly paper: Paper }>(
  subscriptionId: string,
  entries: readonly T[],
  ctx: CommandContext,
): Promise<T[]> {
  const ranking = ctx.services.ranking;
  if (!ranking) return [...entries];
  const order = await ranking.rankFor(
    subscriptionId,
    entries.map((entry) => entry.paper),
  );
  const byId = new Map(entries.map((entry) => [entry.paper.id, entry]));
  // The ranker returns the papers it was given; anything it left out keeps its upvote place at the end.
  const ranked = order.flatMap((paper) => {
    const entry = byId.get(paper.id);
    byId.delete(paper.id);
    return entry ? [entry] : [];
  });
  return [...ranked, ...byId.values()];
}

// sources.status() is read loosely (CommandSources): only whether Hugging Face is switched off.
const SourceModes = z.object({ huggingface: z.object({ mode: z.string().optional() }).optional() });

function isOffline(ctx: CommandContext): boolean {
  const status = SourceModes.safeParse(ctx.services.sources?.status());
  return status.success && status.data.huggingface?.mode === 'offline';
}

function periodOf(state: TrendingState): TrendingPeriod {
  switch (state.period) {
    case 'today':
      return { kind: 'day', date: state.key };
    case 'week':
      return { kind: 'week', week: state.key };
    case 'month':
      return { kind: 'month', month: state.key };
    default:
      return state.period satisfies never;
  }
}

function periodLabel(state: TrendingState): string {
  return state.period === 'today' ? state.key : state.period === 'week' ? `week ${state.key}` : `month ${state.key}`;
}

/**
 * The page's papers merged with arXiv's records (categories, DOI, journal, the latest version),
 * one request for the page; without arXiv, Hugging Face's data alone and a notice.
 */
async function withArxiv(
  papers: readonly Paper[],
  ctx: CommandContext,
): Promise<{ readonly papers: readonly Paper[]; readonly notices: readonly string[] }> {
  const arxiv = ctx.services.sources?.arxiv;
  if (!arxiv || papers.length === 0) return { papers, notices: [] };
  try {
    const records = await arxiv.byIds(
      papers.map((p) => p.id),
      { signal: ctx.signal },
    );
    const byId = new Map(records.map((record) => [record.id, record]));
    return {
      papers: papers.map((paper) => {
        const record = byId.get(paper.id);
        return record ? mergePapers([paper, record]) : paper;
      }),
      notices: [],
    };
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    ctx.log.warn({ err: error, service: 'arxiv' }, 'arXiv metadata for /trending failed; showing Hugging Face data');
    return { papers, notices: ['arXiv did not answer; showing Hugging Face data only.'] };
  }
}
