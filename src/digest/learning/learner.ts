import type { Clock } from '../../clock.ts';
import type { Database } from '../../library/database.ts';
import type { Paper } from '../../papers/paper.ts';
import { dot, featuresOf } from './features.ts';
import type { LearnedProfile } from './learned-scoring.ts';
import {
  type BackgroundEntry,
  createSqliteLearningStore,
  type LearningStore,
  type LearningWrite,
  type StoredLearning,
} from './learning-store.ts';
import { strongestTerms, train, type VotedExample } from './train.ts';
import type { SubscriptionLearner, VoteChange } from './types.ts';

/** Candidates kept per subscription as soft negatives (a reservoir sample of all it was offered). */
export const BACKGROUND_SIZE = 100;
// Liked (and disliked) papers a profile carries, the most recent: for explanations and embedding similarity.
const VOTED_FOR_PROFILE = 50;
const SUMMARY_TERMS = 8;
const SUMMARY_TEACHERS = 5;

/** The learner as digest planning uses it, besides the feedback slice's contract. */
export interface DigestLearner extends SubscriptionLearner {
  /** What ranking needs; undefined while the subscription has no votes (it ranks by topics alone). */
  profile(subscriptionId: string): Promise<LearnedProfile | undefined>;
  /** Notes the candidates a digest was planned from: a random sample of them are the model's soft negatives. */
  observeCandidates(subscriptionId: string, papers: readonly Paper[]): Promise<void>;
}

export type SubscriptionLearnerDeps = (
  | {
      /** Where the learner keeps its memory: SharedState's `learning`, on SQLite or PostgreSQL. */
      readonly store: LearningStore;
    }
  | {
      /** The library's database (tables of migration 008): the SQLite store on it. */
      readonly db: Database;
    }
) & {
  readonly clock: Clock;
  /** For the background sample; seeded in tests and benchmarks. */
  readonly random?: () => number;
};

/** The next state and the write that stores it, from the current state. */
type Change = (state: StoredLearning) => {
  readonly next: Pick<StoredLearning, 'backgroundSeen' | 'votes' | 'background'>;
  readonly write: Omit<LearningWrite, 'backgroundSeen' | 'model' | 'at'>;
};

// A write that lost to another node's (the version moved) is computed again from the new state;
// past this many losses in a row something is wrong, and the caller hears of it.
const SAVE_ATTEMPTS = 8;

/**
 * The per-subscription ranker's memory, in a LearningStore. Each vote updates the paper's net vote
 * and retrains the subscription's small model in one write (milliseconds: bench/learning.ts
 * measures it). Parsed state is cached per subscription and reloaded whenever the stored version
 * moved, so another node's votes are never missed; a write computed from a stale version is
 * refused by the store and redone.
 */
