import type { Clock } from '../../clock.ts';
import type { Database } from '../../library/database.ts';
import { transaction } from '../../sqlite/transaction.ts';
import type { DigestDays, DigestSource, DigestStyle, Subscription, SubscriptionSettings } from '../types.ts';

/** A subscriptions row as SQL returns it (JSON columns as text, times as ISO-8601 text). */
export interface SubscriptionRow {
  readonly id: string;
  readonly guild_id: string;
  readonly channel_id: string;
  readonly topics: string;
  readonly exclude: string;
  readonly time: string;
  readonly timezone: string;
  readonly days: string;
  readonly source: string;
  readonly categories: string;
  readonly min_upvotes: number;
  readonly min_score: number;
  readonly max_papers: number;
  readonly style: string;
  readonly paused_reason: string | null;
  readonly created_by: string;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface SubscribeRequest {
  readonly guildId: string;
  readonly channelId: string;
  readonly createdBy: string;
  readonly settings: SubscriptionSettings;
}

/** Durable digest subscriptions: one per channel. */
export interface SubscriptionStore {
  /** Creates the channel's subscription, or replaces its settings (and un-pauses it) when one exists. */
  subscribe(request: SubscribeRequest): Promise<{ readonly subscription: Subscription; readonly created: boolean }>;
  /** Removes the channel's subscription and its unfinished runs; posted history stays. */
  unsubscribe(guildId: string, channelId: string): Promise<boolean>;
  get(id: string): Promise<Subscription | undefined>;
  byChannel(channelId: string): Promise<Subscription | undefined>;
  list(guildId: string): Promise<Subscription[]>;
  /** Every subscription that is not paused. */
  listActive(): Promise<Subscription[]>;
  pause(id: string, reason: string): Promise<void>;
}

export function createSubscriptionStore(deps: {
  readonly db: Database;
  readonly clock: Clock;
  readonly newId: () => string;
}): SubscriptionStore {
  const { db, clock, newId } = deps;
  const nowIso = () => new Date(clock.now()).toISOString();
  const select = 'SELECT * FROM subscriptions';
  const byGuildChannel = db.prepare(`${select} WHERE guild_id = ? AND channel_id = ?`);
  const byId = db.prepare(`${select} WHERE id = ?`);
  const mustGet = (id: string): Subscription => {
    const found = rowToSubscription(byId.get(id) as SubscriptionRow | undefined);
    if (!found) throw new Error(`subscription ${id} vanished inside its own transaction`);
    return found;
  };

  // Synchronous node:sqlite under async methods: each one's transaction completes before it settles.
  return {
    async subscribe({ guildId, channelId, createdBy, settings }) {
      return transaction(db, () => {
        const now = nowIso();
        const existing = byGuildChannel.get(guildId, channelId) as SubscriptionRow | undefined;
        const values = settingsToValues(settings);
        if (existing) {
          db.prepare(
            `UPDATE subscriptions SET topics = ?, exclude = ?, time = ?, timezone = ?, days = ?, source = ?,
              categories = ?, min_upvotes = ?, max_papers = ?, style = ?, min_score = ?, paused_reason = NULL,
              updated_at = ?
             WHERE id = ?`,
          ).run(...values, now, existing.id);
          return { subscription: mustGet(existing.id), created: false };
        }
        const id = newId();
        db.prepare(
          `INSERT INTO subscriptions (topics, exclude, time, timezone, days, source, categories, min_upvotes,
             max_papers, style, min_score, id, guild_id, channel_id, created_by, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(...values, id, guildId, channelId, createdBy, now, now);
        return { subscription: mustGet(id), created: true };
      });
    },
    async unsubscribe(guildId, channelId) {
      return transaction(db, () => {
        const existing = byGuildChannel.get(guildId, channelId) as SubscriptionRow | undefined;
        if (!existing) return false;
        db.prepare("DELETE FROM digest_runs WHERE subscription_id = ? AND status IN ('pending', 'posting')").run(
          existing.id,
        );
        db.prepare('DELETE FROM subscriptions WHERE id = ?').run(existing.id);
        return true;
      });
    },
    get: async (id) => rowToSubscription(byId.get(id) as SubscriptionRow | undefined),
    byChannel: async (channelId) =>
      rowToSubscription(db.prepare(`${select} WHERE channel_id = ?`).get(channelId) as SubscriptionRow | undefined),
    list: async (guildId) =>
      (
        db.prepare(`${select} WHERE guild_id = ? ORDER BY created_at, id`).all(guildId) as unknown as SubscriptionRow[]
      ).map(toSubscription),
    listActive: async () =>
      (db.prepare(`${select} WHERE paused_reason IS NULL ORDER BY id`).all() as unknown as SubscriptionRow[]).map(
        toSubscription,
      ),
    async pause(id, reason) {
      db.prepare('UPDATE subscriptions SET paused_reason = ?, updated_at = ? WHERE id = ?').run(reason, nowIso(), id);
    },
  };
}

/** The settings columns, in the order topics, exclude, time, timezone, days, source, categories, min_upvotes, max_papers, style. */
export function settingsToValues(s: SubscriptionSettings): Array<string | number> {
  return [
    JSON.stringify(s.topics),
    JSON.stringify(s.exclude),
    s.time,
    s.timezone,
    s.days,
    s.source,
    JSON.stringify(s.categories),
    s.minUpvotes,
    s.maxPapers,
    s.style,
    s.minScore,
  ];
}

function rowToSubscription(row: SubscriptionRow | undefined): Subscription | undefined {
  return row ? toSubscription(row) : undefined;
}

// The CHECK constraints in migration 003 guarantee the enum columns; JSON columns are ours.
export function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    topics: parseStringArray(row.topics),
    exclude: parseStringArray(row.exclude),
    time: row.time,
    timezone: row.timezone,
    days: row.days as DigestDays,
    source: row.source as DigestSource,
    categories: parseStringArray(row.categories),
    minUpvotes: row.min_upvotes,
    minScore: row.min_score,
    maxPapers: row.max_papers,
    style: row.style as DigestStyle,
    pausedReason: row.paused_reason ?? undefined,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function parseStringArray(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
