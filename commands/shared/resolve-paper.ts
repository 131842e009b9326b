import { PaperNotFoundError, UserInputError } from '../../src/errors/index.ts';
import { ingestPapers } from '../../src/ingest/ingest-papers.ts';
import type { CommandContext } from '../../src/interactions/types.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { tryParsePaperId } from '../../src/papers/parse-paper-id.ts';

// Canonical ids the parser does not produce (imported papers) are still looked up directly.
const CANONICAL_ID = /^(?:local|arxiv|doi|s2):\S+$/;
const TITLE_CANDIDATES = 5;

/**
 * Finds the paper a user means by an id, URL or title: a parseable id is looked up in the library,
 * then in the live sources (a hit is kept in the library so later buttons find it); anything else
 * is taken as a title (an exact title first, then a search hit whose title has every word typed).
 * @throws PaperNotFoundError when nothing matches; UserInputError when the text is empty.
 */
export async function resolvePaper(text: string, ctx: CommandContext): Promise<Paper> {
  const query = text.trim();
  if (!query) throw new UserInputError('Give a paper id, URL or title.');
  const { library, sources, search } = ctx.services;

  const parsed = tryParsePaperId(query);
  if (parsed) {
    const stored = library.get(parsed.id);
    if (stored) return stored;
    const found = await sources?.lookup(parsed, { signal: ctx.signal });
    if (found) {
      ingestPapers(library, [found]);
      return found;
    }
    throw new PaperNotFoundError(query);
  }

  if (CANONICAL_ID.test(query)) {
    const stored = library.get(query);
    if (stored) return stored;
  }

  const wanted = normalizeTitle(query);
  const exact = (await library.lookup(query, 10)).find((candidate) => normalizeTitle(candidate.title) === wanted);
  const exactPaper = exact ? library.get(exact.id) : undefined;
  if (exactPaper) return exactPaper;

  // A title search must name the paper: every word typed appears in its title. The best hit of a
  // plain search ("BERT" → some paper mentioning BERT) would be a guess shown as an answer.
  const words = wanted.split(' ').filter((word) => word.length > 0);
  const result = await search.search(query, { limit: TITLE_CANDIDATES, signal: ctx.signal });
  const match = result.hits.find((hit) => {
    const title = ` ${normalizeTitle(hit.paper.title)} `;
    return words.every((word) => title.includes(` ${word} `) || title.includes(` ${word}`));
  });
  if (!match) throw new PaperNotFoundError(query);
  return match.paper;
}

function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
