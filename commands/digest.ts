import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Subscription } from '../src/digest/types.ts';
import { MAX_PAPERS_LIMIT } from '../src/digest/validate-subscription.ts';
import { UserInputError } from '../src/errors/index.ts';
import { route, routeTable } from '../src/interactions/route.ts';
import type { CommandContext, CommandServices, DigestCommandServices, OptionsOf } from '../src/interactions/types.ts';
import type { DigestSubscriptionView, View } from '../src/views.ts';
import { askReset, cancelReset, confirmReset, forgetFeedback, tuneDigest } from './shared/digest-tune.ts';
import { castVote, hidePaper, ratePaper } from './shared/feedback.ts';
import { routes as declared, pickedIds } from './shared/routes.ts';

// Digests go to text and announcement channels only.
const POSTABLE_CHANNELS: Array<ChannelType.GuildText | ChannelType.GuildAnnouncement> = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
];

const channelOption = (description: string) =>
  ({
    name: 'channel',
    description,
    type: ApplicationCommandOptionType.Channel,
    required: true,
    channel_types: POSTABLE_CHANNELS,
  }) as const;

export const definition = {
  name: 'digest',
  description: 'Daily papers in a channel, ranked by its topics',
  // Manage Server (1 << 5): server admins decide which channels get digests.
  default_member_permissions: '32',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      name: 'subscribe',
      description: 'Post a daily digest of new papers in a channel',
      type: ApplicationCommandOptionType.Subcommand,
      options: [
        channelOption('Where to post'),
        {
          name: 'topics',
          description: 'Comma-separated topics, e.g. "LLM reasoning, RL" (up to 10)',
          type: ApplicationCommandOptionType.String,
          required: true,
          max_length: 1100,
        },
        {
          name: 'exclude',
          description: 'Comma-separated keywords that remove a paper, e.g. "survey"',
          type: ApplicationCommandOptionType.String,
          max_length: 1000,
        },
        {
          name: 'time',
          description: 'Local time HH:MM (default 09:00)',
          type: ApplicationCommandOptionType.String,
          max_length: 5,
        },
        {
          name: 'timezone',
          description: 'IANA time zone, e.g. Europe/Berlin (default UTC)',
          type: ApplicationCommandOptionType.String,
          max_length: 64,
        },
        {
          name: 'days',
          description: 'Which days (default weekdays)',
          type: ApplicationCommandOptionType.String,
          choices: [
            { name: 'Weekdays', value: 'weekdays' },
            { name: 'Every day', value: 'daily' },
          ],
        },
        {
          name: 'source',
          description: 'Where papers come from (default Hugging Face)',
          type: ApplicationCommandOptionType.String,
          choices: [
            { name: 'Hugging Face Daily Papers', value: 'huggingface' },
            { name: 'arXiv new submissions', value: 'arxiv' },
            { name: 'Both', value: 'both' },
          ],
        },
        {
          name: 'categories',
          description: 'arXiv categories, e.g. cs.LG,cs.CL (default cs.LG,cs.CL,cs.AI)',
          type: ApplicationCommandOptionType.String,
          max_length: 300,
        },
        {
          name: 'min_upvotes',
          description: 'Only papers with at least this many HF upvotes',
          type: ApplicationCommandOptionType.Integer,
          min_value: 0,
          max_value: 100_000,
        },
        {
          name: 'min_score',
          description: 'Post only papers scoring at least this, 0–1 (e.g. 0.4); quiet days post fewer',
          type: ApplicationCommandOptionType.Number,
          min_value: 0,
          max_value: 1,
        },
        {
          name: 'max_papers',
          description: `Papers per digest (1–${MAX_PAPERS_LIMIT}, default 5)`,
          type: ApplicationCommandOptionType.Integer,
          min_value: 1,
          max_value: MAX_PAPERS_LIMIT,
        },
        {
          name: 'style',
          description: 'How papers are posted (default compact)',
          type: ApplicationCommandOptionType.String,
          choices: [
            { name: 'Compact list', value: 'compact' },
            { name: 'A card per paper', value: 'cards' },
            { name: 'A thread per paper', value: 'threads' },
          ],
        },
      ],
    },
    {
      name: 'unsubscribe',
      description: "Stop a channel's digest",
      type: ApplicationCommandOptionType.Subcommand,
      options: [channelOption('The channel whose digest to stop')],
    },
    { name: 'list', description: "This server's digests", type: ApplicationCommandOptionType.Subcommand },
    {
      name: 'preview',
      description: "Show what a channel's digest would post now (only you see it)",
      type: ApplicationCommandOptionType.Subcommand,
      options: [channelOption('The channel whose digest to preview')],
    },
    {
      name: 'tune',
      description: "What a channel's digest learned from 👍/👎, with a Reset (needs Manage Channel)",
      type: ApplicationCommandOptionType.Subcommand,
      options: [channelOption('The channel whose digest to show')],
    },
    {
      name: 'forget',
      description: "Delete a channel's votes and hidden papers, and reset its ranker (needs Manage Channel)",
      type: ApplicationCommandOptionType.Subcommand,
      options: [channelOption('The channel whose feedback to delete')],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

// Preview fetches live sources and may write TL;DRs; only the caller sees the answer.
export const defer = 'ephemeral';
// Only preview may call the LLM (TL;DRs); subscribing, listing and unsubscribing are not LLM work.
export const llm = ['preview'] as const;

/**
 * The input is a union discriminated on `subcommand` (OptionsOf of a definition with subcommands):
 * runCommand's parseOptions has already checked the chosen subcommand's own options against it.
 */
export async function handle(input: OptionsOf<typeof definition>, ctx: CommandContext): Promise<View> {
  const digest = digestServices(ctx.services);
  const guildId = ctx.guildId;
  if (!guildId) throw new UserInputError('Digests belong to a server channel; run /digest in a server.');
  switch (input.subcommand) {
    case 'subscribe': {
      const { subscription, created } = await digest.service.subscribe(
        {
          guildId,
          channelId: input.channel,
          userId: ctx.user.id,
          input: {
            topics: input.topics,
            exclude: input.exclude,
            time: input.time,
            timezone: input.timezone,
            days: input.days,
            source: input.source,
            categories: input.categories,
            minUpvotes: input.min_upvotes,
            minScore: input.min_score,
            maxPapers: input.max_papers,
            style: input.style,
          },
        },
        digest.checkChannel,
      );
      return { kind: 'digest-subscribed', created, subscription: subscriptionView(subscription) };
    }
    case 'unsubscribe': {
      await digest.service.unsubscribe(guildId, input.channel);
      return { kind: 'digest-unsubscribed', channelId: input.channel };
    }
    case 'list':
      return { kind: 'digest-list', subscriptions: (await digest.service.list(guildId)).map(subscriptionView) };
    case 'preview': {
      const preview = await digest.service.preview(guildId, input.channel);
      return { kind: 'digest-preview', localDate: preview.localDate, messages: preview.messages };
    }
    case 'tune':
      return tuneDigest({ digest, guildId, channelId: input.channel }, ctx);
    case 'forget':
      return forgetFeedback({ digest, guildId, channelId: input.channel }, ctx);
    default:
      return input satisfies never;
  }
}

export const routes = routeTable(
  route(declared.digestLike, (state, ctx) => castVote(1, state, ctx)),
  route(declared.digestDislike, (state, ctx) => castVote(-1, state, ctx)),
  route(declared.digestHide, (state, ctx) => hidePaper(state, ctx)),
  route(declared.digestRate, async (state, ctx, values) => {
    const [id] = pickedIds(state, values);
    if (!id) throw new UserInputError('Pick a paper to rate.');
    return ratePaper(id, ctx);
  }),
  route(declared.digestReset, (state, ctx) => askReset(digestServices(ctx.services), state, ctx)),
  route(declared.digestResetConfirm, (state, ctx) => confirmReset(digestServices(ctx.services), state, ctx)),
  route(declared.digestResetCancel, (state, ctx) => cancelReset(digestServices(ctx.services), state, ctx)),
);

/** What /digest shows of a subscription: its channel and settings, not who made it or its id. */
function subscriptionView(s: Subscription): DigestSubscriptionView {
  return {
    channelId: s.channelId,
    topics: s.topics,
    exclude: s.exclude,
    time: s.time,
    timezone: s.timezone,
    days: s.days,
    source: s.source,
    categories: s.categories,
    minUpvotes: s.minUpvotes,
    minScore: s.minScore,
    maxPapers: s.maxPapers,
    style: s.style,
    ...(s.pausedReason ? { pausedReason: s.pausedReason } : {}),
  };
}

function digestServices(services: CommandServices): DigestCommandServices {
  const found = services.digest;
  if (!found) {
    throw new UserInputError(
      'Digests post through the Discord bot, so /digest does not work here. To see what a digest ' +
        'would pick from the library, run: paperboy digest preview --topics "LLM reasoning, RL"',
    );
  }
  return found;
}
