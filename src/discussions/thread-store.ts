import type { Database } from '../library/database.ts';
import { transaction } from '../sqlite/transaction.ts';
import type { DiscussionStore, DiscussionThread } from './types.ts';

/** A discussion_threads row, as both the SQLite and the PostgreSQL store read it. */
export interface ThreadRow {
  readonly thread_id: string;
  readonly channel_id: string;
  readonly message_id: string;
  readonly paper_id: string;
  readonly created_by: string;
  readonly created_at: string;
}

/** The thread ↔ paper mapping in the app's SQLite database (table discussion_threads, migration 009). */
export function createDiscussionStore(db: Database): DiscussionStore {
  const byThread = db.prepare('SELECT * FROM discussion_threads WHERE thread_id = ?');
  const byMessage = db.prepare('SELECT * FROM discussion_threads WHERE message_id = ? AND paper_id = ?');
  const insert = db.prepare(
    `INSERT INTO discussion_threads (thread_id, channel_id, message_id, paper_id, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const read = (row: unknown) => (row === undefined ? undefined : toThread(row as ThreadRow));
  return {
    byThread: async (threadId) => read(byThread.get(threadId)),
    byMessage: async (messageId, paperId) => read(byMessage.get(messageId, paperId)),
    async record(thread) {
      return transaction(db, () => {
        insert.run(
          thread.threadId,
          thread.channelId,
          thread.messageId,
          thread.paperId,
          thread.createdBy,
          thread.createdAt,
        );
        const stored = read(byMessage.get(thread.messageId, thread.paperId)) ?? read(byThread.get(thread.threadId));
        if (!stored) throw new Error(`discussion thread ${thread.threadId} was not stored`);
        return stored;
      });
    },
  };
}

export function toThread(row: ThreadRow): DiscussionThread {
  return {
    threadId: row.thread_id,
    channelId: row.channel_id,
    messageId: row.message_id,
    paperId: row.paper_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
