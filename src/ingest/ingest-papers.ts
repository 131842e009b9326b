import type { Library } from '../library/types.ts';
import type { Paper } from '../papers/paper.ts';

export interface RejectedPaper {
  readonly id: string;
  readonly reason: string;
}

export interface IngestResult {
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Papers not stored because they break the Paper contract (src/papers/paper.ts), with why. */
  readonly rejected: readonly RejectedPaper[];
}

// The canonical id schemes of DESIGN.md; what follows the colon is the scheme's own id.
const CANONICAL_ID = /^(?:arxiv|doi|s2|local):\S/;
// A canonical arXiv id never carries its version (that is `version`).
const ARXIV_VERSIONED = /^arxiv:.*v\d+$/;

/**
 * The one way papers enter the library: search, resolve, digest candidates, the ingest CLI and
 * the sample loader all call it. Each paper is checked against the Paper contract; the valid ones
 * are upserted together in one transaction (Library.upsert: merged by canonical id, idempotent, a
 * newer version replaces the text). Invalid papers are left out and listed in `rejected`, so one
 * malformed record never costs the rest of its batch.
 */
export function ingestPapers(library: Pick<Library, 'upsert'>, papers: readonly Paper[]): IngestResult {
  const valid: Paper[] = [];
  const rejected: RejectedPaper[] = [];
  for (const paper of papers) {
    const reason = contractBreach(paper);
    if (reason) rejected.push({ id: paper.id, reason });
    else valid.push(paper);
  }
  const { inserted, updated, unchanged } = library.upsert(valid);
  return { added: inserted, updated, unchanged, rejected };
}

function contractBreach(paper: Paper): string | undefined {
  if (!CANONICAL_ID.test(paper.id)) return 'id is not canonical (arxiv:, doi:, s2: or local:)';
  if (ARXIV_VERSIONED.test(paper.id)) return 'arXiv id carries a version';
  if (!paper.title.trim()) return 'empty title';
  if (paper.version !== undefined && !(Number.isInteger(paper.version) && paper.version > 0)) {
    return 'version is not a positive whole number';
  }
  return undefined;
}
