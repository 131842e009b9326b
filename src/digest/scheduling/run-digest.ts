import type { Clock } from '../../clock.ts';
import type { Library } from '../../library/types.ts';
import type { Llm } from '../../llm/types.ts';
import type { Logger } from '../../log.ts';
import type { Paper } from '../../papers/paper.ts';
import { channelGoneReason } from '../channels/channel-errors.ts';
import type { FeedbackStore } from '../feedback/feedback-store.ts';
import { isHidden } from '../feedback/paper-keys.ts';
import { type LearnedProfile, learnedScorer } from '../learning/learned-scoring.ts';
import type { DigestLearner } from '../learning/learner.ts';
import type { VoteSimilarity } from '../learning/vote-similarity.ts';
import { candidateWindow, lastDigestAt } from '../planning/candidate-window.ts';
import { type CandidateService, gatherCandidates } from '../planning/candidates.ts';
import { digestMessages, paperIdsOf, planDigest } from '../planning/plan.ts';
import { rankPapers } from '../planning/ranking/rank.ts';
import { denseScoresOrLexical, type TopicSimilarity } from '../planning/topic-similarity.ts';
import type { DigestLedger, DigestRun } from '../storage/ledger.ts';
import type { SubscriptionStore } from '../storage/subscriptions.ts';
import type { DigestDelivery, DigestMessage, DigestPlan, DigestSources, Subscription } from '../types.ts';
import { digestNonce } from './digest-nonce.ts';
import type { RunLease } from './run-claims.ts';

const MINUTE_MS = 60_000;
/** Backoff between attempts of one day's digest (source down, Discord 5xx): ~8 h in all. */
export const RETRY_DELAYS_MS: readonly number[] = [5, 15, 30, 60, 120, 240].map((m) => m * MINUTE_MS);

const SERVICE_NAMES: Readonly<Record<CandidateService, string>> = { huggingface: 'Hugging Face', arxiv: 'arXiv' };

export type RunOutcome =
  | { readonly kind: 'done'; readonly posted: number }
  | { readonly kind: 'retry'; readonly at: number; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'paused'; readonly reason: string }
  /** Another process holds the run now (it took over an expired lease) or has finished it. */
  | { readonly kind: 'taken-over'; readonly reason: string };

export interface DigestRunnerDeps {
  readonly subscriptions: SubscriptionStore;
  readonly ledger: DigestLedger;
  readonly sources: DigestSources;
  readonly library?: Pick<Library, 'upsert'>;
  readonly llm?: Pick<Llm, 'tldr'>;
  /** Embedding similarity to blend into the ranking; lexical only when absent or failing. */
  readonly similarity?: TopicSimilarity;
  /** The channel's "Not interested" list: those papers (any version) are never planned. */
  readonly feedback?: Pick<FeedbackStore, 'hiddenKeys'>;
  /** What each subscription learned from its votes; ranked by topics alone when absent. */
  readonly learner?: Pick<DigestLearner, 'profile' | 'observeCandidates'>;
  /** Embedding similarity to the voted papers, for the learned ranking; lexical only when absent or failing. */
  readonly voteSimilarity?: VoteSimilarity;
  readonly delivery: DigestDelivery;
  readonly clock: Clock;
  readonly log: Logger;
  readonly whenEmpty: 'notice' | 'silent';
  /** The backoff between attempts; RETRY_DELAYS_MS by default (tests shorten it). */
  readonly retryDelaysMs?: readonly number[];
}

export interface DigestRunner {
  /**
   * Plans (once) and posts a claimed run, resuming after the last recorded message; a message an
   * earlier attempt may have sent unrecorded is looked for in the channel first. Checks before
   * each send that `lease` is still held. Never throws for a source or Discord failure.
   */
  execute(subscription: Subscription, run: DigestRun, lease: Pick<RunLease, 'held'>): Promise<RunOutcome>;
  /**
   * Schedules the run's next attempt after the backoff (RETRY_DELAYS_MS), or, past the last one,
   * finishes it as failed and logs at error.
   */
  retryOrFail(subscriptionId: string, localDate: string, reason: string): Promise<RunOutcome>;
  /** The plan a run due at `dueAt` would get now, without touching the ledger (previews, dry runs). */
  preview(
    subscription: Subscription,
    localDate: string,
    dueAt: number,
  ): Promise<{ plan: DigestPlan; messages: DigestMessage[] }>;
}

