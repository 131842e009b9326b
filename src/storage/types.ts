import type { DigestStores } from '../digest/digest-service.ts';
import type { FeedbackStore } from '../digest/feedback/feedback-store.ts';
import type { LearningStore } from '../digest/learning/learning-store.ts';
import type { LeaseClaimsOptions } from '../digest/scheduling/database-claims.ts';
import type { DiscussionStore } from '../discussions/types.ts';
import type { ReadingList } from '../library/reading-list.ts';
import type { UsageCounters } from '../llm/usage-counters.ts';
import type { AppState } from './app-state.ts';

/**
 * The durable state nodes share: subscriptions, the digest ledger and its leases, app state,
 * usage counters, feedback, what the digests learned from it, the Discuss threads and each user's reading list. In the node's SQLite file by default; in PostgreSQL when DATABASE_URL is set,
 * so that any number of nodes see one set of subscriptions and post each digest once. The paper
 * library is not in here: it stays a SQLite replica on every node.
 */
export interface SharedState extends DigestStores {
  readonly appState: AppState;
  /** Which paper each Discuss thread is about: any node may get the thread's /ask. */
  readonly discussions: DiscussionStore;
  readonly usage: UsageCounters;
  /** 👍 / 👎 and the Not interested lists: votes belong to subscriptions, which live here too. */
  readonly feedback: FeedbackStore;
  readonly readingList: ReadingList;
  /** The digest learner's memory (createSubscriptionLearner), so a vote on any node teaches every node. */
  readonly learning: LearningStore;
  /** Closes the PostgreSQL pool; the SQLite file belongs to the caller. */
  close(): Promise<void>;
}

/** Lease length and who this process is (tests stand in other processes); the real ones by default. */
export type LeaseOptions = Omit<LeaseClaimsOptions, 'table' | 'clock' | 'log'>;
