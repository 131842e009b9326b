import { readFileSync } from 'node:fs';
import type { Clock } from '../clock.ts';
import { parseHfPage } from '../ingest/import-file.ts';
import { ingestPapers } from '../ingest/ingest-papers.ts';
import type { Library } from '../library/types.ts';
import type { Logger } from '../log.ts';

/** The bundled sample: a saved Hugging Face papers search for "self-learning" (titles and abstracts). */
export const SAMPLE_LIBRARY_URL = new URL('../../assets/sample/hf-papers-self-learning.txt', import.meta.url);

/**
 * Fills an empty library with the bundled sample so the local chat has something to search.
 * Returns how many papers were added (0 when the library already had papers).
 */
export function loadSampleLibrary(
  library: Library,
  deps: { readonly clock: Clock; readonly log: Logger; readonly file?: URL | string },
): number {
  if (library.count() > 0) return 0;
  // The file has no dates. Listing the papers on the day they were loaded gives a digest preview
  // something to rank; their publication date stays unknown ('').
  const day = new Date(deps.clock.now()).toISOString().slice(0, 10);
  const papers = parseHfPage(readFileSync(deps.file ?? SAMPLE_LIBRARY_URL, 'utf8')).map((paper) => ({
    ...paper,
    listedOn: day,
  }));
  const result = ingestPapers(library, papers);
  deps.log.info({ papers: result.added }, 'sample library loaded');
  return result.added;
}
