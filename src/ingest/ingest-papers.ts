import { UserInputError } from '../errors/index.ts';
import type { Library, UpsertResult } from '../library/types.ts';
import type { Paper } from '../papers/paper.ts';
import { hasVisibleText } from '../text/index.ts';
import type { PaperImports } from './paper-imports.ts';
import { sanitisePaper } from './sanitise-paper.ts';

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

export interface IngestOptions {
  /** Any paper that breaks the contract stops the whole batch (UserInputError), before anything is stored. */
  readonly strict?: boolean;
  /** Where the papers came from, recorded with them in the same transaction (`paperboy remove --source`). */
  readonly source?: { readonly file: string; readonly imports: PaperImports };
  /**
   * Called as the valid papers are stored, `stored` of `total`, for progress on a long import
   * (issue 15: 49,000 papers took 9 s in silence). They are then upserted in steps of
   * PROGRESS_STEP; with a `source` the steps share its one transaction.
   */
  readonly onProgress?: (stored: number, total: number) => void;
}

// Small enough that progress moves several times a second, large enough to cost nothing.
const PROGRESS_STEP = 1000;

// The canonical id schemes of DESIGN.md; what follows the colon is the scheme's own id.
const CANONICAL_ID = /^(?:arxiv|doi|s2|local):\S/;
// A canonical arXiv id never carries its version (that is `version`).
const ARXIV_VERSIONED = /^arxiv:.*v\d+$/;

/**
 * The one way papers enter the library: search, resolve, digest candidates, the ingest CLI and
 * the sample loader all call it. Each paper is checked against the Paper contract; the valid ones
 * are upserted together in one transaction (Library.upsert: merged by canonical id, idempotent, a
 * newer version replaces the text). Invalid papers are left out and listed in `rejected`, so one
 * malformed record never costs the rest of its batch — unless `strict` says it must.
 * @throws UserInputError with `strict`, when any paper is rejected (nothing is stored).
 * @throws StorageError from the library when the database cannot take the write.
 */
export function ingestPapers(
  library: Pick<Library, 'upsert'>,
  papers: readonly Paper[],
  { strict = false, source, onProgress }: IngestOptions = {},
): IngestResult {
  const valid: Paper[] = [];
  const rejected: RejectedPaper[] = [];
  for (const untrusted of papers) {
    // Every way in (sources, files, the sample) passes the one sanitiser before the contract check.
    const paper = sanitisePaper(untrusted);
    const reason = contractBreach(paper);
    if (reason) rejected.push({ id: paper.id, reason });
    else valid.push(paper);
  }
  if (strict && rejected.length > 0) {
    const [first] = rejected;
    throw new UserInputError(
      `${rejected.length} papers break the Paper contract (first: ${first?.id}: ${first?.reason}); with --strict nothing was stored.`,
    );
  }
  const upsert = () => (onProgress ? upsertInSteps(library, valid, onProgress) : library.upsert(valid));
  const { inserted, updated, unchanged } = source
    ? source.imports.recordWith(
        source.file,
        valid.map((p) => p.id),
        upsert,
      )
    : upsert();
  return { added: inserted, updated, unchanged, rejected };
}

function upsertInSteps(
  library: Pick<Library, 'upsert'>,
  papers: readonly Paper[],
  onProgress: (stored: number, total: number) => void,
): UpsertResult {
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  for (let start = 0; start < papers.length; start += PROGRESS_STEP) {
    const step = library.upsert(papers.slice(start, start + PROGRESS_STEP));
    counts.inserted += step.inserted;
    counts.updated += step.updated;
    counts.unchanged += step.unchanged;
    onProgress(Math.min(papers.length, start + PROGRESS_STEP), papers.length);
  }
  return counts;
}

function contractBreach(paper: Paper): string | undefined {
  if (!CANONICAL_ID.test(paper.id)) return 'id is not canonical (arxiv:, doi:, s2: or local:)';
  if (ARXIV_VERSIONED.test(paper.id)) return 'arXiv id carries a version';
  if (!hasVisibleText(paper.title)) return 'empty title';
  if (paper.version !== undefined && !(Number.isInteger(paper.version) && paper.version > 0)) {
    return 'version is not a positive whole number';
  }
  return undefined;
}
