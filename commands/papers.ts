import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { FeedbackStore } from '../src/digest/feedback/feedback-store.ts';
import { isHidden } from '../src/digest/feedback/paper-keys.ts';
import { PaperNotFoundError } from '../src/errors/index.ts';
import { route, routeTable } from '../src/interactions/route.ts';
import type { CommandContext, OptionsOf } from '../src/interactions/types.ts';
import { MAX_QUERY_LENGTH, type SearchResult, type SearchSource, type Since } from '../src/search/types.ts';
import type { View } from '../src/views.ts';
import { checkPaperCount, comparePapers } from './shared/compare-papers.ts';
import { paperListView } from './shared/paper-list-view.ts';
import { routes as declared, type PageState, pickedIds } from './shared/routes.ts';
import { DEFAULT_LANGUAGE, summarizePaper } from './shared/summarize-paper.ts';

const DEFAULT_LIMIT = 5;

export const definition = {
  name: 'papers',
  description: 'Search for papers',
  options: [
    {
      name: 'query',
      description: 'What to look for, e.g. "speculative decoding"',
      type: ApplicationCommandOptionType.String,
      required: true,
      min_length: 1,
      max_length: MAX_QUERY_LENGTH,
    },
    {
      name: 'limit',
      description: 'Results per page (1–10, default 5)',
      type: ApplicationCommandOptionType.Integer,
      min_value: 1,
      max_value: 10,
    },
    {
      name: 'since',
      description: 'Only papers from this period',
      type: ApplicationCommandOptionType.String,
      choices: [
        { name: 'Past day', value: 'day' },
        { name: 'Past week', value: 'week' },
        { name: 'Past month', value: 'month' },
        { name: 'Past year', value: 'year' },
        { name: 'Any time', value: 'any' },
      ],
    },
    {
      name: 'source',
      description: 'Where to search (default: all)',
      type: ApplicationCommandOptionType.String,
      choices: [
        { name: 'All sources', value: 'all' },
        { name: 'Library only', value: 'library' },
        { name: 'Hugging Face', value: 'huggingface' },
        { name: 'arXiv', value: 'arxiv' },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const defer = 'public';

export async function handle(input: OptionsOf<typeof definition>, ctx: CommandContext): Promise<View> {
  return showPage(
    { query: input.query, page: 0, limit: input.limit ?? DEFAULT_LIMIT, since: input.since, source: input.source },
    ctx,
  );
}

export const routes = routeTable(
  route(declared.papersNext, (state, ctx) => showPage(state, ctx)),
  route(declared.papersPrev, (state, ctx) => showPage(state, ctx)),
  route(declared.papersSummarize, async (state, ctx, values) => {
    const [id] = pickedIds(state, values);
    if (!id) throw new PaperNotFoundError('');
    return summarizePaper(id, { style: 'tldr', language: DEFAULT_LANGUAGE }, ctx);
  }),
  route(declared.papersCompare, (state, ctx, values) => comparePapers(pickedIds(state, values), ctx), checkPaperCount),
);

/** One page of results; Prev/Next carry the page they lead to (clamped at 0). */
async function showPage(state: PageState, ctx: CommandContext): Promise<View> {
  const { query, page, limit } = state;
  const since: Since | undefined = state.since;
  const source: SearchSource | undefined = state.source;
  const offset = page * limit;
  const found = await ctx.services.search.search(query, { limit, offset, since, source, signal: ctx.signal });
  // `total` counts the hits beyond this page (src/search/types.ts).
  const hasMore = found.total > 0;
  const feedback = ctx.channelId ? ctx.services.feedback : undefined;
  const result = feedback && ctx.channelId ? await withoutHidden(found, feedback, ctx.channelId) : found;
  return paperListView({
    title: page === 0 ? `Papers for “${query}”` : `Papers for “${query}” (page ${page + 1})`,
    result,
    page,
    offset,
    hasMore,
    paging: { prev: declared.papersPrev, next: declared.papersNext, state: (to) => ({ ...state, page: to }) },
    rate: feedback !== undefined,
  });
}

/** The page less the papers this channel marked Not interested, saying how many were left out. */
async function withoutHidden(result: SearchResult, feedback: FeedbackStore, channelId: string): Promise<SearchResult> {
  const hidden = await feedback.hiddenKeys(channelId);
  const hits = result.hits.filter((hit) => !isHidden(hit.paper, hidden));
  const left = result.hits.length - hits.length;
  if (left === 0) return result;
  return { ...result, hits, notices: [...result.notices, `${left} hidden in this channel (Not interested)`] };
}