export function createDigestRunner(deps: DigestRunnerDeps): DigestRunner {
  const { ledger, subscriptions, clock, whenEmpty, retryDelaysMs = RETRY_DELAYS_MS } = deps;
  const log = deps.log.child({ module: 'digest' });

  async function buildPlan(
    subscription: Subscription,
    localDate: string,
    dueAt: number,
    lastAttempt: boolean,
  ): Promise<{ plan: DigestPlan; candidates: readonly Paper[] } | { retry: string }> {
    const candidates = await gatherCandidates(
      { sources: deps.sources, ...(deps.library ? { library: deps.library } : {}), log },
      subscription,
      candidateWindow(dueAt, await lastDigestAt(ledger, subscription.id, { localDate, dueAt })),
    );
    const failed = candidates.failures.map((f) => SERVICE_NAMES[f.service]);
    if (failed.length > 0 && !lastAttempt) return { retry: `${failed.join(' and ')} did not answer` };
    const dense = await denseScoresOrLexical(deps.similarity, subscription, candidates.papers, log, {
      subscriptionId: subscription.id,
      localDate,
    });
    const profile = await profileOrTopics(subscription.id);
    const votes = profile && (await voteScoresOrNone(subscription.id, profile, candidates.papers, dueAt));
    const learned = learnedScorer(profile, votes);
    const ranked = rankPapers(candidates.papers, {
      ...subscription,
      asOf: dueAt,
      ...(dense ? { dense } : {}),
      ...(learned ? { learned } : {}),
    });
    const posted = await ledger.postedElsewhere(
      subscription.channelId,
      ranked.map((entry) => entry.paper.id),
      { subscriptionId: subscription.id, localDate },
    );
    const hidden = (await deps.feedback?.hiddenKeys(subscription.channelId)) ?? new Set<string>();
    // min_score: on a quiet day fewer papers pass, on an empty one none (and the plan says "nothing today").
    const fresh = ranked.filter(
      (entry) =>
        !posted.has(entry.paper.id) && !isHidden(entry.paper, hidden) && entry.confidence >= subscription.minScore,
    );
    const notices = failed.length > 0 ? [`${failed.join(' and ')} did not answer today.`] : [];
    const planDeps = { ...(deps.llm ? { llm: deps.llm } : {}), ...(profile ? { profile } : {}), log };
    return { plan: await planDigest(planDeps, fresh, subscription.maxPapers, notices), candidates: candidates.papers };
  }

  // A digest never fails for the learner: without its profile it ranks by the topics, as before votes.
  async function profileOrTopics(subscriptionId: string): Promise<LearnedProfile | undefined> {
    try {
      return await deps.learner?.profile(subscriptionId);
    } catch (error) {
      log.warn({ err: error, subscriptionId }, 'learned profile unavailable; digest ranked by its topics');
      return undefined;
    }
  }

  // Like the topic embeddings: a digest never waits on, or fails for, the embeddings endpoint.
  async function voteScoresOrNone(
    subscriptionId: string,
    profile: LearnedProfile,
    papers: readonly Paper[],
    now: number,
  ): Promise<ReadonlyMap<string, number> | undefined> {
    if (!deps.voteSimilarity) return undefined;
    try {
      return await deps.voteSimilarity.scores(profile, papers, now);
    } catch (error) {
      log.warn({ err: error, subscriptionId }, 'embeddings unavailable; learned ranking without similarity to votes');
      return undefined;
    }
  }

  // The planned day's candidates become the model's soft negatives; losing them costs nothing but a sample.
  async function observe(subscriptionId: string, candidates: readonly Paper[]): Promise<void> {
    try {
      await deps.learner?.observeCandidates(subscriptionId, candidates);
    } catch (error) {
      log.warn({ err: error, subscriptionId }, 'digest candidates not recorded for learning');
    }
  }

  async function retryOrFail(subscriptionId: string, localDate: string, reason: string): Promise<RunOutcome> {
    const attempts = (await ledger.getRun(subscriptionId, localDate))?.attempts ?? 0;
    const delay = retryDelaysMs[attempts];
    if (delay === undefined) {
      await ledger.finish(subscriptionId, localDate, 'failed', reason);
      log.error({ subscriptionId, localDate, reason, attempts: attempts + 1 }, 'digest gave up');
      return { kind: 'failed', reason };
    }
    const at = clock.now() + delay;
    await ledger.retryLater(subscriptionId, localDate, at, reason);
    log.warn({ subscriptionId, localDate, reason, attempt: attempts + 1 }, 'digest will retry');
    return { kind: 'retry', at, reason };
  }

  function takenOver(key: { subscriptionId: string; localDate: string }, reason: string): RunOutcome {
    log.warn({ ...key, reason }, 'digest left to another process');
    return { kind: 'taken-over', reason };
  }

  return {
    async execute(subscription, claimed, lease) {
      const key = { subscriptionId: claimed.subscriptionId, localDate: claimed.localDate };
      // Read again now that the run is claimed: another process may have moved it on since it was listed.
      const run = (await ledger.getRun(key.subscriptionId, key.localDate)) ?? claimed;
      if (run.status !== 'pending' && run.status !== 'posting') {
        return takenOver(key, `another process finished this digest (${run.status})`);
      }
      let plan = run.plan;
      if (!plan) {
        const built = await buildPlan(
          subscription,
          run.localDate,
          run.scheduledAt,
          run.attempts >= retryDelaysMs.length,
        );
        if ('retry' in built) return retryOrFail(key.subscriptionId, key.localDate, built.retry);
        plan = await ledger.savePlan(key.subscriptionId, key.localDate, built.plan);
        await observe(key.subscriptionId, built.candidates);
      }
      const messages = digestMessages(subscription, run.localDate, plan, whenEmpty);
      let after: string | undefined;
      let posted = 0;
      for (const message of messages) {
        // Another holder may have recorded messages since this one started.
        const recorded = await ledger.recordedPost(key.subscriptionId, key.localDate, message.seq);
        if (recorded) {
          after = recorded.messageId;
          continue;
        }
        // The fence: a holder that lost its lease (it stalled past it) must not send.
        if (!(await lease.held())) return takenOver(key, 'another process took over this digest');
        const nonce = digestNonce(key.subscriptionId, key.localDate, message.seq);
        let messageId: string | undefined;
        try {
          if (run.sending?.seq === message.seq) {
            messageId = (
              await deps.delivery.findPosted(subscription.channelId, message, {
                nonce,
                after,
                sentSince: run.sending.at,
              })
            )?.messageId;
            if (messageId)
              log.info({ ...key, seq: message.seq, messageId }, 'digest message was already in the channel');
          }
          if (messageId === undefined) {
            await ledger.markSending(key.subscriptionId, key.localDate, message.seq);
            ({ messageId } = await deps.delivery.post(subscription.channelId, message, nonce));
          }
        } catch (error) {
          const gone = channelGoneReason(error);
          if (gone) {
            await subscriptions.pause(subscription.id, gone);
            await ledger.finish(key.subscriptionId, key.localDate, 'failed', gone);
            log.warn(
              { err: error, ...key, channelId: subscription.channelId },
              'digest channel unavailable; subscription paused',
            );
            return { kind: 'paused', reason: gone };
          }
          log.warn({ err: error, ...key, seq: message.seq }, 'digest post failed');
          return retryOrFail(key.subscriptionId, key.localDate, `posting message ${message.seq} failed`);
        }
        // Recorded right after Discord accepted it: a restart resumes at the next seq.
        const outcome = await ledger.recordPost({
          ...key,
          channelId: subscription.channelId,
          seq: message.seq,
          messageId,
          paperIds: paperIdsOf(message),
        });
        if (outcome.kind === 'already-recorded') {
          // Only when a lease lapsed while its holder was mid-send: the channel shows this message twice.
          if (outcome.messageId !== messageId) {
            log.error(
              { ...key, seq: message.seq, messageId, recordedMessageId: outcome.messageId },
              'digest message posted twice',
            );
          }
          after = outcome.messageId;
          continue;
        }
        after = messageId;
        posted++;
      }
      await ledger.finish(key.subscriptionId, key.localDate, 'done');
      log.info({ ...key, posted, papers: plan.papers.length }, 'digest posted');
      return { kind: 'done', posted };
    },
    retryOrFail,
    async preview(subscription, localDate, dueAt) {
      const built = await buildPlan(subscription, localDate, dueAt, true);
      const plan = 'plan' in built ? built.plan : { papers: [], matched: 0, notices: [built.retry] };
      return { plan, messages: digestMessages(subscription, localDate, plan, 'notice') };
    },
  };
}
