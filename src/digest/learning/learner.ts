import type { Clock } from '../../clock.ts';
import type { Database } from '../../library/database.ts';
import type { Paper } from '../../papers/paper.ts';
import { transaction } from '../../sqlite/transaction.ts';
import { dot, type FeatureVector, featuresOf } from './features.ts';
import type { LearnedProfile } from './learned-scoring.ts';
import { type LinearModel, strongestTerms, TOPICS_ONLY, train, type VotedExample } from './train.ts';
import type { SubscriptionLearner, VoteChange } from './types.ts';

/** Candidates kept per subscription as soft negatives (a reservoir sample of all it was offered). */
export const BACKGROUND_SIZE = 100;
// Liked papers an explanation may name: the most recent ones.
const LIKED_FOR_EXPLANATIONS = 50;
const SUMMARY_TERMS = 8;
const SUMMARY_TEACHERS = 5;

/** The learner as digest planning uses it, besides the feedback slice's contract. */
export interface DigestLearner extends SubscriptionLearner {
  /** What ranking needs; undefined while the subscription has no votes (it ranks by topics alone). */
  profile(subscriptionId: string): Promise<LearnedProfile | undefined>;
  /** Notes the candidates a digest was planned from: a random sample of them are the model's soft negatives. */
  observeCandidates(subscriptionId: string, papers: readonly Paper[]): Promise<void>;
}

export interface SubscriptionLearnerDeps {
  /** The library's database, where the ledger is (tables of migration 008). */
  readonly db: Database;
  readonly clock: Clock;
  /** For the background sample; seeded in tests and benchmarks. */
  readonly random?: () => number;
}

interface State {
  readonly version: number;
  readonly backgroundSeen: number;
  readonly votes: readonly VotedExample[];
  readonly background: ReadonlyArray<{
    readonly slot: number;
    readonly paperId: string;
    readonly features: FeatureVector;
  }>;
  readonly model: LinearModel;
}

interface ExampleRow {
  readonly paper_id: string;
  readonly title: string;
  readonly features: string;
  readonly net_vote: number;
  readonly voted_at: number;
}

/**
 * The per-subscription ranker's memory in SQLite. Each vote updates the paper's net vote and
 * retrains the subscription's small model in the same transaction (milliseconds: bench/learning.ts
 * measures it). Parsed state is cached per subscription and reloaded whenever the stored version
 * moved, so another process's votes are never missed.
 */
