import { z } from 'zod';
import { declareRoute } from '../../src/interactions/route.ts';
import { SUMMARY_STYLES } from '../../src/llm/types.ts';
import { SEARCH_SOURCES, SINCE_VALUES } from '../../src/search/types.ts';

// Every button and menu route, declared once (name, state schema, acknowledgement). Views offer
// them through src/interactions/actions.ts; the commands named in each route attach the handlers.
// A list offers Summarize, a summary offers Similar papers, which is a list: declaring routes apart
// from their handlers keeps that loop out of the imports.

export const PageState = z.object({
  query: z.string().min(1),
  page: z.number().int().min(0),
  limit: z.number().int().min(1).max(10),
  since: z.enum(SINCE_VALUES).optional(),
  source: z.enum(SEARCH_SOURCES).optional(),
});
export type PageState = z.infer<typeof PageState>;

// Select values are paper ids chosen from a list this bot rendered, or, for an id longer than a
// value may be (Discord: 100 characters), a short key that `keys` maps to the id.
export const PickState = z.object({ keys: z.record(z.string(), z.string()).optional() });
export type PickState = z.infer<typeof PickState>;

/** The paper ids behind the chosen select values. */
export function pickedIds(state: PickState, values: readonly string[]): string[] {
  return values.map((value) => (state.keys && Object.hasOwn(state.keys, value) ? (state.keys[value] ?? value) : value));
}

const SummaryState = z.object({
  paperId: z.string().min(1),
  style: z.enum(SUMMARY_STYLES),
  language: z.string().min(2).max(16),
});
const PaperState = z.object({ paperId: z.string().min(1) });
// Short keys: the state rides in the custom_id. `m`: the message shows several papers.
const DiscussState = z.object({ p: z.string().min(1), m: z.literal(1).optional() });
// In the custom_id itself, so its key is one letter: `reading.save=` leaves 87 characters of base64.
export const SaveState = z.object({ p: z.string().min(1) });
export const ListPageState = z.object({ page: z.number().int().min(0) });
export type ListPageState = z.infer<typeof ListPageState>;
export const TRENDING_PERIODS = ['today', 'week', 'month'] as const;
export const TrendingState = z.object({
  period: z.enum(TRENDING_PERIODS),
  /** The listing the first page showed (`2024-W38`), so paging stays on it when the week turns. */
  key: z.string().min(1).max(16),
  topic: z.string().min(1).max(100).optional(),
  page: z.number().int().min(0),
  /** Ranked by the channel's subscription ("For this channel") instead of by upvotes. */
  forChannel: z.boolean().optional(),
});
export type TrendingState = z.infer<typeof TrendingState>;

// Feedback (issue 14): persistent routes, so the buttons on a digest post keep working for as long
// as the post exists. The state is ids only, under one-letter keys, to fit Discord's 100-character
// custom_id: the paper and, on a message of several papers, the rank its row is labelled with.
export const VoteState = z.object({ p: z.string().min(1), r: z.number().int().min(1).max(100).optional() });
export type VoteState = z.infer<typeof VoteState>;
const SubscriptionState = z.object({ s: z.string().min(1) });

export const routes = {
  // Paging replaces the results in place; a summary or comparison is a new message below them.
  papersNext: declareRoute('papers.next', PageState, { ack: 'update' }),
  papersPrev: declareRoute('papers.prev', PageState, { ack: 'update' }),
  papersSummarize: declareRoute('papers.summarize', PickState, { ack: 'reply', llm: true }),
  papersCompare: declareRoute('papers.compare', PickState, { ack: 'reply', llm: true }),
  summarizeShow: declareRoute('summarize.show', SummaryState, { ack: 'reply', llm: true }),
  // "Regenerate" replaces the summary it sits on.
  summarizeRegenerate: declareRoute('summarize.regenerate', SummaryState, { ack: 'update', llm: true }),
  summarizeSimilar: declareRoute('summarize.similar', PaperState, { ack: 'reply' }),
  // A vote redraws the buttons it sits on with the new counts.
  digestLike: declareRoute('digest.like', VoteState, { ack: 'update', persistent: true }),
  digestDislike: declareRoute('digest.dislike', VoteState, { ack: 'update', persistent: true }),
  digestHide: declareRoute('digest.hide', VoteState, { ack: 'update', persistent: true }),
  // "Rate a paper…" on a list too long for a row of buttons per paper: that paper's buttons, privately.
  digestRate: declareRoute('digest.rate', PickState, { ack: 'private', persistent: true }),
  // /digest tune's Reset asks first; the answer replaces the question.
  digestReset: declareRoute('digest.reset', SubscriptionState, { ack: 'update', persistent: true }),
  digestResetConfirm: declareRoute('digest.reset-confirm', SubscriptionState, { ack: 'update', persistent: true }),
  digestResetCancel: declareRoute('digest.reset-cancel', SubscriptionState, { ack: 'update', persistent: true }),
  // Discuss opens a thread (or points to it) and says so to the clicker alone. Persistent: the
  // button sits on digest posts that live for as long as the channel does.
  paperDiscuss: declareRoute('paper.discuss', DiscussState, { ack: 'private', llm: true, persistent: true }),
  // A message listing several papers offers Discuss as a menu; the chosen value is the paper id.
  paperDiscussPick: declareRoute('paper.discuss-pick', PickState, { ack: 'private', llm: true, persistent: true }),
  // Saving answers only the clicker: a reading list is private. The persistent form works on
  // digest posts for as long as they exist; ids too long for a custom_id keep theirs in the store.
  readingSave: declareRoute('reading.save', SaveState, { ack: 'private', persistent: true }),
  readingSaveStored: declareRoute('reading.keep', SaveState, { ack: 'private' }),
  readingSavePick: declareRoute('reading.pick', PickState, { ack: 'private' }),
  // "Remove…" on a page of the list: the page is drawn again without them.
  readingDrop: declareRoute('reading.drop', ListPageState.extend(PickState.shape), { ack: 'update' }),
  readingNext: declareRoute('reading.next', ListPageState, { ack: 'update' }),
  readingPrev: declareRoute('reading.prev', ListPageState, { ack: 'update' }),
  trendingNext: declareRoute('trending.next', TrendingState, { ack: 'update' }),
  trendingPrev: declareRoute('trending.prev', TrendingState, { ack: 'update' }),
  // "For this channel" / "Most upvoted": the same listing ranked the other way, in place.
  trendingRank: declareRoute('trending.rank', TrendingState, { ack: 'update' }),
} as const;