export function createSubscriptionLearner(deps: SubscriptionLearnerDeps): DigestLearner {
  const { clock, random = Math.random } = deps;
  const store = 'store' in deps ? deps.store : createSqliteLearningStore({ db: deps.db });
  const cache = new Map<string, StoredLearning>();
  const queues = new Map<string, Promise<void>>();

  async function load(subscriptionId: string): Promise<StoredLearning> {
    const version = await store.version(subscriptionId);
    const cached = cache.get(subscriptionId);
    if (cached && cached.version === version) return cached;
    const state = await store.load(subscriptionId);
    cache.set(subscriptionId, state);
    return state;
  }

  /** Saves `change` after this node's earlier writes to the subscription: racing ones here would only refuse each other. */
  function update(subscriptionId: string, change: Change): Promise<void> {
    const previous = queues.get(subscriptionId) ?? Promise.resolve();
    const done = previous.then(() => save(subscriptionId, change));
    const tail = done.catch(() => {});
    queues.set(subscriptionId, tail);
    void tail.then(() => {
      if (queues.get(subscriptionId) === tail) queues.delete(subscriptionId);
    });
    return done;
  }

  /**
   * Computes the next state from the current one (`change`), retrains, and saves it under the next
   * version; when another node wrote first, reloads and computes again.
   */
  async function save(subscriptionId: string, change: Change): Promise<void> {
    for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
      const state = await load(subscriptionId);
      const { next, write } = change(state);
      const now = clock.now();
      const model = train(
        next.votes,
        next.background.map((b) => b.features),
        now,
      );
      if (
        await store.save(subscriptionId, state.version, {
          ...write,
          backgroundSeen: next.backgroundSeen,
          model,
          at: now,
        })
      ) {
        cache.set(subscriptionId, { ...next, version: state.version + 1, model });
        return;
      }
      cache.delete(subscriptionId);
    }
    throw new Error(`learner: subscription ${subscriptionId} kept changing under ${SAVE_ATTEMPTS} writes in a row`);
  }

  return {
    recordVote(change: VoteChange) {
      const { subscriptionId, paper } = change;
      return update(subscriptionId, (state) => {
        const known = state.votes.find((v) => v.paperId === paper.id);
        // A paper the learner does not know (never voted, or forgotten by a reset) counts as the vote now stands.
        const net = known ? known.vote + change.value - change.previous : change.value;
        // A net vote of 0 stays as a row (it teaches nothing), so that the next change starts from it.
        const example: VotedExample = {
          paperId: paper.id,
          title: paper.title,
          features: known?.features ?? featuresOf(paper),
          vote: net,
          at: change.at,
        };
        const votes = [...state.votes.filter((v) => v.paperId !== paper.id), example];
        // A voted paper is judged: it is no soft negative any more.
        const background = state.background.filter((b) => b.paperId !== paper.id);
        return {
          next: { backgroundSeen: state.backgroundSeen, votes, background },
          write: { example, unsample: paper.id },
        };
      });
    },

    observeCandidates(subscriptionId, papers) {
      return update(subscriptionId, (state) => {
        const voted = new Set(state.votes.map((v) => v.paperId));
        const slots = new Map(state.background.map((b) => [b.slot, b]));
        const present = new Set(state.background.map((b) => b.paperId));
        const filled = new Map<number, BackgroundEntry>();
        let seen = state.backgroundSeen;
        // Reservoir sampling (Vitter's algorithm R): every candidate ever offered is equally likely to be kept.
        for (const paper of papers) {
          if (voted.has(paper.id) || present.has(paper.id)) continue;
          seen++;
          const slot = seen <= BACKGROUND_SIZE ? seen - 1 : Math.floor(random() * seen);
          if (slot >= BACKGROUND_SIZE) continue;
          const entry = { slot, paperId: paper.id, features: featuresOf(paper) };
          const replaced = slots.get(slot);
          if (replaced) present.delete(replaced.paperId);
          slots.set(slot, entry);
          filled.set(slot, entry);
          present.add(paper.id);
        }
        const background = [...slots.values()].sort((a, b) => a.slot - b.slot);
        return {
          next: { backgroundSeen: seen, votes: state.votes, background },
          write: { sample: [...filled.values()] },
        };
      });
    },

    async profile(subscriptionId) {
      const state = await load(subscriptionId);
      if (state.model.stage === 'topics') return undefined;
      const recent = (sign: number) =>
        state.votes
          .filter((v) => Math.sign(v.vote) === sign)
          .slice(-VOTED_FOR_PROFILE)
          .map((v) => ({ paperId: v.paperId, title: v.title, features: v.features, at: v.at }));
      return { model: state.model, liked: recent(1), disliked: recent(-1) };
    },

    async describe(subscriptionId) {
      const { model, votes } = await load(subscriptionId);
      const { positive, negative } = strongestTerms(model, SUMMARY_TERMS);
      // The voted papers that move the model most, in either direction.
      const teachers = votes
        .filter((v) => v.vote !== 0)
        .map((v) => ({ v, pull: Math.abs(dot(v.features, model.weights)) }))
        .sort((a, b) => b.pull - a.pull || (a.v.paperId < b.v.paperId ? -1 : 1))
        .slice(0, SUMMARY_TEACHERS)
        .map(({ v }) => ({ paperId: v.paperId, title: v.title, value: v.vote > 0 ? (1 as const) : (-1 as const) }));
      return {
        stage: model.stage,
        upvotes: model.upvotes,
        downvotes: model.downvotes,
        positive,
        negative,
        teachers,
      };
    },

    reset(subscriptionId) {
      // The version keeps counting, so another node's cached copy is seen to be stale.
      return update(subscriptionId, () => ({
        next: { backgroundSeen: 0, votes: [], background: [] },
        write: { clear: true },
      }));
    },
  };
}
