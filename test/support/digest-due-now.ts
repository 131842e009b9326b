import { systemClock } from '../../src/clock.ts';
import { createDigestService, type DigestService } from '../../src/digest/digest-service.ts';
import type { SubscriptionSettings } from '../../src/digest/types.ts';
import { parseSubscriptionInput, type SubscriptionInput } from '../../src/digest/validate-subscription.ts';
import type { Database } from '../../src/library/database.ts';
import { silentLogger } from '../../src/log.ts';
import { openSharedState } from '../../src/storage/shared-state.ts';

const HOUR = 3_600_000;

/**
 * A digest service on the shared state (`db`, or PostgreSQL at `databaseUrl`) that writes
 * subscriptions as if an hour ago, and settings for the current UTC minute every day: a
 * subscription written with them is due at once (today's occurrence comes after the
 * subscription's last change), for tests of processes that tick. close() ends the connection.
 */
export async function dueNow(
  db: Database,
  databaseUrl?: string,
): Promise<{
  readonly service: DigestService;
  /** Today's UTC date: the run's local date. */
  readonly today: string;
  readonly settings: (input: Omit<SubscriptionInput, 'time' | 'timezone' | 'days'>) => SubscriptionSettings;
  readonly close: () => Promise<void>;
}> {
  const now = Date.now();
  const clock = { ...systemClock, now: () => now - HOUR };
  const log = silentLogger();
  const stores = await openSharedState({ url: databaseUrl, db, clock, log });
  const service = createDigestService({
    stores,
    clock,
    log,
    config: { graceHours: 6, whenEmpty: 'notice' },
    sources: {},
  });
  const time = new Date(now).toISOString().slice(11, 16);
  return {
    service,
    today: new Date(now).toISOString().slice(0, 10),
    settings: (input) => parseSubscriptionInput({ ...input, time, timezone: 'UTC', days: 'daily' }),
    close: () => stores.close(),
  };
}
