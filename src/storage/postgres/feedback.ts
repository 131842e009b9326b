import type { Pool, PoolClient } from 'pg';
import type { FeedbackStore, Tally, VoteRequest } from '../../digest/feedback/feedback-store.ts';
import { paperKeys } from '../../digest/feedback/paper-keys.ts';
import type { VoteValue } from '../../digest/learning/types.ts';
import { transaction } from './transaction.ts';

/**
 * The FeedbackStore in PostgreSQL (migration 002), shared by every node: the same toggling votes
 * and hidden lists as the SQLite store, each write one SERIALIZABLE transaction, so two members
 * clicking at once on two nodes both count.
 */
export function createPostgresFeedbackStore({ pool }: { readonly pool: Pool }): FeedbackStore {
  const currentVote = async (client: PoolClient, r: VoteRequest): Promise<VoteValue | 0> => {
    const { rows } = await client.query<{ value: number }>(
      'SELECT value FROM feedback_votes WHERE scope = $1 AND user_id = $2 AND paper_id = $3',
      [r.scope, r.userId, r.paperId],
    );
    const value = rows[0]?.value;
    return value === 1 ? 1 : value === -1 ? -1 : 0;
  };
  const setVote = async (client: PoolClient, r: VoteRequest, value: VoteValue | 0): Promise<void> => {
    if (value === 0) {
      await client.query('DELETE FROM feedback_votes WHERE scope = $1 AND user_id = $2 AND paper_id = $3', [
        r.scope,
        r.userId,
        r.paperId,
      ]);
      return;
    }
    await client.query(
      `INSERT INTO feedback_votes (scope, channel_id, user_id, paper_id, value, voted_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (scope, user_id, paper_id) DO UPDATE SET value = excluded.value, voted_at = excluded.voted_at,
         channel_id = excluded.channel_id`,
      [r.scope, r.channelId, r.userId, r.paperId, value, r.at],
    );
  };
  const tallies = async (client: Pool | PoolClient, scope: string, paperIds: readonly string[]) => {
    const { rows } = await client.query<{ paper_id: string; up: string; down: string }>(
      `SELECT paper_id, COUNT(*) FILTER (WHERE value = 1) AS up, COUNT(*) FILTER (WHERE value = -1) AS down
       FROM feedback_votes WHERE scope = $1 AND paper_id = ANY($2::text[]) GROUP BY paper_id`,
      [scope, [...new Set(paperIds)]],
    );
    return new Map<string, Tally>(rows.map((row) => [row.paper_id, { up: Number(row.up), down: Number(row.down) }]));
  };
  const tallyOf = async (client: PoolClient, scope: string, paperId: string): Promise<Tally> =>
    (await tallies(client, scope, [paperId])).get(paperId) ?? { up: 0, down: 0 };

  return {
    vote(request) {
      return transaction(pool, async (client) => {
        const previous = await currentVote(client, request);
        const value = previous === request.choice ? 0 : request.choice;
        await setVote(client, request, value);
        return { previous, value, tally: await tallyOf(client, request.scope, request.paperId) };
      });
    },
    hide({ paper, ...request }) {
      return transaction(pool, async (client) => {
        const vote = { ...request, paperId: paper.id };
        const previous = await currentVote(client, vote);
        await setVote(client, vote, -1);
        await client.query(
          `INSERT INTO feedback_hidden (channel_id, paper_key, paper_id, hidden_by, hidden_at)
           SELECT $1, key, $3, $4, $5 FROM unnest($2::text[]) AS t(key)
           ON CONFLICT (channel_id, paper_key) DO NOTHING`,
          [request.channelId, paperKeys(paper), paper.id, request.userId, request.at],
        );
        return { previous, value: -1 as const, tally: await tallyOf(client, request.scope, paper.id) };
      });
    },
    tallies: (scope, paperIds) => tallies(pool, scope, paperIds),
    async hiddenKeys(channelId) {
      const { rows } = await pool.query<{ paper_key: string }>(
        'SELECT paper_key FROM feedback_hidden WHERE channel_id = $1',
        [channelId],
      );
      return new Set(rows.map((row) => row.paper_key));
    },
    async counts(scope, channelId) {
      const votes = await pool.query<{ up: string; down: string; voters: string }>(
        `SELECT COUNT(*) FILTER (WHERE value = 1) AS up, COUNT(*) FILTER (WHERE value = -1) AS down,
           COUNT(DISTINCT user_id) AS voters FROM feedback_votes WHERE scope = $1`,
        [scope],
      );
      const hidden = await pool.query<{ n: string }>(
        'SELECT COUNT(DISTINCT paper_id) AS n FROM feedback_hidden WHERE channel_id = $1',
        [channelId],
      );
      const row = votes.rows[0];
      return {
        up: Number(row?.up ?? 0),
        down: Number(row?.down ?? 0),
        voters: Number(row?.voters ?? 0),
        hidden: Number(hidden.rows[0]?.n ?? 0),
      };
    },
    forget(channelId) {
      return transaction(pool, async (client) => {
        const votes = await client.query('DELETE FROM feedback_votes WHERE channel_id = $1', [channelId]);
        const hidden = await client.query<{ n: string }>(
          'SELECT COUNT(DISTINCT paper_id) AS n FROM feedback_hidden WHERE channel_id = $1',
          [channelId],
        );
        await client.query('DELETE FROM feedback_hidden WHERE channel_id = $1', [channelId]);
        return { votes: votes.rowCount ?? 0, hidden: Number(hidden.rows[0]?.n ?? 0) };
      });
    },
  };
}
