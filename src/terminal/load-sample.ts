import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { parseHfPage } from '../ingest/import-file.ts';
import { ingestPapers } from '../ingest/ingest-papers.ts';
import type { Library } from '../library/types.ts';
import type { Logger } from '../log.ts';
import { arxivLinks, type Paper } from '../papers/paper.ts';

/** The bundled sample: a saved Hugging Face papers search for "self-learning" (titles and abstracts). */
export const SAMPLE_LIBRARY_URL = new URL('../../assets/sample/hf-papers-self-learning.txt', import.meta.url);
/** arXiv ids, authors and days for the sample papers whose ids were established (its note says how). */
export const SAMPLE_IDS_URL = new URL('../../assets/sample/arxiv-ids.json', import.meta.url);

const SampleIds = z.object({
  papers: z.array(
    z.object({
      title: z.string(),
      id: z.string().regex(/^\d{4}\.\d{4,5}$/),
      authors: z.array(z.string()).min(1),
      published: z.iso.date(),
      from: z.array(z.string()).min(1),
    }),
  ),
});

/**
 * Fills an empty library with the bundled sample so the local chat has something to search.
 * Returns how many papers were added (0 when the library already had papers).
 */
export function loadSampleLibrary(
  library: Library,
  deps: { readonly clock: Clock; readonly log: Logger; readonly file?: URL | string; readonly ids?: URL | string },
): number {
  if (library.count() > 0) return 0;
  // The file has no dates. Listing the papers on the day they were loaded gives a digest preview
  // something to rank; their publication date stays unknown ('') unless the ids file gives it.
  const day = new Date(deps.clock.now()).toISOString().slice(0, 10);
  const known = new Map(
    SampleIds.parse(JSON.parse(readFileSync(deps.ids ?? SAMPLE_IDS_URL, 'utf8'))).papers.map((p) => [p.title, p]),
  );
  const papers = parseHfPage(readFileSync(deps.file ?? SAMPLE_LIBRARY_URL, 'utf8')).map((paper): Paper => {
    const ids = known.get(paper.title);
    if (!ids) return { ...paper, listedOn: day };
    const id = `arxiv:${ids.id}`;
    return {
      ...paper,
      id,
      authors: ids.authors,
      // The day only: the pages it was read from give no time.
      published: `${ids.published}T00:00:00Z`,
      // The sample is a Hugging Face papers search, so each of its arXiv papers has an HF page.
      links: { ...arxivLinks(id), hf: `https://huggingface.co/papers/${ids.id}` },
      listedOn: day,
    };
  });
  const result = ingestPapers(library, papers);
  deps.log.info({ module: 'terminal', papers: result.added }, 'sample library loaded');
  return result.added;
}
