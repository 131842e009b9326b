import { type FeedbackStore, feedbackScope, type VoteOutcome } from '../../src/digest/feedback/feedback-store.ts';
import { isHidden } from '../../src/digest/feedback/paper-keys.ts';
import type { VoteValue } from '../../src/digest/learning/types.ts';
import { UserInputError } from '../../src/errors/index.ts';
import type { CommandContext } from '../../src/interactions/types.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { clip, escapeMarkdown, sanitiseLine } from '../../src/text/index.ts';
import type { View } from '../../src/views.ts';
import { voteButtons } from './feedback-controls.ts';
import type { VoteState } from './routes.ts';
import { entrySave } from './save-control.ts';

// The feedback buttons' handlers. A vote belongs to the channel it is made in: to the channel's
// digest subscription when it has one (and then it teaches that subscription's ranker), else to
// the channel alone (`channel:<id>`), counted on the message but teaching nothing.

/** Where a click counts: the store, the channel, and its subscription if it has one. */
interface VotePlace {
  readonly store: FeedbackStore;
  readonly channelId: string;
  readonly scope: string;
  readonly subscriptionId: string | undefined;
}

async function votePlace(ctx: CommandContext): Promise<VotePlace> {
  const store = ctx.services.feedback;
  const channelId = ctx.channelId;
  if (!store || !channelId) throw new UserInputError('Votes count in a Discord channel; there is none here.');
  const subscriptionId = (await ctx.services.digest?.service.subscriptions.byChannel(channelId))?.id;
  return { store, channelId, scope: feedbackScope(channelId, subscriptionId), subscriptionId };
}

/** 👍 or 👎: toggles the user's vote and redraws the paper's buttons with the new counts. */
export async function castVote(choice: VoteValue, state: VoteState, ctx: CommandContext): Promise<View> {
  const place = await votePlace(ctx);
  const outcome = await place.store.vote({
    scope: place.scope,
    channelId: place.channelId,
    userId: ctx.user.id,
    paperId: state.p,
    choice,
    at: ctx.clock.now(),
  });
  const paper = ctx.services.library.get(state.p);
  await teach(ctx, place, paper, state.p, outcome);
  const hidden = isHidden(paper ?? { id: state.p }, await place.store.hiddenKeys(place.channelId));
  return redraw(state, outcome, hidden);
}

/** Not interested: hides the paper (and its other versions) in the channel and counts as a 👎. */
export async function hidePaper(state: VoteState, ctx: CommandContext): Promise<View> {
  const place = await votePlace(ctx);
  const paper = ctx.services.library.get(state.p);
  const outcome = await place.store.hide({
    scope: place.scope,
    channelId: place.channelId,
    userId: ctx.user.id,
    paper: paper ?? { id: state.p },
    at: ctx.clock.now(),
  });
  ctx.log.info({ channelId: place.channelId, paperId: state.p }, 'paper hidden in channel');
  await teach(ctx, place, paper, state.p, outcome);
  return redraw(state, outcome, true);
}

/** "Rate a paper…" on a long list: the chosen paper's buttons, with its counts, for the clicker alone. */
export async function ratePaper(paperId: string, ctx: CommandContext): Promise<View> {
  const place = await votePlace(ctx);
  const paper = ctx.services.library.get(paperId);
  const tally = (await place.store.tallies(place.scope, [paperId])).get(paperId);
  const hidden = isHidden(paper ?? { id: paperId }, await place.store.hiddenKeys(place.channelId));
  return {
    kind: 'message',
    tone: 'info',
    private: true,
    text: `Rate **${escapeMarkdown(clip(sanitiseLine(paper?.title ?? paperId), 200))}**`,
    controls: { rows: [[...voteButtons(paperId, { ...(tally ? { tally } : {}), hidden }), ...entrySave(paperId)]] },
  };
}

function redraw(state: VoteState, outcome: VoteOutcome, hidden: boolean): View {
  return {
    kind: 'controls-update',
    buttons: voteButtons(state.p, {
      ...(state.r === undefined ? {} : { rank: state.r }),
      tally: outcome.tally,
      hidden,
    }),
  };
}

/** Tells the subscription's ranker, when the channel has one and the vote changed. */
async function teach(
  ctx: CommandContext,
  place: VotePlace,
  paper: Paper | undefined,
  paperId: string,
  outcome: VoteOutcome,
): Promise<void> {
  const learner = ctx.services.learning;
  if (!learner || !place.subscriptionId || outcome.value === outcome.previous) return;
  if (!paper) {
    // Digest and search results are in the library; a paper that left it has nothing to learn from.
    ctx.log.warn({ paperId, subscriptionId: place.subscriptionId }, 'voted paper not in the library; ranker not told');
    return;
  }
  await learner.recordVote({
    subscriptionId: place.subscriptionId,
    userId: ctx.user.id,
    paper,
    value: outcome.value,
    previous: outcome.previous,
    at: ctx.clock.now(),
  });
}
