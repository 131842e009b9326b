import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Paper } from '../papers/paper.ts';
import { transaction } from '../sqlite/transaction.ts';
import type { Database } from './database.ts';

/** A paper on a user's reading list, as it was when saved. */
export interface SavedPaper {
  readonly paper: Paper;
  /** ISO-8601 UTC. */
  readonly savedAt: string;
}

/**
 * Each user's saved papers (migration 010), unique per (user, paper). Async so that a shared
 * PostgreSQL implementation can follow the SQLite one (issue 13).
 */
export interface ReadingList {
  /**
   * Saves `paper` (a second save refreshes its snapshot and keeps its place) unless the list already
   * holds `max` papers (`full`, nothing written); resolves with the list's size after it.
   */
  save(
    userId: string,
    paper: Paper,
    options: { readonly max: number },
  ): Promise<{ readonly outcome: 'added' | 'kept' | 'full'; readonly count: number }>;
  /** False when the paper was not on the list. */
  remove(userId: string, paperId: string): Promise<boolean>;
  /** Newest first; `total` is the whole list's size. */
  page(
    userId: string,
    range: { readonly offset: number; readonly limit: number },
  ): Promise<{ readonly items: readonly SavedPaper[]; readonly total: number }>;
  /** The whole list, newest first (for the export). */
  all(userId: string): Promise<readonly SavedPaper[]>;
  /** Saved papers whose id or title contains `text` (case-insensitive), newest first, for autocomplete. */
  find(userId: string, text: string, limit: number): Promise<readonly SavedPaper[]>;
}

// The stored snapshot is our own JSON, checked on the way out like any stored data: a damaged row
// is an error here, never a malformed Paper passed on to the renderers.
const Snapshot = z.looseObject({
  id: z.string().min(1),
  title: z.string(),
  abstract: z.string(),
  authors: z.array(z.string()),
  published: z.string(),
  categories: z.array(z.string()),
  links: z.looseObject({}),
  keywords: z.array(z.string()),
  sources: z.array(z.string()),
});

interface Row {
  readonly paper: string;
  readonly saved_at: string;
}

export function createReadingList(deps: { readonly db: Database; readonly clock: Clock }): ReadingList {
  const { db, clock } = deps;
  const insert = db.prepare(
    `INSERT INTO reading_list (user_id, paper_id, paper, saved_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, paper_id) DO UPDATE SET paper = excluded.paper`,
  );
  const exists = db.prepare('SELECT 1 AS found FROM reading_list WHERE user_id = ? AND paper_id = ?');
  const count = db.prepare('SELECT count(*) AS n FROM reading_list WHERE user_id = ?');
  const remove = db.prepare('DELETE FROM reading_list WHERE user_id = ? AND paper_id = ?');
  const order = 'ORDER BY saved_at DESC, paper_id';
  const page = db.prepare(`SELECT paper, saved_at FROM reading_list WHERE user_id = ? ${order} LIMIT ? OFFSET ?`);
  const all = db.prepare(`SELECT paper, saved_at FROM reading_list WHERE user_id = ? ${order}`);
  const find = db.prepare(
    `SELECT paper, saved_at FROM reading_list
     WHERE user_id = ? AND (instr(lower(paper_id), ?) > 0 OR instr(lower(json_extract(paper, '$.title')), ?) > 0)
     ${order} LIMIT ?`,
  );
  const countOf = (userId: string) => Number((count.get(userId) as { n: number }).n);

  return {
    async save(userId, paper, { max }) {
      return transaction(db, () => {
        const added = exists.get(userId, paper.id) === undefined;
        const before = countOf(userId);
        if (added && before >= max) return { outcome: 'full' as const, count: before };
        insert.run(userId, paper.id, JSON.stringify(paper), new Date(clock.now()).toISOString());
        return { outcome: added ? ('added' as const) : ('kept' as const), count: added ? before + 1 : before };
      });
    },
    async remove(userId, paperId) {
      return Number(remove.run(userId, paperId).changes) > 0;
    },
    async page(userId, { offset, limit }) {
      return transaction(db, () => ({
        items: toSaved(page.all(userId, limit, offset) as unknown as Row[]),
        total: countOf(userId),
      }));
    },
    async all(userId) {
      return toSaved(all.all(userId) as unknown as Row[]);
    },
    async find(userId, text, limit) {
      const needle = text.trim().toLowerCase();
      return toSaved(find.all(userId, needle, needle, limit) as unknown as Row[]);
    },
  };
}

function toSaved(rows: readonly Row[]): SavedPaper[] {
  return rows.map((row) => savedPaper(JSON.parse(row.paper), row.saved_at));
}

/** A stored snapshot (parsed JSON) as a SavedPaper; the PostgreSQL store reads its rows through it too. */
export function savedPaper(snapshot: unknown, savedAt: string): SavedPaper {
  return { paper: Snapshot.parse(snapshot) as unknown as Paper, savedAt };
}
