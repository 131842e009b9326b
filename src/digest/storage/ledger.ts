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
}

export interface RecordedPost {
  readonly seq: number;
  readonly messageId: string;
  readonly paperId: string | undefined;
}

interface RunRow {
  readonly subscription_id: string;
  readonly local_date: string;
  readonly status: RunStatus;
  readonly scheduled_at: string;
  readonly planned: string | null;
  readonly attempts: number;
  readonly next_attempt_at: string;
  readonly error: string | null;
}

const PlannedPaperSchema = z.object({
  id: z.string(),
  title: z.string(),
  url: z.string().optional(),
  upvotes: z.number().optional(),
  matchedTerms: z.array(z.string()),
  tldr: z.string(),
});
const PlanSchema = z.object({ papers: z.array(PlannedPaperSchema), matched: z.number(), notices: z.array(z.string()) });

/**
 * The posting ledger (tables digest_runs, digest_posts, digest_posted_papers). Inserting a run row
 * claims the day; each message is recorded right after Discord accepted it, so a restarted process
 * knows exactly which messages of a digest are out.
 */
export interface DigestLedger {
  getRun(subscriptionId: string, localDate: string): DigestRun | undefined;
  /** Inserts the run unless it exists; true when this call created it. */
  createRun(run: {
    subscriptionId: string;
    localDate: string;
    scheduledAt: number;
    status: 'pending' | 'skipped';
    error?: string;
  }): boolean;
  /** Runs that are pending or posting and whose next attempt is due, oldest first. */
  dueRuns(nowMs: number): DigestRun[];
  /**
   * Stores the plan and moves the run to `posting`, unless a plan is already stored; returns the
   * plan that is in effect, so two planners of one run always post the same papers.
   */
  savePlan(subscriptionId: string, localDate: string, plan: DigestPlan): DigestPlan;
  /** Records one accepted message (and the papers it showed) in one transaction. */
  recordPost(post: {
    subscriptionId: string;
    localDate: string;
    channelId: string;
    seq: number;
    messageId: string;
    paperIds: readonly string[];
  }): void;
  posts(subscriptionId: string, localDate: string): RecordedPost[];
  /** Schedules another attempt (attempts + 1) with the error that prevented this one. */
  retryLater(subscriptionId: string, localDate: string, nextAttemptAt: number, error: string): void;
  finish(subscriptionId: string, localDate: string, status: 'done' | 'skipped' | 'failed', error?: string): void;
  /**
   * The ids among `paperIds` already shown in the channel by another digest (an earlier day, or an
   * earlier subscription of the same channel); the run itself does not count.
   */
  postedElsewhere(
    channelId: string,
    paperIds: readonly string[],
    current: { subscriptionId: string; localDate: string },
  ): Set<string>;
}

export function createDigestLedger(deps: { readonly db: Database; readonly clock: Clock }): DigestLedger {
  const { db, clock } = deps;
  const iso = (ms: number) => new Date(ms).toISOString();
  const getRun = db.prepare('SELECT * FROM digest_runs WHERE subscription_id = ? AND local_date = ?');

  const ledger: DigestLedger = {
    getRun: (subscriptionId, localDate) => toRun(getRun.get(subscriptionId, localDate) as RunRow | undefined),
    createRun({ subscriptionId, localDate, scheduledAt, status, error }) {
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
    dueRuns(nowMs) {
      const rows = db
        .prepare(
          `SELECT * FROM digest_runs WHERE status IN ('pending', 'posting') AND next_attempt_at <= ?
           ORDER BY next_attempt_at, subscription_id`,
        )
        .all(iso(nowMs)) as unknown as RunRow[];
      return rows.map((row) => toRunRequired(row));
    },
    savePlan(subscriptionId, localDate, plan) {
      return transaction(db, () => {
        const current = ledger.getRun(subscriptionId, localDate);
        if (!current) throw new Error(`no digest run ${subscriptionId}/${localDate} to plan`);
        if (current.plan) return current.plan;
        db.prepare(
          `UPDATE digest_runs SET planned = ?, status = 'posting', updated_at = ?
           WHERE subscription_id = ? AND local_date = ?`,
        ).run(JSON.stringify(plan), iso(clock.now()), subscriptionId, localDate);
        return plan;
      });
    },
    recordPost({ subscriptionId, localDate, channelId, seq, messageId, paperIds }) {
      transaction(db, () => {
        const now = iso(clock.now());
        db.prepare(
          `INSERT INTO digest_posts (subscription_id, local_date, seq, channel_id, paper_id, message_id, posted_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          subscriptionId,
          localDate,
          seq,
          channelId,
          paperIds.length === 1 ? (paperIds[0] ?? null) : null,
          messageId,
          now,
        );
        const insertPaper = db.prepare(
          `INSERT OR IGNORE INTO digest_posted_papers (channel_id, paper_id, local_date, subscription_id)
           VALUES (?, ?, ?, ?)`,
        );
        for (const paperId of paperIds) insertPaper.run(channelId, paperId, localDate, subscriptionId);
        db.prepare('UPDATE digest_runs SET updated_at = ? WHERE subscription_id = ? AND local_date = ?').run(
          now,
          subscriptionId,
          localDate,
        );
      });
    },
    posts(subscriptionId, localDate) {
      const rows = db
        .prepare(
          'SELECT seq, message_id, paper_id FROM digest_posts WHERE subscription_id = ? AND local_date = ? ORDER BY seq',
        )
        .all(subscriptionId, localDate) as unknown as Array<{
        seq: number;
        message_id: string;
        paper_id: string | null;
      }>;
      return rows.map((row) => ({ seq: row.seq, messageId: row.message_id, paperId: row.paper_id ?? undefined }));
    },
    retryLater(subscriptionId, localDate, nextAttemptAt, error) {
      db.prepare(
        `UPDATE digest_runs SET attempts = attempts + 1, next_attempt_at = ?, error = ?, updated_at = ?
         WHERE subscription_id = ? AND local_date = ?`,
      ).run(iso(nextAttemptAt), error, iso(clock.now()), subscriptionId, localDate);
    },
    finish(subscriptionId, localDate, status, error) {
      db.prepare(
        `UPDATE digest_runs SET status = ?, error = ?, updated_at = ? WHERE subscription_id = ? AND local_date = ?`,
      ).run(status, error ?? null, iso(clock.now()), subscriptionId, localDate);
    },
    postedElsewhere(channelId, paperIds, current) {
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
  return ledger;
}

function toRun(row: RunRow | undefined): DigestRun | undefined {
  return row ? toRunRequired(row) : undefined;
}

function toRunRequired(row: RunRow): DigestRun {
  return {
    subscriptionId: row.subscription_id,
    localDate: row.local_date,
    status: row.status,
    scheduledAt: Date.parse(row.scheduled_at),
    plan: row.planned ? PlanSchema.parse(JSON.parse(row.planned)) : undefined,
    attempts: row.attempts,
    nextAttemptAt: Date.parse(row.next_attempt_at),
    error: row.error ?? undefined,
  };
}
