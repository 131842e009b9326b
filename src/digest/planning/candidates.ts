import { ingestPapers } from '../../ingest/ingest-papers.ts';
import type { Library } from '../../library/types.ts';
import type { Logger } from '../../log.ts';
import { mergePaperLists } from '../../papers/merge-papers.ts';
import type { Paper } from '../../papers/paper.ts';
import type { ListedPaper } from '../../sources/listings.ts';
import type { DigestSources, SubscriptionSettings } from '../types.ts';
import { type CandidateWindow, hfListingDays, inWindow } from './candidate-window.ts';

export type CandidateService = 'huggingface' | 'arxiv';

export interface CandidateFailure {
  readonly service: CandidateService;
  readonly error: unknown;
}

export interface Candidates {
  /** Merged by canonical id (HF upvotes + arXiv text), first-seen order. */
  readonly papers: readonly Paper[];
  /** Sources that were asked and failed; the papers are then from the others only. */
  readonly failures: readonly CandidateFailure[];
}

export interface CandidateDeps {
  readonly sources: DigestSources;
  /** Candidates are ingested here so search, /paper and previews know them. */
  readonly library?: Pick<Library, 'upsert'>;
  readonly log: Logger;
}

/**
 * A subscription's candidate papers: those listed in the window (UTC instants, so the same for
 * every time zone) by the Hugging Face day listings that overlap it and/or the arXiv RSS mailing
 * (new + cross-lists) of its categories, merged and ingested. A failing source is reported in
 * `failures`, never thrown, so the caller decides between retrying and posting what there is.
 */
export async function gatherCandidates(
  deps: CandidateDeps,
  settings: Pick<SubscriptionSettings, 'source' | 'categories'>,
  window: CandidateWindow,
  signal?: AbortSignal,
): Promise<Candidates> {
  const { sources, library, log } = deps;
  const failures: CandidateFailure[] = [];
  const fetchOne = async (
    service: CandidateService,
    load: () => Promise<readonly ListedPaper[]>,
  ): Promise<readonly Paper[]> => {
    try {
      return (await load()).filter((entry) => inWindow(window, entry.listedAt)).map((entry) => entry.paper);
    } catch (error) {
      // The scheduler retries the whole run later; the detail stays in the log.
      log.warn({ err: error, service, window: isoWindow(window) }, 'digest source fetch failed');
      failures.push({ service, error });
      return [];
    }
  };
  // HF first, so merged papers keep HF's order (by upvotes) ahead of the RSS order.
  const lists = await Promise.all([
    settings.source === 'arxiv'
      ? []
      : fetchOne('huggingface', async () => {
          const hf = sources.huggingface;
          if (!hf) throw new Error('the Hugging Face source is not configured');
          const days = await Promise.all(
            hfListingDays(window).map(({ date, fetchedAfter }) => hf.listings(date, { signal, fetchedAfter })),
          );
          return days.flat().sort((a, b) => (b.paper.upvotes ?? 0) - (a.paper.upvotes ?? 0));
        }),
    settings.source === 'huggingface'
      ? []
      : fetchOne('arxiv', async () => {
          if (!sources.arxivRss) throw new Error('the arXiv RSS source is not configured');
          // The feed shows only the latest mailing: one read, fetched after the window's end.
          return sources.arxivRss.listings(settings.categories, { signal, fetchedAfter: window.toMs });
        }),
  ]);
  const papers = mergePaperLists(lists);
  if (library && papers.length > 0) ingestPapers(library, papers);
  return { papers, failures };
}

function isoWindow(window: CandidateWindow): { from: string; to: string } {
  return { from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() };
}
