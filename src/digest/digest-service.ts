import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { UserInputError } from '../errors/index.ts';
import type { Database } from '../library/database.ts';
import type { Library } from '../library/types.ts';
import type { Llm } from '../llm/types.ts';
import type { Logger } from '../log.ts';
import { checkChannelAccess } from './channels/channel-access.ts';
import type { FeedbackStore } from './feedback/feedback-store.ts';
import { createDigestJobs, type DigestJobsOptions } from './jobs/digest-jobs.ts';
import type { DigestLearner } from './learning/learner.ts';
import type { VoteSimilarity } from './learning/vote-similarity.ts';
import { digestMessages, planDigest } from './planning/plan.ts';
import { type RankedPaper, rankPapers } from './planning/ranking/rank.ts';
import type { TopicSimilarity } from './planning/topic-similarity.ts';
import { createDatabaseClaims } from './scheduling/database-claims.ts';
import { createLocalTime } from './scheduling/local-time.ts';
import type { RunClaims } from './scheduling/run-claims.ts';
import { createDigestRunner, type DigestRunner, type RunOutcome } from './scheduling/run-digest.ts';
import { createDigestScheduler, type DigestScheduler } from './scheduling/scheduler.ts';
import { createDigestLedger, type DigestLedger, type DigestRun } from './storage/ledger.ts';
import { createSubscriptionStore, type SubscriptionStore } from './storage/subscriptions.ts';
import type {
  CheckChannel,
  DigestDelivery,
  DigestMessage,
  DigestPlan,
  DigestSources,
  Subscription,
  SubscriptionSettings,
} from './types.ts';
import { parseSubscriptionInput, type SubscriptionInput } from './validate-subscription.ts';

/** Where subscriptions, the ledger and the leases live (src/storage/shared-state.ts picks them). */
export interface DigestStores {
  readonly subscriptions: SubscriptionStore;
  readonly ledger: DigestLedger;
  /** One claimant per service: the scheduler and `digest run` never execute the same run at once. */
  readonly claims: RunClaims;
}

/**
 * The stores come as `stores` (src/storage/shared-state.ts: PostgreSQL with DATABASE_URL) or are
 * made on the SQLite file `db`; `newId` names new subscriptions of the latter.
 */
export type DigestServiceDeps = DigestServiceOptions &
  ({ readonly stores: DigestStores } | { readonly db: Database; readonly newId?: () => string });

interface DigestServiceOptions {
  readonly clock: Clock;
  readonly log: Logger;
  readonly config: Pick<Config['digest'], 'graceHours' | 'whenEmpty'>;
  readonly sources: DigestSources;
  readonly library?: Pick<Library, 'upsert' | 'listByDate' | 'search'>;
  readonly llm?: Pick<Llm, 'tldr'>;
  /** Embedding similarity for digest ranking (src/digest/planning/topic-similarity.ts); lexical only when absent. */
  readonly similarity?: TopicSimilarity;
  /** The channels' "Not interested" lists, which planning leaves out. */
  readonly feedback?: Pick<FeedbackStore, 'hiddenKeys'>;
  /** What subscriptions learned from their votes (src/digest/learning/); ranked by topics alone when absent. */
  readonly learner?: DigestLearner;
  /** Embedding similarity of candidates to the voted papers (src/digest/learning/vote-similarity.ts), when embeddings are on. */
  readonly voteSimilarity?: VoteSimilarity;
  /** With Redis (REDIS_URL): digest runs are BullMQ jobs that any node's worker executes. */
  readonly jobs?: DigestJobsOptions;
  /** The backoff between a run's attempts; RETRY_DELAYS_MS by default. */
  readonly retryDelaysMs?: readonly number[];
}

export interface DigestPreview {
  readonly localDate: string;
  readonly plan: DigestPlan;
  readonly messages: readonly DigestMessage[];
}

