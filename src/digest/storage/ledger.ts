import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../library/database.ts';
import { transaction } from '../../sqlite/transaction.ts';
import type { DigestPlan } from '../types.ts';

export type RunStatus = 'pending' | 'posting' | 'done' | 'skipped' | 'failed';

/** One (subscription, local date): the unit that is posted exactly once. */
export interface DigestRun {
  readonly subscriptionId: string;
  readonly localDate: string;
  readonly status: RunStatus;
  /** When the digest was due (ms since epoch). */
  readonly scheduledAt: number;
  /** Fixed once planned; undefined while candidates are still being gathered. */
  readonly plan: DigestPlan | undefined;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly error: string | undefined;
  /**
   * The message an attempt was sending when it stopped: set just before the send, cleared when the
   * message is recorded. Present on a run means a crash (or a lost answer) may have left that
   * message in the channel unrecorded.
   */
  readonly sending: { readonly seq: number; readonly at: number } | undefined;
}

/** What recording an accepted message found. */
export type RecordOutcome =
  | { readonly kind: 'recorded' }
  /** Another attempt recorded this seq first; `messageId` is the one it recorded. */
  | { readonly kind: 'already-recorded'; readonly messageId: string };

export interface RecordedPost {
  readonly seq: number;
  readonly messageId: string;
  readonly paperId: string | undefined;
}

/** A digest_runs row as SQL returns it (the plan as JSON text, times as ISO-8601 text). */
export interface RunRow {
  readonly subscription_id: string;
  readonly local_date: string;
  readonly status: RunStatus;
  readonly scheduled_at: string;
  readonly planned: string | null;
  readonly attempts: number;
  readonly next_attempt_at: string;
  readonly error: string | null;
  readonly sending_seq: number | null;
  readonly sending_at: string | null;
}

const PlannedPaperSchema = z.object({
  id: z.string(),
  title: z.string(),
  url: z.string().optional(),
  upvotes: z.number().optional(),
  matchedTerms: z.array(z.string()),
  // Added with the learning ranker (migration 008); plans stored before it have none.
  likedPaper: z.object({ id: z.string(), title: z.string() }).optional(),
  tldr: z.string(),
});
const PlanSchema = z.object({ papers: z.array(PlannedPaperSchema), matched: z.number(), notices: z.array(z.string()) });

/**
 * The posting ledger (tables digest_runs, digest_posts, digest_posted_papers). Inserting a run row
 * claims the day; each message is recorded right after Discord accepted it, so a restarted process
 * knows exactly which messages of a digest are out.
 */
export interface DigestLedger {
  getRun(subscriptionId: string, localDate: string): Promise<DigestRun | undefined>;
  /** Inserts the run unless it exists; true when this call created it. */
  createRun(run: {
    subscriptionId: string;
    localDate: string;
    scheduledAt: number;
    status: 'pending' | 'skipped';
    error?: string;
  }): Promise<boolean>;
  /** Runs that are pending or posting and whose next attempt is due, oldest first. */
  dueRuns(nowMs: number): Promise<DigestRun[]>;
  /**
   * Stores the plan and moves the run to `posting`, unless a plan is already stored; returns the
   * plan that is in effect, so two planners of one run always post the same papers.
   */
  savePlan(subscriptionId: string, localDate: string, plan: DigestPlan): Promise<DigestPlan>;
  /** Notes that message `seq` is about to be sent (write-ahead: see DigestRun.sending). */
  markSending(subscriptionId: string, localDate: string, seq: number): Promise<void>;
  /**
   * Records one accepted message (and the papers it showed) in one transaction, and clears the
   * run's `sending` mark. A seq recorded already is left as it is and reported, never an error.
   */
  recordPost(post: {
    subscriptionId: string;
    localDate: string;
    channelId: string;
    seq: number;
    messageId: string;
    paperIds: readonly string[];
  }): Promise<RecordOutcome>;
  posts(subscriptionId: string, localDate: string): Promise<RecordedPost[]>;
  /** The recorded message `seq` of a run, if any. */
  recordedPost(subscriptionId: string, localDate: string, seq: number): Promise<RecordedPost | undefined>;
  /** Schedules another attempt (attempts + 1) with the error that prevented this one. */
  retryLater(subscriptionId: string, localDate: string, nextAttemptAt: number, error: string): Promise<void>;
  finish(
    subscriptionId: string,
    localDate: string,
    status: 'done' | 'skipped' | 'failed',
    error?: string,
  ): Promise<void>;
  /**
   * The ids among `paperIds` already shown in the channel by another digest (an earlier day, or an
   * earlier subscription of the same channel); the run itself does not count.
   */
  postedElsewhere(
    channelId: string,
    paperIds: readonly string[],
    current: { subscriptionId: string; localDate: string },
  ): Promise<Set<string>>;
}

