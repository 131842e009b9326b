import type { Paper } from '../papers/paper.ts';
import type { ParsedPaperId } from '../papers/parse-paper-id.ts';

// A source's answer is accepted only if it is the paper asked for (issue 12, item 6): a mirror or
// cache that answers 2401.12345 with another paper must not have that paper stored and shown
// under the id the user typed.

/**
 * Whether `paper` is the one `asked` names: the same canonical id once any arXiv version is
 * stripped, or for a DOI the same DOI (Semantic Scholar files a DOI paper it knows on arXiv under
 * its arXiv id). A Semantic Scholar id cannot be told from a Paper (it keeps no paperId); the
 * Semantic Scholar client checks those against its raw answer.
 */
export function isPaperAsked(asked: ParsedPaperId, paper: Pick<Paper, 'id' | 'doi'>): boolean {
  switch (asked.kind) {
    case 'arxiv':
      return withoutVersion(paper.id) === asked.id;
    case 'doi':
      return paper.id === asked.id || paper.doi?.toLowerCase() === asked.doi;
    case 's2':
      return true;
    default:
      return asked satisfies never;
  }
}

/** `arxiv:2401.12345v3` → `arxiv:2401.12345`; other ids unchanged. */
export function withoutVersion(id: string): string {
  return id.startsWith('arxiv:') ? id.replace(/v\d+$/, '') : id;
}
