import type { View } from '../views.ts';

/** A Discuss thread and the paper it is about. */
export interface DiscussionThread {
  readonly threadId: string;
  /** The text channel the thread lives in (its parent). */
  readonly channelId: string;
  /** The message whose Discuss control opened it. */
  readonly messageId: string;
  readonly paperId: string;
  readonly createdBy: string;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
}

/**
 * Durable thread ↔ paper mapping (migration 009). Async, as every store becomes one that
 * PostgreSQL can back.
 */
export interface DiscussionStore {
  byThread(threadId: string): Promise<DiscussionThread | undefined>;
  /** The thread opened for `paperId` from `messageId`, if any. */
  byMessage(messageId: string, paperId: string): Promise<DiscussionThread | undefined>;
  /**
   * Records a thread; a second record for the same thread or (message, paper) keeps the first
   * (two clicks racing each other both end up pointing at one thread).
   * @returns the record that is stored.
   */
  record(thread: DiscussionThread): Promise<DiscussionThread>;
}

/** The permissions a Discuss thread needs in the channel (discord.js PermissionFlagsBits names). */
export const THREAD_PERMISSIONS = ['CreatePublicThreads', 'SendMessagesInThreads'] as const;
export type ThreadPermission = (typeof THREAD_PERMISSIONS)[number];

export interface StartThreadRequest {
  readonly channelId: string;
  /** The message to start the thread from. */
  readonly messageId: string;
  /** Already clipped and sanitised (discussionThreadName). */
  readonly name: string;
  /** The thread's first message (rendered by the Discord layer), asked for once the thread exists. */
  readonly firstMessage: () => Promise<View>;
  /**
   * When the message already has a thread: true adopts it (the message shows this paper alone,
   * so its thread is about it); false starts a thread in the channel instead (a list of papers).
   */
  readonly adoptExisting: boolean;
}

export type StartThreadResult =
  | { readonly kind: 'started'; readonly threadId: string }
  | { readonly kind: 'existing'; readonly threadId: string }
  | { readonly kind: 'missing-permissions'; readonly missing: readonly ThreadPermission[] }
  /** The channel cannot hold threads (it is one, or a direct message). */
  | { readonly kind: 'not-here' };

/**
 * What the Discord runtime can do for Discuss (src/discord/discussion-threads.ts); handlers get it
 * through ctx.services, as /digest gets checkChannel.
 */
export type StartThread = (request: StartThreadRequest) => Promise<StartThreadResult>;
