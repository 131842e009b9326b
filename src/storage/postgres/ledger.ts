import type { Pool } from 'pg';
import type { Clock } from '../../clock.ts';
import {
  type DigestLedger,
  type PostRow,
  type RecordOutcome,
  type RunRow,
  toPost,
  toRunRequired,
} from '../../digest/storage/ledger.ts';
import { isoText } from './columns.ts';
import { transaction } from './transaction.ts';

const SELECT_RUN = `SELECT subscription_id, local_date, status, ${isoText('scheduled_at')}, planned::text AS planned,
  attempts, ${isoText('next_attempt_at')}, error, sending_seq, ${isoText('sending_at')} FROM digest_runs`;
const SELECT_POST = 'SELECT seq, message_id, paper_id FROM digest_posts WHERE subscription_id = $1 AND local_date = $2';

/**
 * The posting ledger on PostgreSQL, shared by every node: the same semantics as the SQLite ledger
 * (ledger.ts). The run row's primary key makes createRun exactly-once across nodes; savePlan and
 * recordPost lock the run row (FOR UPDATE) inside a transaction, so of two nodes planning or
 * recording the same run, the second sees what the first wrote.
 */
export function createPostgresLedger(deps: { readonly pool: Pool; readonly clock: Clock }): DigestLedger {
  const { pool, clock } = deps;
  const iso = (ms: number) => new Date(ms).toISOString();
  const runWhere = 'WHERE subscription_id = $1 AND local_date = $2';

  return {
    async getRun(subscriptionId, localDate) {
      const { rows } = await pool.query<RunRow>(`${SELECT_RUN} ${runWhere}`, [subscriptionId, localDate]);
      return rows[0] ? toRunRequired(rows[0]) : undefined;
    },
    async createRun({ subscriptionId, localDate, scheduledAt, status, error }) {
      const now = iso(clock.now());
      const result = await pool.query(
        `INSERT INTO digest_runs
           (subscription_id, local_date, status, scheduled_at, attempts, next_attempt_at, error, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 0, $4, $5, $6, $6) ON CONFLICT DO NOTHING`,
        [subscriptionId, localDate, status, iso(scheduledAt), error ?? null, now],
      );
      return result.rowCount === 1;
    },
    async dueRuns(nowMs) {
      const { rows } = await pool.query<RunRow>(
        `${SELECT_RUN} WHERE status IN ('pending', 'posting') AND next_attempt_at <= $1
         ORDER BY next_attempt_at, subscription_id COLLATE "C"`,
        [iso(nowMs)],
      );
      return rows.map(toRunRequired);
    },
    savePlan(subscriptionId, localDate, plan) {
      return transaction(pool, async (client) => {
        const { rows } = await client.query<RunRow>(`${SELECT_RUN} ${runWhere} FOR UPDATE`, [
          subscriptionId,
          localDate,
        ]);
        const current = rows[0] ? toRunRequired(rows[0]) : undefined;
        if (!current) throw new Error(`no digest run ${subscriptionId}/${localDate} to plan`);
        if (current.plan) return current.plan;
        await client.query(`UPDATE digest_runs SET planned = $3, status = 'posting', updated_at = $4 ${runWhere}`, [
          subscriptionId,
          localDate,
          JSON.stringify(plan),
          iso(clock.now()),
        ]);
        return plan;
      });
    },
    async markSending(subscriptionId, localDate, seq) {
      const now = iso(clock.now());
      await pool.query(`UPDATE digest_runs SET sending_seq = $3, sending_at = $4, updated_at = $4 ${runWhere}`, [
        subscriptionId,
        localDate,
        seq,
        now,
      ]);
    },
    recordPost({ subscriptionId, localDate, channelId, seq, messageId, paperIds }) {
      return transaction(pool, async (client): Promise<RecordOutcome> => {
        const now = iso(clock.now());
        const inserted = await client.query(
          `INSERT INTO digest_posts (subscription_id, local_date, seq, channel_id, paper_id, message_id, posted_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [
            subscriptionId,
            localDate,
            seq,
            channelId,
            paperIds.length === 1 ? (paperIds[0] ?? null) : null,
            messageId,
            now,
          ],
        );
        if (inserted.rowCount === 0) {
          const { rows } = await client.query<PostRow>(`${SELECT_POST} AND seq = $3`, [subscriptionId, localDate, seq]);
          const existing = rows[0];
          if (!existing)
            throw new Error(`digest post ${subscriptionId}/${localDate}/${seq} conflicts but is not there`);
          return { kind: 'already-recorded', messageId: existing.message_id };
        }
        if (paperIds.length > 0) {
          await client.query(
            `INSERT INTO digest_posted_papers (channel_id, paper_id, local_date, subscription_id)
             SELECT $1, paper_id, $3, $4 FROM unnest($2::text[]) AS paper_id ON CONFLICT DO NOTHING`,
            [channelId, [...paperIds], localDate, subscriptionId],
          );
        }
        await client.query(
          `UPDATE digest_runs SET updated_at = $4,
             sending_seq = CASE WHEN sending_seq = $3 THEN NULL ELSE sending_seq END,
             sending_at = CASE WHEN sending_seq = $3 THEN NULL ELSE sending_at END
           ${runWhere}`,
          [subscriptionId, localDate, seq, now],
        );
        return { kind: 'recorded' };
      });
    },
    async posts(subscriptionId, localDate) {
      const { rows } = await pool.query<PostRow>(`${SELECT_POST} ORDER BY seq`, [subscriptionId, localDate]);
      return rows.map(toPost);
    },
    async recordedPost(subscriptionId, localDate, seq) {
      const { rows } = await pool.query<PostRow>(`${SELECT_POST} AND seq = $3`, [subscriptionId, localDate, seq]);
      return rows[0] ? toPost(rows[0]) : undefined;
    },
    async retryLater(subscriptionId, localDate, nextAttemptAt, error) {
      await pool.query(
        `UPDATE digest_runs SET attempts = attempts + 1, next_attempt_at = $3, error = $4, updated_at = $5 ${runWhere}`,
        [subscriptionId, localDate, iso(nextAttemptAt), error, iso(clock.now())],
      );
    },
    async finish(subscriptionId, localDate, status, error) {
      await pool.query(`UPDATE digest_runs SET status = $3, error = $4, updated_at = $5 ${runWhere}`, [
        subscriptionId,
        localDate,
        status,
        error ?? null,
        iso(clock.now()),
      ]);
    },
    async postedElsewhere(channelId, paperIds, current) {
      if (paperIds.length === 0) return new Set<string>();
      const { rows } = await pool.query<{ paper_id: string }>(
        `SELECT DISTINCT paper_id FROM digest_posted_papers WHERE channel_id = $1 AND paper_id = ANY($2::text[])
           AND NOT (subscription_id = $3 AND local_date = $4)`,
        [channelId, [...paperIds], current.subscriptionId, current.localDate],
      );
      const found = new Set(rows.map((row) => row.paper_id));
      // In the order asked, as the SQLite ledger answers.
      return new Set(paperIds.filter((id) => found.has(id)));
    },
  };
}