export function createDigestLedger(deps: { readonly db: Database; readonly clock: Clock }): DigestLedger {
  const { db, clock } = deps;
  const iso = (ms: number) => new Date(ms).toISOString();
  const getRun = db.prepare('SELECT * FROM digest_runs WHERE subscription_id = ? AND local_date = ?');
  const readRun = (subscriptionId: string, localDate: string) =>
    toRun(getRun.get(subscriptionId, localDate) as RunRow | undefined);
  const readPost = (subscriptionId: string, localDate: string, seq: number): RecordedPost | undefined => {
    const row = db
      .prepare(
        'SELECT seq, message_id, paper_id FROM digest_posts WHERE subscription_id = ? AND local_date = ? AND seq = ?',
      )
      .get(subscriptionId, localDate, seq) as PostRow | undefined;
    return row ? toPost(row) : undefined;
  };

  // node:sqlite is synchronous: each method does its work (and its transaction) before its promise
  // settles, so no other caller interleaves inside one.
  return {
    getRun: async (subscriptionId, localDate) => readRun(subscriptionId, localDate),
    async createRun({ subscriptionId, localDate, scheduledAt, status, error }) {
      const now = iso(clock.now());
      const result = db
        .prepare(
          `INSERT OR IGNORE INTO digest_runs
             (subscription_id, local_date, status, scheduled_at, attempts, next_attempt_at, error, created_at, updated_at)
           VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)`,
        )
        .run(subscriptionId, localDate, status, iso(scheduledAt), iso(scheduledAt), error ?? null, now, now);
      return Number(result.changes) === 1;
    },
    async dueRuns(nowMs) {
      const rows = db
        .prepare(
          `SELECT * FROM digest_runs WHERE status IN ('pending', 'posting') AND next_attempt_at <= ?
           ORDER BY next_attempt_at, subscription_id`,
        )
        .all(iso(nowMs)) as unknown as RunRow[];
      return rows.map((row) => toRunRequired(row));
    },
    async savePlan(subscriptionId, localDate, plan) {
      return transaction(db, () => {
        const current = readRun(subscriptionId, localDate);
        if (!current) throw new Error(`no digest run ${subscriptionId}/${localDate} to plan`);
        if (current.plan) return current.plan;
        db.prepare(
          `UPDATE digest_runs SET planned = ?, status = 'posting', updated_at = ?
           WHERE subscription_id = ? AND local_date = ?`,
        ).run(JSON.stringify(plan), iso(clock.now()), subscriptionId, localDate);
        return plan;
      });
    },
    async markSending(subscriptionId, localDate, seq) {
      db.prepare(
        `UPDATE digest_runs SET sending_seq = ?, sending_at = ?, updated_at = ?
         WHERE subscription_id = ? AND local_date = ?`,
      ).run(seq, iso(clock.now()), iso(clock.now()), subscriptionId, localDate);
    },
    async recordPost({ subscriptionId, localDate, channelId, seq, messageId, paperIds }) {
      return transaction(db, (): RecordOutcome => {
        const now = iso(clock.now());
        const inserted = db
          .prepare(
            `INSERT INTO digest_posts (subscription_id, local_date, seq, channel_id, paper_id, message_id, posted_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          )
          .run(
            subscriptionId,
            localDate,
            seq,
            channelId,
            paperIds.length === 1 ? (paperIds[0] ?? null) : null,
            messageId,
            now,
          );
        if (Number(inserted.changes) === 0) {
          const existing = readPost(subscriptionId, localDate, seq);
          if (!existing)
            throw new Error(`digest post ${subscriptionId}/${localDate}/${seq} conflicts but is not there`);
          return { kind: 'already-recorded', messageId: existing.messageId };
        }
        const insertPaper = db.prepare(
          `INSERT OR IGNORE INTO digest_posted_papers (channel_id, paper_id, local_date, subscription_id)
           VALUES (?, ?, ?, ?)`,
        );
        for (const paperId of paperIds) insertPaper.run(channelId, paperId, localDate, subscriptionId);
        db.prepare(
          `UPDATE digest_runs SET updated_at = ?,
             sending_seq = CASE WHEN sending_seq = ? THEN NULL ELSE sending_seq END,
             sending_at = CASE WHEN sending_seq = ? THEN NULL ELSE sending_at END
           WHERE subscription_id = ? AND local_date = ?`,
        ).run(now, seq, seq, subscriptionId, localDate);
        return { kind: 'recorded' };
      });
    },
    async posts(subscriptionId, localDate) {
      const rows = db
        .prepare(
          'SELECT seq, message_id, paper_id FROM digest_posts WHERE subscription_id = ? AND local_date = ? ORDER BY seq',
        )
        .all(subscriptionId, localDate) as unknown as PostRow[];
      return rows.map(toPost);
    },
    recordedPost: async (subscriptionId, localDate, seq) => readPost(subscriptionId, localDate, seq),
    async retryLater(subscriptionId, localDate, nextAttemptAt, error) {
      db.prepare(
        `UPDATE digest_runs SET attempts = attempts + 1, next_attempt_at = ?, error = ?, updated_at = ?
         WHERE subscription_id = ? AND local_date = ?`,
      ).run(iso(nextAttemptAt), error, iso(clock.now()), subscriptionId, localDate);
    },
    async finish(subscriptionId, localDate, status, error) {
      db.prepare(
        `UPDATE digest_runs SET status = ?, error = ?, updated_at = ? WHERE subscription_id = ? AND local_date = ?`,
      ).run(status, error ?? null, iso(clock.now()), subscriptionId, localDate);
    },
    async postedElsewhere(channelId, paperIds, current) {
      const found = new Set<string>();
      if (paperIds.length === 0) return found;
      const statement = db.prepare(
        `SELECT 1 FROM digest_posted_papers WHERE channel_id = ? AND paper_id = ?
           AND NOT (subscription_id = ? AND local_date = ?) LIMIT 1`,
      );
      for (const paperId of paperIds) {
        if (statement.get(channelId, paperId, current.subscriptionId, current.localDate)) found.add(paperId);
      }
      return found;
    },
  };
}

function toRun(row: RunRow | undefined): DigestRun | undefined {
  return row ? toRunRequired(row) : undefined;
}

export function toRunRequired(row: RunRow): DigestRun {
  return {
    subscriptionId: row.subscription_id,
    localDate: row.local_date,
    status: row.status,
    scheduledAt: Date.parse(row.scheduled_at),
    plan: row.planned ? PlanSchema.parse(JSON.parse(row.planned)) : undefined,
    attempts: row.attempts,
    nextAttemptAt: Date.parse(row.next_attempt_at),
    error: row.error ?? undefined,
    sending:
      row.sending_seq === null || row.sending_at === null
        ? undefined
        : { seq: row.sending_seq, at: Date.parse(row.sending_at) },
  };
}

export interface PostRow {
  readonly seq: number;
  readonly message_id: string;
  readonly paper_id: string | null;
}

export function toPost(row: PostRow): RecordedPost {
  return { seq: row.seq, messageId: row.message_id, paperId: row.paper_id ?? undefined };
}
