import type { Database } from '../../library/database.ts';
import { transaction } from '../../sqlite/transaction.ts';
import type { FeatureVector } from './features.ts';
import { type LinearModel, TOPICS_ONLY, type VotedExample } from './train.ts';

/** One slot of a subscription's background sample (soft negatives). */
export interface BackgroundEntry {
  readonly slot: number;
  readonly paperId: string;
  readonly features: FeatureVector;
}

/** Everything stored for one subscription; version 0 and the topics-only model before its first write. */
export interface StoredLearning {
  /** Counts every write: a node whose cached copy has another version reloads it. */
  readonly version: number;
  /** Candidates the background sample has been drawn from (reservoir sampling's n). */
  readonly backgroundSeen: number;
  /** Oldest vote first. */
  readonly votes: readonly VotedExample[];
  /** By slot. */
  readonly background: readonly BackgroundEntry[];
  readonly model: LinearModel;
}

/** One write of the learner: applied in this order, then the model is stored under the next version. */
export interface LearningWrite {
  /** Reset: every example and background paper is deleted first. */
  readonly clear?: true;
  /** Upserted (a paper's net vote). */
  readonly example?: VotedExample;
  /** A paper that left the background sample (it was voted on). */
  readonly unsample?: string;
  /** Slots (re)filled. */
  readonly sample?: readonly BackgroundEntry[];
  readonly backgroundSeen: number;
  readonly model: LinearModel;
  /** ms since the epoch. */
  readonly at: number;
}

/**
 * Where the per-subscription learner keeps its memory: the node's SQLite file, or PostgreSQL
 * (src/storage/postgres/learning.ts) so that every node learns from every vote. Writes are
 * optimistic: `save` lands only if the version is still the one the learner computed from, so a
 * vote on one node and a digest planned on another never overwrite each other's work.
 */
export interface LearningStore {
  /** The stored version (0: nothing stored): a cheap check of a cached copy. */
  version(subscriptionId: string): Promise<number>;
  load(subscriptionId: string): Promise<StoredLearning>;
  /**
   * Applies `write` and stores its model as version `expected + 1`, in one transaction, if the
   * stored version is still `expected`; otherwise writes nothing and returns false.
   */
  save(subscriptionId: string, expected: number, write: LearningWrite): Promise<boolean>;
}

/** A stored row's JSON columns as the learner uses them. */
export function parseStored(row: {
  readonly version: number;
  readonly backgroundSeen: number;
  readonly votes: ReadonlyArray<Omit<VotedExample, 'features'> & { readonly features: string }>;
  readonly background: ReadonlyArray<Omit<BackgroundEntry, 'features'> & { readonly features: string }>;
  readonly model: string | undefined;
}): StoredLearning {
  return {
    version: row.version,
    backgroundSeen: row.backgroundSeen,
    votes: row.votes.map((v) => ({ ...v, features: JSON.parse(v.features) as FeatureVector })),
    background: row.background.map((b) => ({ ...b, features: JSON.parse(b.features) as FeatureVector })),
    model: row.model === undefined ? TOPICS_ONLY : (JSON.parse(row.model) as LinearModel),
  };
}

/** An example's columns, in the order both stores write them: subscription, paper, title, features, net vote, time. */
export function exampleColumns(subscriptionId: string, example: VotedExample) {
  const { paperId, title, features, vote, at } = example;
  return [subscriptionId, paperId, title, JSON.stringify(features), vote, at] as const;
}

/** The LearningStore in the library's SQLite file (tables of migration 008). */
export function createSqliteLearningStore({ db }: { readonly db: Database }): LearningStore {
  const modelRowOf = db.prepare(
    'SELECT version, background_seen, model FROM learning_models WHERE subscription_id = ?',
  );
  const examplesOf = db.prepare(
    `SELECT paper_id AS paperId, title, features, net_vote AS vote, voted_at AS at FROM learning_examples
     WHERE subscription_id = ? ORDER BY voted_at, paper_id`,
  );
  const backgroundOf = db.prepare(
    'SELECT slot, paper_id AS paperId, features FROM learning_background WHERE subscription_id = ? ORDER BY slot',
  );
  const clearExamples = db.prepare('DELETE FROM learning_examples WHERE subscription_id = ?');
  const clearBackground = db.prepare('DELETE FROM learning_background WHERE subscription_id = ?');
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
  type ModelRow = { version: number; background_seen: number; model: string };
  const versionOf = (subscriptionId: string): number =>
    (modelRowOf.get(subscriptionId) as ModelRow | undefined)?.version ?? 0;

  return {
    version: async (subscriptionId) => versionOf(subscriptionId),
    async load(subscriptionId) {
      // One read transaction, so the rows belong to one version even with another process writing.
      return transaction(db, () => {
        const row = modelRowOf.get(subscriptionId) as ModelRow | undefined;
        return parseStored({
          version: row?.version ?? 0,
          backgroundSeen: row?.background_seen ?? 0,
          votes: examplesOf.all(subscriptionId) as unknown as Array<VotedExample & { features: string }>,
          background: backgroundOf.all(subscriptionId) as unknown as Array<BackgroundEntry & { features: string }>,
          model: row?.model,
        });
      });
    },
    async save(subscriptionId, expected, write) {
      return transaction(db, () => {
        if (versionOf(subscriptionId) !== expected) return false;
        if (write.clear) {
          clearExamples.run(subscriptionId);
          clearBackground.run(subscriptionId);
        }
        const { example } = write;
        if (example) {
          upsertExample.run(...exampleColumns(subscriptionId, example));
        }
        if (write.unsample !== undefined) deleteBackgroundPaper.run(subscriptionId, write.unsample);
        for (const b of write.sample ?? []) {
          putBackground.run(subscriptionId, b.slot, b.paperId, JSON.stringify(b.features), write.at);
        }
        saveModel.run(subscriptionId, expected + 1, write.backgroundSeen, JSON.stringify(write.model), write.at);
        return true;
      });
    },
  };
}
