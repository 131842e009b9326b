import type { Clock } from '../../clock.ts';
import { createLeaseClaims } from '../../digest/scheduling/database-claims.ts';
import type { Logger } from '../../log.ts';
import type { LeaseOptions, SharedState } from '../types.ts';
import { createPostgresAppState } from './app-state.ts';
import { postgresClaimTable } from './claims.ts';
import { connectPostgres } from './connect.ts';
import { createPostgresDiscussionStore } from './discussions.ts';
import { createPostgresFeedbackStore } from './feedback.ts';
import { createPostgresLearningStore } from './learning.ts';
import { createPostgresLedger } from './ledger.ts';
import { createPostgresReadingList } from './reading-list.ts';
import { createPostgresSubscriptionStore } from './subscriptions.ts';
import { createPostgresUsageCounters } from './usage-counters.ts';

/** Every shared store on one PostgreSQL pool, migrated first (connectPostgres). */
export async function openPostgresState(deps: {
  readonly url: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly newId: () => string;
  readonly leases: LeaseOptions;
}): Promise<SharedState> {
  const { clock, log, newId, leases } = deps;
  const pool = await connectPostgres({ url: deps.url, log });
  return {
    subscriptions: createPostgresSubscriptionStore({ pool, clock, newId }),
    ledger: createPostgresLedger({ pool, clock }),
    claims: createLeaseClaims({ ...leases, table: postgresClaimTable(pool), clock, log }),
    appState: createPostgresAppState({ pool, clock }),
    usage: createPostgresUsageCounters({ pool, clock }),
    feedback: createPostgresFeedbackStore({ pool }),
    discussions: createPostgresDiscussionStore({ pool }),
    readingList: createPostgresReadingList({ pool, clock }),
    learning: createPostgresLearningStore({ pool }),
    close: () => pool.end(),
  };
}
