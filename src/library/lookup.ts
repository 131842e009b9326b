import type { Database } from './database.ts';
import { buildPrefixQuery } from './fts-query.ts';
import type { SyncLibraryReads } from './types.ts';

// Discord: an autocomplete answer has at most 25 choices.
const MAX_LOOKUP = 25;

/** Autocomplete over the library (Library.lookup): id prefixes first, then title words as typed. */
export function createLookup(db: Database): Pick<SyncLibraryReads, 'lookup'> {
  const statements = {
    idPrefix: db.prepare('SELECT id, title FROM papers WHERE id >= ? AND id < ? ORDER BY id LIMIT ?'),
    titlePrefix: db.prepare(
      `SELECT p.id, p.title FROM papers_title_fts f JOIN papers p ON p.doc = f.rowid
       WHERE papers_title_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?`,
    ),
  };

  return {
    lookup(prefix, limit) {
      const text = prefix.trim();
      const max = Math.max(0, Math.min(MAX_LOOKUP, Math.floor(limit)));
      if (!text || max === 0) return [];
      const found = new Map<string, { id: string; title: string }>();
      for (const idPrefix of idPrefixes(text)) {
        for (const row of statements.idPrefix.all(idPrefix, `${idPrefix}\uffff`, max) as Array<{
          id: string;
          title: string;
        }>) {
          found.set(row.id, { id: row.id, title: row.title });
        }
      }
      if (found.size < max) {
        const match = buildPrefixQuery(text);
        if (match) {
          for (const row of statements.titlePrefix.all(match, max) as Array<{ id: string; title: string }>) {
            if (found.size >= max) break;
            found.set(row.id, { id: row.id, title: row.title });
          }
        }
      }
      return [...found.values()].slice(0, max);
    },
  };
}

// "2401.1" and "arxiv:2401.1" both mean an arXiv id prefix; "doi:10.1" and "local:x" are id prefixes as typed.
function idPrefixes(text: string): string[] {
  const lower = text.toLowerCase();
  if (/^(arxiv|doi|s2|local):\S*$/.test(lower)) return [lower.startsWith('arxiv:') ? lower : text];
  if (/^\d{2,4}(\.\d{0,5})?(v\d*)?$/.test(lower)) return [`arxiv:${lower.replace(/v\d*$/, '')}`];
  if (/^[a-z-]+(\.[a-z]{2})?\/\d*$/i.test(text)) return [`arxiv:${text}`];
  return [];
}
