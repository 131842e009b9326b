import { AmbiguousPaperError, PaperNotFoundError, UserInputError } from '../../src/errors/index.ts';
import { ingestPapers } from '../../src/ingest/ingest-papers.ts';
import type { CommandSources } from '../../src/interactions/types.ts';
import type { Library } from '../../src/library/types.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { tryParsePaperId } from '../../src/papers/parse-paper-id.ts';
import type { Search } from '../../src/search/types.ts';

// Canonical ids the parser does not produce (imported papers, whose local ids may hold spaces)
// are still looked up directly.
const CANONICAL_ID = /^(?:local|arxiv|doi|s2):\S/;
// Candidates named in an ambiguity error: enough to choose from, few enough to read.
const TITLE_CANDIDATES = 5;

/**
 * What resolving needs: the bot's CommandContext fits, and so does the CLI's App (one resolver
 * for both, issue 12). Without `search` only ids and library titles resolve.
 */
export interface PaperResolverContext {
  readonly services: {
    readonly library: Pick<Library, 'get' | 'lookup' | 'upsert'>;
    readonly search?: Pick<Search, 'search'>;
    readonly sources?: Pick<CommandSources, 'lookup'>;
  };
  readonly signal?: AbortSignal;
}

/**
 * Finds the paper a user means by an id, URL or title: a parseable id is looked up in the library,
 * then in the live sources (a hit is kept in the library so later buttons find it); a canonical
 * id the library holds (`local:…`) is taken as it is; anything else is taken as a title: an exact
 * title, else the one paper whose title starts with the text or has every word typed.
 * @throws PaperNotFoundError when nothing matches; AmbiguousPaperError (naming the candidates) when
 * several papers fit and none exactly; UserInputError when the text is empty.
 */
export async function resolvePaper(text: string, ctx: PaperResolverContext): Promise<Paper> {
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
  const listed = await library.lookup(query, 10);
  const exact = listed.find((candidate) => normalizeTitle(candidate.title) === wanted);
  const exactPaper = exact ? library.get(exact.id) : undefined;
  if (exactPaper) return exactPaper;

  // A title must name the paper: its title starts with the text, or has every word typed. The
  // best hit of a plain search ("BERT" → some paper mentioning BERT) would be a guess shown as an
  // answer, and so would the first of several fits.
  const candidates = new Map<string, { readonly id: string; readonly title: string; paper?: Paper }>();
  for (const hit of listed) {
    if (normalizeTitle(hit.title).startsWith(wanted)) candidates.set(hit.id, hit);
  }
  const words = wanted.split(' ').filter((word) => word.length > 0);
  const result = await search?.search(query, { limit: TITLE_CANDIDATES, signal: ctx.signal });
  for (const hit of result?.hits ?? []) {
    const title = ` ${normalizeTitle(hit.paper.title)} `;
    if (words.every((word) => title.includes(` ${word}`))) {
      candidates.set(hit.paper.id, { id: hit.paper.id, title: hit.paper.title, paper: hit.paper });
    }
  }
  const fits = [...candidates.values()];
  if (fits.length > 1) throw new AmbiguousPaperError(query, fits.slice(0, TITLE_CANDIDATES));
  const [only] = fits;
  const paper = only ? (only.paper ?? library.get(only.id)) : undefined;
  if (!paper) throw new PaperNotFoundError(query);
  return paper;
}

function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
