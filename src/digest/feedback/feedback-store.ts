import type { Database } from '../../library/database.ts';
import type { Paper } from '../../papers/paper.ts';
import { transaction } from '../../sqlite/transaction.ts';
import type { VoteValue } from '../learning/types.ts';
import { paperKeys } from './paper-keys.ts';

/** 👍 and 👎 on one paper in one scope. */
export interface Tally {
  readonly up: number;
  readonly down: number;
}

/** What a click did: the user's vote before and after (0: none), and the paper's new tally. */
export interface VoteOutcome {
  readonly previous: VoteValue | 0;
  readonly value: VoteValue | 0;
  readonly tally: Tally;
}

export interface VoteRequest {
  /** The channel's subscription id, or `channel:<id>` where it has none (see feedbackScope). */
  readonly scope: string;
  readonly channelId: string;
  readonly userId: string;
  readonly paperId: string;
  /** ms since the epoch. */
  readonly at: number;
}

/** Counts for /digest tune: votes in the scope and the papers hidden in the channel. */
export interface FeedbackCounts {
  readonly up: number;
  readonly down: number;
  readonly voters: number;
  readonly hidden: number;
}

/**
 * Votes and the "Not interested" list. Asynchronous so that a PostgreSQL implementation fits the
 * same interface; every write is one transaction.
 */
export interface FeedbackStore {
  /**
   * A 👍 or 👎 click. Like a reaction, it toggles: the same choice again withdraws the vote; the
   * other choice replaces it.
   */
  vote(request: VoteRequest & { readonly choice: VoteValue }): Promise<VoteOutcome>;
  /**
   * "Not interested": hides the paper (every key of paperKeys) in the channel and records a 👎
   * (kept, never toggled off, by a second click).
   */
  hide(request: Omit<VoteRequest, 'paperId'> & { readonly paper: Pick<Paper, 'id' | 'doi'> }): Promise<VoteOutcome>;
  /** Tallies of the given papers in the scope; a paper nobody voted on is absent. */
  tallies(scope: string, paperIds: readonly string[]): Promise<ReadonlyMap<string, Tally>>;
  /** The channel's hidden paper keys (match candidates with isHidden). */
  hiddenKeys(channelId: string): Promise<ReadonlySet<string>>;
  counts(scope: string, channelId: string): Promise<FeedbackCounts>;
  /** Deletes every vote made in the channel (in any scope) and its hidden list. */
  forget(channelId: string): Promise<{ readonly votes: number; readonly hidden: number }>;
}

/** The scope a channel's votes are stored under: its subscription, else the channel itself. */
export function feedbackScope(channelId: string, subscriptionId: string | undefined): string {
  return subscriptionId ?? `channel:${channelId}`;
}

interface TallyRow {
  readonly paper_id: string;
  readonly up: number;
  readonly down: number;
}

/** The SQLite FeedbackStore, on the library's database (migration 007). */
export function createSqliteFeedbackStore({ db }: { readonly db: Database }): FeedbackStore {
  const current = db.prepare('SELECT value FROM feedback_votes WHERE scope = ? AND user_id = ? AND paper_id = ?');
  const upsert = db.prepare(
    `INSERT INTO feedback_votes (scope, channel_id, user_id, paper_id, value, voted_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (scope, user_id, paper_id) DO UPDATE SET value = excluded.value, voted_at = excluded.voted_at,
       channel_id = excluded.channel_id`,
  );
  const withdraw = db.prepare('DELETE FROM feedback_votes WHERE scope = ? AND user_id = ? AND paper_id = ?');
  const tallyOf = db.prepare(
    `SELECT paper_id, COALESCE(SUM(value = 1), 0) AS up, COALESCE(SUM(value = -1), 0) AS down
     FROM feedback_votes WHERE scope = ? AND paper_id = ? GROUP BY paper_id`,
  );
  const hideKey = db.prepare(
    `INSERT INTO feedback_hidden (channel_id, paper_key, paper_id, hidden_by, hidden_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (channel_id, paper_key) DO NOTHING`,
  );
  const hiddenIn = db.prepare('SELECT paper_key FROM feedback_hidden WHERE channel_id = ?');
  const countVotes = db.prepare(
    `SELECT COALESCE(SUM(value = 1), 0) AS up, COALESCE(SUM(value = -1), 0) AS down,
       COUNT(DISTINCT user_id) AS voters FROM feedback_votes WHERE scope = ?`,
  );
  const countHidden = db.prepare('SELECT COUNT(DISTINCT paper_id) AS n FROM feedback_hidden WHERE channel_id = ?');
  const forgetVotes = db.prepare('DELETE FROM feedback_votes WHERE channel_id = ?');
  const forgetHidden = db.prepare('DELETE FROM feedback_hidden WHERE channel_id = ?');

  const currentVote = (scope: string, userId: string, paperId: string): VoteValue | 0 => {
    const row = current.get(scope, userId, paperId) as { value: number } | undefined;
    return row?.value === 1 ? 1 : row?.value === -1 ? -1 : 0;
  };
  const tally = (scope: string, paperId: string): Tally => {
    const row = tallyOf.get(scope, paperId) as TallyRow | undefined;
    return { up: Number(row?.up ?? 0), down: Number(row?.down ?? 0) };
  };
  const setVote = (request: VoteRequest, value: VoteValue | 0): void => {
    if (value === 0) withdraw.run(request.scope, request.userId, request.paperId);
    else upsert.run(request.scope, request.channelId, request.userId, request.paperId, value, request.at);
  };

  return {
    async vote(request) {
      return transaction(db, () => {
        const previous = currentVote(request.scope, request.userId, request.paperId);
        const value = previous === request.choice ? 0 : request.choice;
        setVote(request, value);
        return { previous, value, tally: tally(request.scope, request.paperId) };
      });
    },
    async hide({ paper, ...request }) {
      return transaction(db, () => {
        const vote = { ...request, paperId: paper.id };
        const previous = currentVote(request.scope, request.userId, paper.id);
        setVote(vote, -1);
        for (const key of paperKeys(paper)) hideKey.run(request.channelId, key, paper.id, request.userId, request.at);
        return { previous, value: -1 as const, tally: tally(request.scope, paper.id) };
      });
    },
    async tallies(scope, paperIds) {
      const found = new Map<string, Tally>();
      for (const id of new Set(paperIds)) {
        const t = tally(scope, id);
        if (t.up > 0 || t.down > 0) found.set(id, t);
      }
      return found;
    },
    async hiddenKeys(channelId) {
      return new Set((hiddenIn.all(channelId) as Array<{ paper_key: string }>).map((row) => row.paper_key));
    },
    async counts(scope, channelId) {
      const votes = countVotes.get(scope) as { up: number; down: number; voters: number };
      const hidden = countHidden.get(channelId) as { n: number };
      return { up: Number(votes.up), down: Number(votes.down), voters: Number(votes.voters), hidden: Number(hidden.n) };
    },
    async forget(channelId) {
      return transaction(db, () => {
        const votes = Number(forgetVotes.run(channelId).changes);
        const hidden = Number((countHidden.get(channelId) as { n: number }).n);
        forgetHidden.run(channelId);
        return { votes, hidden };
      });
    },
  };
}