/** What /digest and the CLI use; the bot supplies the delivery and `checkChannel` (no Client in here). */
export interface DigestService {
  readonly subscriptions: SubscriptionStore;
  readonly ledger: DigestLedger;
  /** The learner the digest ranks with: the feedback buttons call recordVote, /digest tune describe and reset. */
  readonly learner: DigestLearner | undefined;
  /**
   * Validates the settings, checks that the bot can post there, and creates or replaces the
   * channel's subscription.
   * @throws UserInputError for bad settings or a channel the bot cannot use (saying what is missing).
   */
  subscribe(
    request: {
      readonly guildId: string;
      readonly channelId: string;
      readonly userId: string;
      readonly input: SubscriptionInput;
    },
    checkChannel: CheckChannel,
  ): Promise<{ readonly subscription: Subscription; readonly created: boolean }>;
  /** @throws UserInputError when the channel has no subscription. */
  unsubscribe(guildId: string, channelId: string): Promise<Subscription>;
  list(guildId: string): Promise<Subscription[]>;
  /**
   * What the channel's digest would post now (live sources, nothing recorded).
   * @throws UserInputError when the channel has no subscription.
   */
  preview(guildId: string | undefined, channelId: string, localDate?: string): Promise<DigestPreview>;
  /** Ranks the library's papers of a day (or, if it has none, a search for the topics) offline, extractive TL;DRs. */
  previewFromLibrary(
    settings: SubscriptionSettings,
    day: string,
  ): Promise<{ ranked: RankedPaper[]; preview: DigestPreview }>;
  /**
   * Builds and posts the channel's digest for a date now, through the ledger (so never twice). A
   * run left by a process that died is resumed at once; a crash here schedules a retry.
   * @throws UserInputError when the channel has no subscription, the day is already finished, or
   *   a live process is posting it right now.
   */
  runNow(
    channelId: string,
    options: { readonly date?: string; readonly delivery: DigestDelivery },
  ): Promise<RunOutcome>;
  /**
   * The scheduler posting through `delivery`; start() it when the bot is ready. With `jobs` it
   * enqueues due runs as BullMQ jobs and start() also runs this node's worker.
   */
  createScheduler(
    delivery: DigestDelivery,
    options?: { readonly tickMs?: number; readonly claims?: RunClaims },
  ): DigestScheduler;
}

const NOT_SUBSCRIBED = 'This channel has no digest. Create one with /digest subscribe.';