export function createSubscriptionLearner({ db, clock, random = Math.random }: SubscriptionLearnerDeps): DigestLearner {
  const cache = new Map<string, State>();
  const versionOf = db.prepare('SELECT version, background_seen FROM learning_models WHERE subscription_id = ?');
  const examplesOf = db.prepare(
    'SELECT paper_id, title, features, net_vote, voted_at FROM learning_examples WHERE subscription_id = ? ORDER BY voted_at, paper_id',
  );
  const backgroundOf = db.prepare(
    'SELECT slot, paper_id, features FROM learning_background WHERE subscription_id = ? ORDER BY slot',
  );
  const modelOf = db.prepare('SELECT model FROM learning_models WHERE subscription_id = ?');
  const upsertExample = db.prepare(
    `INSERT INTO learning_examples (subscription_id, paper_id, title, features, net_vote, voted_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (subscription_id, paper_id) DO UPDATE SET
       title = excluded.title, features = excluded.features, net_vote = excluded.net_vote, voted_at = excluded.voted_at`,
  );
  const deleteBackgroundPaper = db.prepare(
    'DELETE FROM learning_background WHERE subscription_id = ? AND paper_id = ?',
  );
  const putBackground = db.prepare(
    `INSERT INTO learning_background (subscription_id, slot, paper_id, features, seen_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (subscription_id, slot) DO UPDATE SET
       paper_id = excluded.paper_id, features = excluded.features, seen_at = excluded.seen_at`,
  );
  const saveModel = db.prepare(
    `INSERT INTO learning_models (subscription_id, version, background_seen, model, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (subscription_id) DO UPDATE SET
       version = excluded.version, background_seen = excluded.background_seen, model = excluded.model,
       updated_at = excluded.updated_at`,
  );

  function load(subscriptionId: string): State {
    const row = versionOf.get(subscriptionId) as { version: number; background_seen: number } | undefined;
    const version = row?.version ?? 0;
    const cached = cache.get(subscriptionId);
    if (cached && cached.version === version) return cached;
    const votes = (examplesOf.all(subscriptionId) as unknown as ExampleRow[]).map(
      (r): VotedExample => ({
        paperId: r.paper_id,
        title: r.title,
        features: JSON.parse(r.features) as FeatureVector,
        vote: r.net_vote,
        at: r.voted_at,
      }),
    );
    const background = (
      backgroundOf.all(subscriptionId) as unknown as Array<{ slot: number; paper_id: string; features: string }>
    ).map((r) => ({ slot: r.slot, paperId: r.paper_id, features: JSON.parse(r.features) as FeatureVector }));
    const stored = modelOf.get(subscriptionId) as { model: string } | undefined;
    const model = stored ? (JSON.parse(stored.model) as LinearModel) : TOPICS_ONLY;
    const state = { version, backgroundSeen: row?.background_seen ?? 0, votes, background, model };
    cache.set(subscriptionId, state);
    return state;
  }

  // Retrains and stores the model with the next version; the caller holds the transaction.
  function commit(subscriptionId: string, state: Omit<State, 'version' | 'model'>, previous: number): State {
    const model = train(
      state.votes,
      state.background.map((b) => b.features),
      clock.now(),
    );
    const next: State = { ...state, version: previous + 1, model };
    saveModel.run(subscriptionId, next.version, next.backgroundSeen, JSON.stringify(model), clock.now());
    cache.set(subscriptionId, next);
    return next;
  }

  return {
    async recordVote(change: VoteChange) {
      const { subscriptionId, paper } = change;
      transaction(db, () => {
        const state = load(subscriptionId);
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
        upsertExample.run(subscriptionId, paper.id, paper.title, JSON.stringify(example.features), net, change.at);
        const votes = [...state.votes.filter((v) => v.paperId !== paper.id), example];
        // A voted paper is judged: it is no soft negative any more.
        deleteBackgroundPaper.run(subscriptionId, paper.id);
        const background = state.background.filter((b) => b.paperId !== paper.id);
        commit(subscriptionId, { backgroundSeen: state.backgroundSeen, votes, background }, state.version);
      });
    },

    async observeCandidates(subscriptionId, papers) {
      transaction(db, () => {
        const state = load(subscriptionId);
        const voted = new Set(state.votes.map((v) => v.paperId));
        const slots = new Map(state.background.map((b) => [b.slot, b]));
        const present = new Set(state.background.map((b) => b.paperId));
        let seen = state.backgroundSeen;
        const now = clock.now();
        // Reservoir sampling (Vitter's algorithm R): every candidate ever offered is equally likely to be kept.
        for (const paper of papers) {
          if (voted.has(paper.id) || present.has(paper.id)) continue;
          seen++;
          const slot = seen <= BACKGROUND_SIZE ? seen - 1 : Math.floor(random() * seen);
          if (slot >= BACKGROUND_SIZE) continue;
          const features = featuresOf(paper);
          const replaced = slots.get(slot);
          if (replaced) present.delete(replaced.paperId);
          slots.set(slot, { slot, paperId: paper.id, features });
          present.add(paper.id);
          putBackground.run(subscriptionId, slot, paper.id, JSON.stringify(features), now);
        }
        const background = [...slots.values()].sort((a, b) => a.slot - b.slot);
        commit(subscriptionId, { backgroundSeen: seen, votes: state.votes, background }, state.version);
      });
    },

    async profile(subscriptionId) {
      const state = load(subscriptionId);
      if (state.model.stage === 'topics') return undefined;
      const liked = state.votes
        .filter((v) => v.vote > 0)
        .slice(-LIKED_FOR_EXPLANATIONS)
        .map((v) => ({ paperId: v.paperId, title: v.title, features: v.features }));
      return { model: state.model, liked };
    },

    async describe(subscriptionId) {
      const { model, votes } = load(subscriptionId);
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

    async reset(subscriptionId) {
      transaction(db, () => {
        const previous = load(subscriptionId).version;
        db.prepare('DELETE FROM learning_examples WHERE subscription_id = ?').run(subscriptionId);
        db.prepare('DELETE FROM learning_background WHERE subscription_id = ?').run(subscriptionId);
        // The version keeps counting, so another process's cached copy is seen to be stale.
        commit(subscriptionId, { backgroundSeen: 0, votes: [], background: [] }, previous);
      });
    },
  };
}
