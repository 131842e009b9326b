import type { Pool } from 'pg';
import type { Clock } from '../../clock.ts';
import {
  type SubscriptionRow,
  type SubscriptionStore,
  settingsToValues,
  toSubscription,
} from '../../digest/storage/subscriptions.ts';
import { isoText } from './columns.ts';
import { transaction } from './transaction.ts';

const SELECT = `SELECT id, guild_id, channel_id, topics::text AS topics, exclude::text AS exclude, time, timezone,
  days, source, categories::text AS categories, min_upvotes, max_papers, style, min_score, paused_reason,
  created_by,
  ${isoText('created_at')}, ${isoText('updated_at')} FROM subscriptions`;

/** The subscription store on PostgreSQL: the same semantics as the SQLite one (subscriptions.ts). */
export function createPostgresSubscriptionStore(deps: {
  readonly pool: Pool;
  readonly clock: Clock;
  readonly newId: () => string;
}): SubscriptionStore {
  const { pool, clock, newId } = deps;
  const nowIso = () => new Date(clock.now()).toISOString();
  const one = async (sql: string, values: unknown[]) =>
    (await pool.query<SubscriptionRow>(sql, values)).rows.map(toSubscription)[0];

  return {
    subscribe({ guildId, channelId, createdBy, settings }) {
      return transaction(pool, async (client) => {
        const now = nowIso();
        const values = settingsToValues(settings);
        // The unique (guild, channel) row is locked by the upsert, so two nodes subscribing one
        // channel at once end with one subscription, the later settings winning.
        const { rows } = await client.query<{ id: string; created: boolean }>(
          `INSERT INTO subscriptions (topics, exclude, time, timezone, days, source, categories, min_upvotes,
             max_papers, style, min_score, id, guild_id, channel_id, created_by, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)
           ON CONFLICT (guild_id, channel_id) DO UPDATE SET topics = excluded.topics, exclude = excluded.exclude,
             time = excluded.time, timezone = excluded.timezone, days = excluded.days, source = excluded.source,
             categories = excluded.categories, min_upvotes = excluded.min_upvotes, max_papers = excluded.max_papers,
             style = excluded.style, min_score = excluded.min_score, paused_reason = NULL, updated_at = excluded.updated_at
           RETURNING id, (xmax = 0) AS created`,
          [...values, newId(), guildId, channelId, createdBy, now],
        );
        const row = rows[0];
        if (!row) throw new Error(`subscribing ${guildId}/${channelId} returned no row`);
        const subscription = (await client.query<SubscriptionRow>(`${SELECT} WHERE id = $1`, [row.id])).rows.map(
          toSubscription,
        )[0];
        if (!subscription) throw new Error(`subscription ${row.id} vanished inside its own transaction`);
        return { subscription, created: row.created };
      });
    },
    unsubscribe(guildId, channelId) {
      return transaction(pool, async (client) => {
        const { rows } = await client.query<{ id: string }>(
          'DELETE FROM subscriptions WHERE guild_id = $1 AND channel_id = $2 RETURNING id',
          [guildId, channelId],
        );
        const id = rows[0]?.id;
        if (id === undefined) return false;
        await client.query("DELETE FROM digest_runs WHERE subscription_id = $1 AND status IN ('pending', 'posting')", [
          id,
        ]);
        return true;
      });
    },
    get: (id) => one(`${SELECT} WHERE id = $1`, [id]),
    byChannel: (channelId) => one(`${SELECT} WHERE channel_id = $1 LIMIT 1`, [channelId]),
    // COLLATE "C" orders ids byte-wise, as SQLite does.
    list: async (guildId) =>
      (
        await pool.query<SubscriptionRow>(`${SELECT} WHERE guild_id = $1 ORDER BY created_at, id COLLATE "C"`, [
          guildId,
        ])
      ).rows.map(toSubscription),
    listActive: async () =>
      (await pool.query<SubscriptionRow>(`${SELECT} WHERE paused_reason IS NULL ORDER BY id COLLATE "C"`)).rows.map(
        toSubscription,
      ),
    async pause(id, reason) {
      await pool.query('UPDATE subscriptions SET paused_reason = $1, updated_at = $2 WHERE id = $3', [
        reason,
        nowIso(),
        id,
      ]);
    },
  };
}
