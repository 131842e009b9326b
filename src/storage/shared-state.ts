import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { createSqliteFeedbackStore } from '../digest/feedback/feedback-store.ts';
import { createSqliteLearningStore } from '../digest/learning/learning-store.ts';
import { createDatabaseClaims } from '../digest/scheduling/database-claims.ts';
import { createDigestLedger } from '../digest/storage/ledger.ts';
import { createSubscriptionStore } from '../digest/storage/subscriptions.ts';
import { createDiscussionStore } from '../discussions/thread-store.ts';
import type { Database } from '../library/database.ts';
import { createReadingList } from '../library/reading-list.ts';
import { createUsageCounters } from '../llm/usage-counters.ts';
import type { Logger } from '../log.ts';
import { createSqliteAppState } from './app-state.ts';
import type { LeaseOptions, SharedState } from './types.ts';

export type { LeaseOptions, SharedState } from './types.ts';

export interface OpenSharedStateOptions {
  /** DATABASE_URL; the SQLite `db` when absent. */
  readonly url: string | undefined;
  readonly db: Database;
  readonly clock: Clock;
  readonly log: Logger;
  readonly newId?: () => string;
  /** Lease length and who this process is (tests stand in other processes); the real ones by default. */
  readonly leases?: LeaseOptions;
}

/**
 * Opens the state this node shares (SharedState): PostgreSQL on `url`, migrated first, or the
 * stores on the node's SQLite file.
 * @throws UpstreamError('postgres') when DATABASE_URL is set and the server cannot be reached or
 *   migrated (see connectPostgres).
 */
export async function openSharedState({
  url,
  db,
  clock,
  log,
  newId = randomId,
  leases = {},
}: OpenSharedStateOptions): Promise<SharedState> {
  if (url) {
    // Loaded only with DATABASE_URL: the embedded default never loads pg or node-pg-migrate.
    const { openPostgresState } = await import('./postgres/open.ts');
    return openPostgresState({ url, clock, log, newId, leases });
  }
  return {
    subscriptions: createSubscriptionStore({ db, clock, newId }),
    ledger: createDigestLedger({ db, clock }),
    claims: createDatabaseClaims({ ...leases, db, clock, log }),
    appState: createSqliteAppState({ db, clock }),
    usage: createUsageCounters({ db, clock }),
    feedback: createSqliteFeedbackStore({ db }),
    discussions: createDiscussionStore(db),
    readingList: createReadingList({ db, clock }),
    learning: createSqliteLearningStore({ db }),
    close: async () => {},
  };
}

function randomId(): string {
  return randomBytes(9).toString('base64url');
}
