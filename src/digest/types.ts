import type { ListedPaper, ListingOptions } from '../sources/listings.ts';

export const DIGEST_DAYS = ['weekdays', 'daily'] as const;
export type DigestDays = (typeof DIGEST_DAYS)[number];
export const DIGEST_SOURCES = ['huggingface', 'arxiv', 'both'] as const;
export type DigestSource = (typeof DIGEST_SOURCES)[number];
export const DIGEST_STYLES = ['compact', 'cards', 'threads'] as const;
export type DigestStyle = (typeof DIGEST_STYLES)[number];

/** What a channel asked for; validated by parseSubscriptionInput. */
export interface SubscriptionSettings {
  readonly topics: readonly string[];
  readonly exclude: readonly string[];
  /** Local wall-clock time, HH:MM (24 h). */
  readonly time: string;
  /** IANA time zone, e.g. Europe/Berlin. */
  readonly timezone: string;
  readonly days: DigestDays;
  readonly source: DigestSource;
  /** arXiv categories for the RSS source, e.g. cs.LG. */
  readonly categories: readonly string[];
  readonly minUpvotes: number;
  /**
   * Only papers scoring at least this (0–1, see RankedPaper.confidence) are posted: a quiet day
   * posts fewer, a day with nothing good enough posts the "nothing today" notice. 0: no threshold.
   */
  readonly minScore: number;
  readonly maxPapers: number;
  readonly style: DigestStyle;
}

export interface Subscription extends SubscriptionSettings {
  readonly id: string;
  readonly guildId: string;
  readonly channelId: string;
  /** Why posting stopped (channel deleted, access lost); undefined while active. */
  readonly pausedReason: string | undefined;
  readonly createdBy: string;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One paper as planned for a digest: enough to render it again after a restart without refetching. */
export interface PlannedPaper {
  readonly id: string;
  readonly title: string;
  readonly url?: string;
  readonly upvotes?: number;
  readonly matchedTerms: readonly string[];
  /** The liked paper it is most like ("like the 👍 paper *…*"), when the subscription learned from votes. */
  readonly likedPaper?: { readonly id: string; readonly title: string };
  readonly tldr: string;
}

/** A digest's content, fixed once planned so that a resumed run renders exactly the same messages. */
export interface DigestPlan {
  readonly papers: readonly PlannedPaper[];
  /** How many candidates matched the topics (the papers shown are the best of them). */
  readonly matched: number;
  /** Short lines about degraded sources ("arXiv did not answer"), shown under the header. */
  readonly notices: readonly string[];
}

/** A message in a digest, before rendering. `seq` orders it within the day's digest. */
export type DigestMessage =
  | { readonly kind: 'header'; readonly seq: number; readonly text: string; readonly notices: readonly string[] }
  | {
      readonly kind: 'list';
      readonly seq: number;
      readonly papers: readonly PlannedPaper[];
      readonly startRank: number;
    }
  | {
      readonly kind: 'cards';
      readonly seq: number;
      readonly papers: readonly PlannedPaper[];
      readonly startRank: number;
    }
  | { readonly kind: 'thread'; readonly seq: number; readonly paper: PlannedPaper; readonly rank: number }
  | { readonly kind: 'notice'; readonly seq: number; readonly text: string };

/** Renders and sends one digest message (src/discord/digest-channel.ts); resolves with Discord's message id once accepted. */
export type PostMessage = (
  channelId: string,
  message: DigestMessage,
  /** The same for the same (subscription, date, seq): lets Discord drop a resend after a crash. */
  nonce: string,
) => Promise<{ readonly messageId: string }>;

/**
 * Looks in the channel for a digest message that an earlier attempt may have sent without
 * recording it (killed between Discord accepting it and the ledger write, or the answer lost):
 * among the messages after `after` (the run's last recorded message) or, without one, sent since
 * `sentSince` (ms), one of the bot's that shows this message. Resolves with its id once it is as
 * `post` would have left it (its thread started), or undefined when it is not there. Discord's
 * nonce check only covers a few minutes, so a resend after a longer outage would be a duplicate.
 */
export type FindPosted = (
  channelId: string,
  message: DigestMessage,
  search: { readonly nonce: string; readonly after: string | undefined; readonly sentSince: number },
) => Promise<{ readonly messageId: string } | undefined>;

/** How digests reach Discord (src/discord/digest-channel.ts); the digest never sees a Client. */
export interface DigestDelivery {
  readonly post: PostMessage;
  readonly findPosted: FindPosted;
}

/** The channel permissions a digest needs (discord.js PermissionFlagsBits names). */
export const DIGEST_PERMISSIONS = [
  'ViewChannel',
  'SendMessages',
  'EmbedLinks',
  // To find, after a crash, a message Discord took but the ledger never recorded (FindPosted).
  'ReadMessageHistory',
  'CreatePublicThreads',
  'SendMessagesInThreads',
] as const;
export type DigestPermission = (typeof DIGEST_PERMISSIONS)[number];

/** What the bot can do in a channel, as the Discord runtime sees it. */
export type ChannelCheck =
  | { readonly kind: 'missing' }
  | {
      readonly kind: 'ok';
      /** The channel's guild; a subscription must name a channel of the guild it is made in. */
      readonly guildId: string | undefined;
      /** Whether a message can be posted there at all (a text or announcement channel). */
      readonly textBased: boolean;
      readonly granted: readonly DigestPermission[];
    };

export type CheckChannel = (channelId: string) => Promise<ChannelCheck>;

/** The digest's view of the live sources (App.sources satisfies it): listings with the time each paper was listed. */
export interface DigestSources {
  readonly huggingface?: {
    /** One UTC day of HF Daily Papers. */
    listings(date: string, options?: ListingOptions): Promise<readonly ListedPaper[]>;
  };
  readonly arxivRss?: {
    /** The current RSS mailing of the categories (new and cross-listed papers). */
    listings(categories: readonly string[], options?: ListingOptions): Promise<readonly ListedPaper[]>;
  };
}
