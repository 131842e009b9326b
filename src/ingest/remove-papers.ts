import { UserInputError } from '../errors/index.ts';
import type { Database } from '../library/database.ts';
import type { Library } from '../library/types.ts';
import { tryParsePaperId } from '../papers/parse-paper-id.ts';
import { transaction } from '../sqlite/transaction.ts';

/**
 * Deletes papers from the library in one transaction: their full-text index rows go with them
 * (the papers table's triggers) and so do their import records (a foreign key). Ids may be given
 * in any form `search` prints or people paste (canonical, bare arXiv ids, URLs).
 * @returns the canonical ids removed.
 * @throws UserInputError naming the ids that are not in the library; nothing is removed then.
 * @throws StorageError when the database refuses the write (e.g. a damaged index).
 */
export function removePapers(
  { db, library }: { readonly db: Database; readonly library: Pick<Library, 'delete'> },
  ids: readonly string[],
): string[] {
  const canonical = [...new Set(ids.map(canonicalId))];
  return transaction(db, () => {
    // A missing id throws, and the transaction takes back the deletes before it.
    const missing = canonical.filter((id) => !library.delete(id));
    if (missing.length > 0) {
      throw new UserInputError(`Not in the library: ${missing.join(', ')}. Nothing was removed.`);
    }
    return canonical;
  });
}

function canonicalId(input: string): string {
  const text = input.trim();
  // Local ids are the importer's own, spaces and all (ingest-papers.ts keeps them as imported).
  if (text.startsWith('local:')) return text;
  return tryParsePaperId(text)?.id ?? text;
}
