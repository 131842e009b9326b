import { basename, isAbsolute, resolve } from 'node:path';
import type { Clock } from '../clock.ts';
import { UserInputError } from '../errors/index.ts';
import type { Database } from '../library/database.ts';
import { transaction } from '../sqlite/transaction.ts';

/**
 * Which file each imported paper came from (table paper_imports, migration 006), so that a bad
 * import can be taken back: `paperboy remove --source file:<name>`.
 */
export interface PaperImports {
  /** Runs `work` (the upsert) and records `ids` as imported from `file` in one transaction. */
  recordWith<T>(file: string, ids: readonly string[], work: () => T): T;
  /**
   * The papers imported from the file `name` names: a path (made absolute), or a bare file name
   * matched against the names of every file imported so far.
   * @throws UserInputError when no import matches, or a bare name matches files in several directories.
   */
  fromFile(name: string): { readonly file: string; readonly ids: readonly string[] };
}

export function createPaperImports({ db, clock }: { readonly db: Database; readonly clock: Clock }): PaperImports {
  const statements = {
    record: db.prepare('INSERT OR IGNORE INTO paper_imports (file, paper_id, imported_at) VALUES (?, ?, ?)'),
    files: db.prepare('SELECT DISTINCT file FROM paper_imports ORDER BY file'),
    ids: db.prepare('SELECT paper_id FROM paper_imports WHERE file = ? ORDER BY paper_id'),
  };
  return {
    recordWith(file, ids, work) {
      const now = new Date(clock.now()).toISOString();
      return transaction(db, () => {
        const result = work();
        for (const id of ids) statements.record.run(file, id, now);
        return result;
      });
    },
    fromFile(name) {
      const files = (statements.files.all() as Array<{ file: string }>).map((row) => row.file);
      const bare = !name.includes('/') && !isAbsolute(name);
      const matches = bare ? files.filter((file) => basename(file) === name) : files.filter((f) => f === resolve(name));
      const [file, ...others] = matches;
      if (!file) {
        throw new UserInputError(
          `No papers were imported from ${name}: give the file's name, or the path \`paperboy ingest --file\` was given.`,
        );
      }
      if (others.length > 0) {
        throw new UserInputError(
          `Papers were imported from several files named ${name}: ${matches.join(', ')}. Give the path.`,
        );
      }
      return { file, ids: (statements.ids.all(file) as Array<{ paper_id: string }>).map((row) => row.paper_id) };
    },
  };
}
