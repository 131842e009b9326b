import { readFileSync } from 'node:fs';
import type { Clock } from '../clock.js';
import type { Library } from '../library/types.js';
import type { Logger } from '../log.js';
import type { Paper } from '../papers/paper.js';

/** The bundled sample: a saved Hugging Face papers search for "self-learning" (titles and abstracts). */
export const SAMPLE_LIBRARY_URL = new URL('../../assets/sample/hf-papers-self-learning.txt', import.meta.url);

// A title is one short line; an abstract is a long paragraph. These bounds tell them apart from
// the page chrome at the top of the saved page ("Subscribe", "Daily Papers", …).
const MAX_TITLE_CHARS = 300;
const MIN_ABSTRACT_CHARS = 200;
// Select-menu values are at most 100 characters (Discord), so ids stay well below that.
const MAX_SLUG_CHARS = 60;

/**
 * Parses the sample format: a header, then a title paragraph followed by its abstract paragraph,
 * paragraphs separated by blank lines. Ids are `local:<slug of the title>`, unique within the file.
 * `day` (YYYY-MM-DD) is used as the publication and listing date, since the file carries none.
 */
export function parseSampleLibrary(text: string, day: string): Paper[] {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter((paragraph) => paragraph.length > 0);
  const papers: Paper[] = [];
  const used = new Set<string>();
  for (let i = 0; i + 1 < paragraphs.length; i++) {
    const title = paragraphs[i] ?? '';
    const abstract = paragraphs[i + 1] ?? '';
    if (title.length > MAX_TITLE_CHARS || abstract.length < MIN_ABSTRACT_CHARS) continue;
    papers.push({
      id: uniqueId(slugify(title), used),
      title,
      abstract,
      authors: [],
      published: `${day}T00:00:00.000Z`,
      listedOn: day,
      categories: [],
      links: {},
      keywords: [],
      sources: ['local'],
    });
    i++;
  }
  return papers;
}

/**
 * Fills an empty library with the bundled sample so the local chat has something to search.
 * Returns how many papers were added (0 when the library already had papers).
 */
export function loadSampleLibrary(
  library: Library,
  deps: { readonly clock: Clock; readonly log: Logger; readonly file?: URL | string },
): number {
  if (library.count() > 0) return 0;
  const day = new Date(deps.clock.now()).toISOString().slice(0, 10);
  const papers = parseSampleLibrary(readFileSync(deps.file ?? SAMPLE_LIBRARY_URL, 'utf8'), day);
  const result = library.upsert(papers);
  deps.log.info({ module: 'terminal', papers: result.inserted }, 'sample library loaded');
  return result.inserted;
}

function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = slug.slice(0, MAX_SLUG_CHARS).replace(/-+$/, '');
  return cut || 'paper';
}

function uniqueId(slug: string, used: Set<string>): string {
  let id = `local:${slug}`;
  for (let n = 2; used.has(id); n++) id = `local:${slug}-${n}`;
  used.add(id);
  return id;
}