export function createDigestService(deps: DigestServiceDeps): DigestService {
  const { clock, log, config } = deps;
  const { subscriptions, ledger, claims } = 'stores' in deps ? deps.stores : sqliteStores(deps);
  const localTime = createLocalTime();

  const runnerFor = (delivery: DigestDelivery): DigestRunner =>
    createDigestRunner({
      subscriptions,
      ledger,
      sources: deps.sources,
      ...(deps.library ? { library: deps.library } : {}),
      ...(deps.llm ? { llm: deps.llm } : {}),
      ...(deps.similarity ? { similarity: deps.similarity } : {}),
      ...(deps.feedback ? { feedback: deps.feedback } : {}),
      ...(deps.learner ? { learner: deps.learner } : {}),
      ...(deps.voteSimilarity ? { voteSimilarity: deps.voteSimilarity } : {}),
      delivery,
      clock,
      log,
      whenEmpty: config.whenEmpty,
      ...(deps.retryDelaysMs ? { retryDelaysMs: deps.retryDelaysMs } : {}),
    });

  const subscriptionOf = async (channelId: string, guildId?: string): Promise<Subscription> => {
    const found = await subscriptions.byChannel(channelId);
    if (!found || (guildId !== undefined && found.guildId !== guildId)) throw new UserInputError(NOT_SUBSCRIBED);
    return found;
  };

  const refuseDelivery: DigestDelivery = {
    post: async () => {
      throw new Error('a preview never posts');
    },
    findPosted: async () => {
      throw new Error('a preview never looks for posts');
    },
  };

  return {
    subscriptions,
    ledger,
    learner: deps.learner,
    async subscribe({ guildId, channelId, userId, input }, checkChannel) {
      const settings = parseSubscriptionInput(input);
      await checkChannelAccess(checkChannel, { channelId, guildId, style: settings.style });
      const result = await subscriptions.subscribe({ guildId, channelId, createdBy: userId, settings });
      log.info(
        { guildId, channelId, subscriptionId: result.subscription.id, created: result.created },
        'digest subscribed',
      );
      return result;
    },
    async unsubscribe(guildId, channelId) {
      const found = await subscriptionOf(channelId, guildId);
      await subscriptions.unsubscribe(guildId, channelId);
      log.info({ guildId, channelId, subscriptionId: found.id }, 'digest unsubscribed');
      return found;
    },
    list: (guildId) => subscriptions.list(guildId),
    async preview(guildId, channelId, date) {
      const subscription = await subscriptionOf(channelId, guildId);
      const localDate = date ?? localTime.localDate(clock.now(), subscription.timezone);
      // The day's digest as it was posted, or as it would be if it were due now.
      const dueAt = Math.min(clock.now(), localTime.toInstant(localDate, subscription.time, subscription.timezone));
      const { plan, messages } = await runnerFor(refuseDelivery).preview(subscription, localDate, dueAt);
      return { localDate, plan, messages };
    },
    async previewFromLibrary(settings, day) {
      const library = deps.library;
      if (!library) throw new UserInputError('The library is not available here.');
      let candidates = library.listByDate(day, 5000);
      if (candidates.length === 0) {
        candidates = (await library.search(settings.topics.join(' '), { limit: 200 })).map((hit) => hit.paper);
      }
      const ranked = rankPapers(candidates, settings);
      // Offline: the extractive TL;DR, never the LLM.
      const plan = await planDigest({ log }, ranked, settings.maxPapers, []);
      return { ranked, preview: { localDate: day, plan, messages: digestMessages(settings, day, plan, 'notice') } };
    },
    async runNow(channelId, { date, delivery }) {
      const subscription = await subscriptionOf(channelId);
      const now = clock.now();
      const localDate = date ?? localTime.localDate(now, subscription.timezone);
      await ledger.createRun({ subscriptionId: subscription.id, localDate, scheduledAt: now, status: 'pending' });
      const run = await ledger.getRun(subscription.id, localDate);
      if (!run || run.status === 'done' || run.status === 'skipped' || run.status === 'failed') {
        throw new UserInputError(
          `The digest for ${localDate} is already ${run?.status ?? 'finished'} in this channel; each day is posted once.`,
        );
      }
      const lease = await claims.claim(`${run.subscriptionId}|${run.localDate}`);
      if (!lease) throw new UserInputError(`The digest for ${localDate} is being posted right now; try again later.`);
      const runner = runnerFor(delivery);
      try {
        return await runner.execute(subscription, run, lease);
      } catch (error) {
        // The scheduler would retry this run after the backoff; so does a crash here.
        await runner.retryOrFail(run.subscriptionId, run.localDate, `internal error: ${String(error)}`);
        throw error;
      } finally {
        await lease.release();
      }
    },
    createScheduler(delivery, options = {}) {
      const schedulerWith = (dispatch?: (runs: readonly DigestRun[]) => Promise<void>) =>
        createDigestScheduler({
          subscriptions,
          ledger,
          runner: runnerFor(delivery),
          clock,
          log,
          graceHours: config.graceHours,
          localTime,
          ...(options.tickMs ? { tickMs: options.tickMs } : {}),
          claims: options.claims ?? claims,
          ...(dispatch ? { dispatch } : {}),
        });
      if (!deps.jobs) return schedulerWith();
      return createDigestJobs(deps.jobs, { ledger, clock, log, schedulerFor: schedulerWith });
    },
  };
}

function sqliteStores({
  db,
  clock,
  log,
  newId = () => randomBytes(9).toString('base64url'),
}: {
  readonly db: Database;
  readonly clock: Clock;
  readonly log: Logger;
  readonly newId?: (() => string) | undefined;
}): DigestStores {
  return {
    subscriptions: createSubscriptionStore({ db, clock, newId }),
    ledger: createDigestLedger({ db, clock }),
    claims: createDatabaseClaims({ db, clock, log }),
  };
}
