import type { Migration } from './migration.ts';

/**
 * Which paper each Discuss thread is about (issue 14, item 5), so that /ask inside the thread
 * answers from that paper, and a second Discuss click points to the thread instead of failing.
 * A thread is started from the message that offered Discuss, or, when that message already has a
 * thread (a list of papers gets only one: Discord allows one thread per message), in its channel:
 * hence unique on (message, paper), not on the message.
 */
export const discussionThreads: Migration = {
  version: 9,
  name: 'discussion-threads',
  up: (db) => {
    db.exec(`CREATE TABLE discussion_threads (
      thread_id TEXT PRIMARY KEY,
      channel_id TEXT NOT NULL,
      message_id TEXT NOT NULL,
      paper_id TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (message_id, paper_id)
    ) STRICT, WITHOUT ROWID`);
  },
};
