import type { Cache } from '../cache/create-cache.ts';
import { UpstreamError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import type { Paper } from '../papers/paper.ts';
import { tryParsePaperId } from '../papers/parse-paper-id.ts';
import { stemmedTerms } from '../text/index.ts';
import { isLatexmlPage, type PaperSection, paperSections } from './arxiv-html-text.ts';
import type { HttpClient } from './http.ts';

/**
 * A paper's full text, when arXiv has an HTML rendering of it; otherwise why not: `not-arxiv`
 * (no arXiv id), `no-html` (arXiv has none: 404, or a page that is not a rendered paper) or
 * `unavailable` (offline, arXiv not answering: worth asking again later, so not cached).
 */
export type FullTextResult =
  | { readonly kind: 'found'; readonly url: string; readonly sections: readonly FullTextSection[] }
  | { readonly kind: 'none'; readonly reason: 'not-arxiv' | 'no-html' | 'unavailable' };

/** A section of a paper's full text; each paragraph with its stems, for passage search. */
export interface FullTextSection {
  readonly title: string;
  readonly paragraphs: ReadonlyArray<{
    readonly text: string;
    /** The stems of the section title and the paragraph (src/text stemmedTerms), space-separated. */
    readonly stems: string;
  }>;
}

/** The full text of papers (/ask in a Discuss thread). */
export interface FullTextSource {
  /** Never throws for the source's failures (they read as `unavailable`); rethrows the signal's abort. */
  fullText(paper: Pick<Paper, 'id' | 'version'>, options?: { readonly signal?: AbortSignal }): Promise<FullTextResult>;
}

// arXiv renders HTML once, at submission: a version's text (and its absence) does not change, so
// both are kept for long. Versions are in the key, so a new version is fetched anew.
const FULL_TEXT_TTL_MS = 30 * 24 * 60 * 60_000;
// A rendered paper is rarely past a few MB; past this the page is not read (bounded memory and time).
const MAX_HTML_CHARS = 8_000_000;

/**
 * arXiv's HTML renderings (`<htmlUrl>/<id>[vN]`), through the arXiv HTTP client: its one-at-a-time
 * rate limiter (shared with the API and RSS), User-Agent, timeout and retries.
 */
// Stemming is the costly part of passage search (≈1 ms per paragraph): done once per page here,
// cached with its text, so a question only counts stems.
const PARAGRAPHS_PER_SLICE = 4;

/** Lets other work on the event loop run between slices of a long page. */
function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function withStems(sections: readonly PaperSection[]): Promise<FullTextSection[]> {
  const indexed: FullTextSection[] = [];
  let done = 0;
  for (const section of sections) {
    const paragraphs = [];
    for (const text of section.paragraphs) {
      if (++done % PARAGRAPHS_PER_SLICE === 0) await pause();
      paragraphs.push({ text, stems: stemmedTerms(`${section.title} ${text}`).join(' ') });
    }
    indexed.push({ title: section.title, paragraphs });
  }
  return indexed;
}

export function createArxivHtmlSource(deps: {
  readonly htmlUrl: string;
  readonly http: HttpClient;
  readonly cache: Cache;
  readonly log: Logger;
}): FullTextSource {
  const { http, cache } = deps;
  const log = deps.log.child({ module: 'sources', service: 'arxiv', source: 'html' });
  const base = deps.htmlUrl.replace(/\/+$/, '');

  async function fetchFullText(url: string, signal: AbortSignal | undefined): Promise<FullTextResult> {
    let text: string;
    try {
      ({ text } = await http.request({ url, accept: 'text/html', ...(signal ? { signal } : {}) }));
    } catch (error) {
      if (error instanceof UpstreamError && error.failure === 'not_found') return { kind: 'none', reason: 'no-html' };
      throw error;
    }
    if (!isLatexmlPage(text)) return { kind: 'none', reason: 'no-html' };
    const parsed = await paperSections(text.slice(0, MAX_HTML_CHARS), { pause });
    const sections = await withStems(parsed.filter((s) => !/^abstract$/i.test(s.title)));
    return sections.length > 0 ? { kind: 'found', url, sections } : { kind: 'none', reason: 'no-html' };
  }

  return {
    async fullText(paper, options = {}) {
      const parsed = tryParsePaperId(paper.id);
      if (parsed?.kind !== 'arxiv') return { kind: 'none', reason: 'not-arxiv' };
      const id = paper.version === undefined ? parsed.arxivId : `${parsed.arxivId}v${paper.version}`;
      const url = `${base}/${id}`;
      try {
        return await cache.getOrSet('sources', `arxiv:html:${id}`, () => fetchFullText(url, options.signal), {
          ttlMs: FULL_TEXT_TTL_MS,
        });
      } catch (error) {
        options.signal?.throwIfAborted();
        log.warn({ err: error, id }, 'arXiv HTML not fetched; answering from the abstract');
        return { kind: 'none', reason: 'unavailable' };
      }
    },
  };
}
