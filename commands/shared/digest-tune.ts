import type { Subscription } from '../../src/digest/types.ts';
import { UserInputError } from '../../src/errors/index.ts';
import { button } from '../../src/interactions/actions.ts';
import type { CommandContext, DigestCommandServices } from '../../src/interactions/types.ts';
import type { View } from '../../src/views.ts';
import { routes } from './routes.ts';
import { plural, tuneText } from './tune-text.ts';

// /digest tune (what the channel's votes taught its digest, with a confirmed Reset) and /digest
// forget (delete the channel's votes and hidden list). Both change what a whole channel is shown,
// so both, and the Reset buttons, are for members with Manage Channel.

const MODERATORS_ONLY =
  'Only members with Manage Channel can tune, reset or forget a digest. Ask a moderator of this server.';

type ResetState = { readonly s: string };

/** The channel a /digest subcommand names, in the server it was run in. */
export interface ChannelTarget {
  readonly digest: DigestCommandServices;
  readonly guildId: string;
  readonly channelId: string;
}

/** @throws UserInputError for a member without Manage Channel where the interaction happened. */
function requireModerator(ctx: CommandContext): void {
  if (ctx.canManageChannel !== true) throw new UserInputError(MODERATORS_ONLY);
}

async function subscriptionIn(
  digest: DigestCommandServices,
  guildId: string,
  channelId: string,
): Promise<Subscription> {
  const found = await digest.service.subscriptions.byChannel(channelId);
  if (!found || found.guildId !== guildId) {
    throw new UserInputError(`<#${channelId}> has no digest. Create one with /digest subscribe.`);
  }
  return found;
}

/** A Reset button's subscription, if it still exists in the server the click came from. */
async function subscriptionById(digest: DigestCommandServices, id: string, ctx: CommandContext): Promise<Subscription> {
  const found = await digest.service.subscriptions.get(id);
  if (!found || found.guildId !== ctx.guildId) {
    throw new UserInputError('That digest no longer exists; run /digest tune again.');
  }
  return found;
}

/** The votes and what the learner made of them; a Reset… button when there is a learner to reset. */
export async function tuneDigest({ digest, guildId, channelId }: ChannelTarget, ctx: CommandContext): Promise<View> {
  requireModerator(ctx);
  const subscription = await subscriptionIn(digest, guildId, channelId);
  const { feedback, learning } = ctx.services;
  const counts = feedback ? await feedback.counts(subscription.id, subscription.channelId) : undefined;
  const learned = learning ? await learning.describe(subscription.id) : undefined;
  const reset = button(routes.digestReset, { label: 'Reset…', state: { s: subscription.id }, style: 'danger' });
  return {
    kind: 'message',
    tone: 'info',
    text: tuneText(subscription.channelId, counts, learned),
    ...(learning ? { controls: { buttons: [reset] } } : {}),
  };
}

/** Reset… asks first; the question replaces the tune message. */
export async function askReset(digest: DigestCommandServices, state: ResetState, ctx: CommandContext): Promise<View> {
  requireModerator(ctx);
  const subscription = await subscriptionById(digest, state.s, ctx);
  return {
    kind: 'message',
    tone: 'warning',
    text:
      `Reset what the digest in <#${subscription.channelId}> has learned? Its votes stay; it ranks by its ` +
      'topics again until new votes teach it.',
    controls: {
      buttons: [
        button(routes.digestResetConfirm, { label: 'Yes, reset', state, style: 'danger' }),
        button(routes.digestResetCancel, { label: 'Cancel', state, style: 'secondary' }),
      ],
    },
  };
}

export async function confirmReset(
  digest: DigestCommandServices,
  state: ResetState,
  ctx: CommandContext,
): Promise<View> {
  requireModerator(ctx);
  const subscription = await subscriptionById(digest, state.s, ctx);
  await ctx.services.learning?.reset(subscription.id);
  ctx.log.info({ subscriptionId: subscription.id, userId: ctx.user.id }, 'digest ranker reset');
  return {
    kind: 'message',
    tone: 'success',
    text: `Reset: the digest in <#${subscription.channelId}> ranks by its topics again.`,
  };
}

export async function cancelReset(
  digest: DigestCommandServices,
  state: ResetState,
  ctx: CommandContext,
): Promise<View> {
  const subscription = await subscriptionById(digest, state.s, ctx);
  return { kind: 'message', tone: 'info', text: `Nothing was reset in <#${subscription.channelId}>.` };
}

/**
 * Deletes every vote made in the channel and its Not interested list, and resets the ranker of
 * its digest if it has one (a channel without a digest may still hold votes from /papers).
 */
export async function forgetFeedback(
  { digest, guildId, channelId }: ChannelTarget,
  ctx: CommandContext,
): Promise<View> {
  requireModerator(ctx);
  const feedback = ctx.services.feedback;
  if (!feedback) throw new UserInputError('Feedback is not stored here.');
  const subscription = await digest.service.subscriptions.byChannel(channelId);
  const inGuild = subscription?.guildId === guildId ? subscription : undefined;
  const forgotten = await feedback.forget(channelId);
  if (inGuild) await ctx.services.learning?.reset(inGuild.id);
  ctx.log.info({ channelId, ...forgotten, userId: ctx.user.id }, 'channel feedback forgotten');
  return {
    kind: 'message',
    tone: 'success',
    text:
      `Forgot ${plural(forgotten.votes, 'vote')} and ${plural(forgotten.hidden, 'hidden paper')} in <#${channelId}>` +
      (inGuild ? '; its digest ranks by its topics again.' : '.'),
  };
}
