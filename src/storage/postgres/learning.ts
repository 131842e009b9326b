import type { Pool } from 'pg';
import type { LearningStore } from '../../digest/learning/learning-store.ts';
import { exampleColumns, parseStored } from '../../digest/learning/learning-store.ts';
import { transaction } from './transaction.ts';

/**
 * The digest learner's LearningStore in PostgreSQL (migration 006), shared by every node. A save
 * first moves the model row to the next version, and only if it still holds the version the
 * learner read: a vote on node A and a digest planned on node B at once both start from version
 * n, one of them writes n + 1, and the other is told to compute again from it.
 */
export function createPostgresLearningStore({ pool }: { readonly pool: Pool }): LearningStore {
  return {
    async version(subscriptionId) {
      const { rows } = await pool.query<{ version: number }>(
        'SELECT version FROM learning_models WHERE subscription_id = $1',
        [subscriptionId],
      );
      return rows[0]?.version ?? 0;
    },

    load(subscriptionId) {
      // One transaction, so the rows belong to one version while other nodes write.
      return transaction(pool, async (client) => {
        const model = await client.query<{ version: number; background_seen: number; model: string }>(
          'SELECT version, background_seen, model::text AS model FROM learning_models WHERE subscription_id = $1',
          [subscriptionId],
        );
        const votes = await client.query<{
          paperId: string;
          title: string;
          features: string;
          vote: number;
          at: string;
        }>(
          `SELECT paper_id AS "paperId", title, features::text AS features, net_vote AS vote, voted_at AS at
           FROM learning_examples WHERE subscription_id = $1 ORDER BY voted_at, paper_id`,
          [subscriptionId],
        );
        const background = await client.query<{ slot: number; paperId: string; features: string }>(
          `SELECT slot, paper_id AS "paperId", features::text AS features FROM learning_background
           WHERE subscription_id = $1 ORDER BY slot`,
          [subscriptionId],
        );
        const row = model.rows[0];
        return parseStored({
          version: row?.version ?? 0,
          backgroundSeen: row?.background_seen ?? 0,
          // bigint comes back as text.
          votes: votes.rows.map((v) => ({ ...v, at: Number(v.at) })),
          background: background.rows,
          model: row?.model,
        });
      });
    },

    save(subscriptionId, expected, write) {
      return transaction(pool, async (client) => {
        // The row lock this takes orders racing saves: the later one finds the version moved.
        const moved = await client.query(
          `INSERT INTO learning_models (subscription_id, version, background_seen, model, updated_at)
           VALUES ($1, $2::integer + 1, $3, $4, $5)
           ON CONFLICT (subscription_id) DO UPDATE SET version = excluded.version,
             background_seen = excluded.background_seen, model = excluded.model, updated_at = excluded.updated_at
           WHERE learning_models.version = $2`,
          [subscriptionId, expected, write.backgroundSeen, JSON.stringify(write.model), write.at],
        );
        if (moved.rowCount !== 1) return false;
        if (write.clear) {
          await client.query('DELETE FROM learning_examples WHERE subscription_id = $1', [subscriptionId]);
          await client.query('DELETE FROM learning_background WHERE subscription_id = $1', [subscriptionId]);
        }
        const { example } = write;
        if (example) {
          await client.query(
            `INSERT INTO learning_examples (subscription_id, paper_id, title, features, net_vote, voted_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (subscription_id, paper_id) DO UPDATE SET title = excluded.title,
               features = excluded.features, net_vote = excluded.net_vote, voted_at = excluded.voted_at`,
            [...exampleColumns(subscriptionId, example)],
          );
        }
        if (write.unsample !== undefined) {
          await client.query('DELETE FROM learning_background WHERE subscription_id = $1 AND paper_id = $2', [
            subscriptionId,
            write.unsample,
          ]);
        }
        const sample = write.sample ?? [];
        if (sample.length > 0) {
          await client.query(
            `INSERT INTO learning_background (subscription_id, slot, paper_id, features, seen_at)
             SELECT $1, slot, paper_id, features::json, $5 FROM unnest($2::integer[], $3::text[], $4::text[])
               AS t(slot, paper_id, features)
             ON CONFLICT (subscription_id, slot) DO UPDATE SET paper_id = excluded.paper_id,
               features = excluded.features, seen_at = excluded.seen_at`,
            [
              subscriptionId,
              sample.map((b) => b.slot),
              sample.map((b) => b.paperId),
              sample.map((b) => JSON.stringify(b.features)),
              write.at,
            ],
          );
        }
        return true;
      });
    },
  };
}
