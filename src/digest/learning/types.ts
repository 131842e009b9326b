import type { Paper } from '../../papers/paper.ts';

// The contract between the feedback buttons (which record votes) and the per-subscription ranker
// (which learns from them and ranks digests). Votes live in the same store as the digest ledger.

/** 👍 is 1, 👎 is -1. "Not interested" is recorded as a 👎 that also hides the paper in the channel. */
export type VoteValue = 1 | -1;

/** One user's vote on one paper of one subscription changed: new, changed, or withdrawn (0). */
export interface VoteChange {
  readonly subscriptionId: string;
  readonly userId: string;
  readonly paper: Paper;
  readonly value: VoteValue | 0;
  readonly previous: VoteValue | 0;
  /** ms since the epoch. */
  readonly at: number;
}

export interface LearnedTerm {
  readonly term: string;
  readonly weight: number;
}

/** A voted paper that taught the subscription a term. */
export interface TeachingPaper {
  readonly paperId: string;
  readonly title: string;
  readonly value: VoteValue;
}

/** What a subscription has learned, as `/digest tune` shows it. */
export interface LearnedSummary {
  /** topics: no votes yet (cold start); profile: a few (Rocchio); model: enough for the classifier. */
  readonly stage: 'topics' | 'profile' | 'model';
  readonly upvotes: number;
  readonly downvotes: number;
  /** Strongest first. */
  readonly positive: readonly LearnedTerm[];
  readonly negative: readonly LearnedTerm[];
  readonly teachers: readonly TeachingPaper[];
}

/** The per-subscription model: updated on every vote (milliseconds), consulted when a digest is planned. */
export interface SubscriptionLearner {
  recordVote(change: VoteChange): Promise<void>;
  describe(subscriptionId: string): Promise<LearnedSummary>;
  /** Forgets what was learned (the votes themselves stay unless the feedback store deletes them). */
  reset(subscriptionId: string): Promise<void>;
}
