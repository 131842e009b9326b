import type { Pool } from 'pg';
import { type ThreadRow, toThread } from '../../discussions/thread-store.ts';
import type { DiscussionStore } from '../../discussions/types.ts';
import { isoText } from './columns.ts';

const SELECT = `SELECT thread_id, channel_id, message_id, paper_id, created_by, ${isoText('created_at')}
  FROM discussion_threads`;

/** The Discuss thread ↔ paper mapping on PostgreSQL: the same semantics as the SQLite one (thread-store.ts). */
export function createPostgresDiscussionStore({ pool }: { readonly pool: Pool }): DiscussionStore {
  const one = async (where: string, values: unknown[]) =>
    (await pool.query<ThreadRow>(`${SELECT} WHERE ${where}`, values)).rows.map(toThread)[0];
  return {
    byThread: (threadId) => one('thread_id = $1', [threadId]),
    byMessage: (messageId, paperId) => one('message_id = $1 AND paper_id = $2', [messageId, paperId]),
    async record(thread) {
      // Two nodes recording one (message, paper) at once: the second insert does nothing, and both
      // read back the row that won.
      await pool.query(
        `INSERT INTO discussion_threads (thread_id, channel_id, message_id, paper_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [thread.threadId, thread.channelId, thread.messageId, thread.paperId, thread.createdBy, thread.createdAt],
      );
      const stored =
        (await one('message_id = $1 AND paper_id = $2', [thread.messageId, thread.paperId])) ??
        (await one('thread_id = $1', [thread.threadId]));
      if (!stored) throw new Error(`discussion thread ${thread.threadId} was not stored`);
      return stored;
    },
  };
}
