import { ingestPapers } from '../../ingest/ingest-papers.ts';
import type { Library } from '../../library/types.ts';
import type { Logger } from '../../log.ts';
import { mergePaperLists } from '../../papers/merge-papers.ts';
import type { Paper } from '../../papers/paper.ts';
import type { DigestSources, SubscriptionSettings } from '../types.ts';

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
 * The day's candidate papers for a subscription: HF daily papers for its local date and/or the
 * arXiv RSS announcement (new + cross-lists) of its categories, merged and ingested. A failing
 * source is reported in `failures`, never thrown, so the caller decides between retrying and
 * posting what there is.
 */
export async function gatherCandidates(
  deps: CandidateDeps,
  settings: Pick<SubscriptionSettings, 'source' | 'categories'>,
  localDate: string,
  signal?: AbortSignal,
): Promise<Candidates> {
  const { sources, library, log } = deps;
  const failures: CandidateFailure[] = [];
  const fetchOne = async (
    service: CandidateService,
    load: () => Promise<readonly Paper[]>,
  ): Promise<readonly Paper[]> => {
    try {
      return await load();
    } catch (error) {
      // The scheduler retries the whole run later; the detail stays in the log.
      log.warn({ err: error, service, localDate }, 'digest source fetch failed');
      failures.push({ service, error });
      return [];
    }
  };
  // HF first, so merged papers keep HF's order (by upvotes) ahead of the RSS order.
  const lists = await Promise.all([
    settings.source === 'arxiv'
      ? []
      : fetchOne('huggingface', async () => {
          if (!sources.huggingface) throw new Error('the Hugging Face source is not configured');
          return sources.huggingface.daily(localDate, { signal });
        }),
    settings.source === 'huggingface'
      ? []
      : fetchOne('arxiv', async () => {
          if (!sources.arxivRss) throw new Error('the arXiv RSS source is not configured');
          return (await sources.arxivRss.announcements(settings.categories, { signal })).papers;
        }),
  ]);
  const papers = mergePaperLists(lists);
  if (library && papers.length > 0) ingestPapers(library, papers);
  return { papers, failures };
}
