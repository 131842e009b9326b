import type { Pool } from 'pg';
import type { Clock } from '../../clock.ts';
import { type ReadingList, type SavedPaper, savedPaper } from '../../library/reading-list.ts';
import { transaction } from './transaction.ts';

interface Row {
  readonly paper: unknown;
  readonly saved_at: Date;
}

const ORDER = 'ORDER BY saved_at DESC, paper_id';

/** The reading lists in PostgreSQL (migration 005_reading-list), the same semantics as the SQLite store. */
export function createPostgresReadingList({ pool, clock }: { pool: Pool; clock: Pick<Clock, 'now'> }): ReadingList {
  const count = async (
    query: (text: string, values: unknown[]) => Promise<{ rows: Array<{ n: string }> }>,
    userId: string,
  ) => Number((await query('SELECT count(*) AS n FROM reading_list WHERE user_id = $1', [userId])).rows[0]?.n ?? 0);
  const rows = async (text: string, values: unknown[]): Promise<SavedPaper[]> =>
    (await pool.query<Row>(text, values)).rows.map((row) => savedPaper(row.paper, row.saved_at.toISOString()));

  return {
    save: (userId, paper, { max }) =>
      transaction(pool, async (client) => {
        // Two nodes saving for one user at once: the count and the insert must see each other.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`reading_list:${userId}`]);
        const existing = await client.query('SELECT 1 FROM reading_list WHERE user_id = $1 AND paper_id = $2', [
          userId,
          paper.id,
        ]);
        const added = existing.rowCount === 0;
        const before = await count((text, values) => client.query(text, values), userId);
        if (added && before >= max) return { outcome: 'full' as const, count: before };
        await client.query(
          `INSERT INTO reading_list (user_id, paper_id, paper, saved_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (user_id, paper_id) DO UPDATE SET paper = excluded.paper`,
          [userId, paper.id, JSON.stringify(paper), new Date(clock.now()).toISOString()],
        );
        return { outcome: added ? ('added' as const) : ('kept' as const), count: added ? before + 1 : before };
      }),
    async remove(userId, paperId) {
      const result = await pool.query('DELETE FROM reading_list WHERE user_id = $1 AND paper_id = $2', [
        userId,
        paperId,
      ]);
      return (result.rowCount ?? 0) > 0;
    },
    async page(userId, { offset, limit }) {
      const items = await rows(
        `SELECT paper, saved_at FROM reading_list WHERE user_id = $1 ${ORDER} LIMIT $2 OFFSET $3`,
        [userId, limit, offset],
      );
      return { items, total: await count((text, values) => pool.query(text, values), userId) };
    },
    all: (userId) => rows(`SELECT paper, saved_at FROM reading_list WHERE user_id = $1 ${ORDER}`, [userId]),
    find: (userId, text, limit) =>
      rows(
        `SELECT paper, saved_at FROM reading_list
         WHERE user_id = $1 AND (strpos(lower(paper_id), $2) > 0 OR strpos(lower(paper->>'title'), $2) > 0)
         ${ORDER} LIMIT $3`,
        [userId, text.trim().toLowerCase(), limit],
      ),
  };
}
