import type { Command } from 'commander';
import { UserInputError } from '../errors/index.ts';
import { paperUrl } from '../papers/paper.ts';
import { MAX_QUERY_LENGTH, SEARCH_SOURCES, type SearchResult, SINCE_VALUES } from '../search/types.ts';
import type { CliContext } from './program.ts';

/** One JSON line per hit, as documented in the README (`--json`). */
export interface SearchJsonHit {
  readonly id: string;
  readonly title: string;
  readonly score: number;
  readonly published: string;
  readonly url: string | null;
  readonly snippet: string;
}

export function registerSearchCommand(program: Command, ctx: CliContext): void {
  program
    .command('search')
    .description('search the library (and, when online, Hugging Face and arXiv) for papers')
    .argument('<query>', 'what to look for, e.g. "speculative decoding"')
    .option('--limit <n>', 'how many results (1–100)', '10')
    .option('--offset <n>', 'skip this many results (next page)', '0')
    .option('--since <span>', `only papers from the last ${SINCE_VALUES.join('|')}`, 'any')
    .option('--source <source>', SEARCH_SOURCES.join('|'), 'all')
    .option('--category <cat...>', 'only these arXiv categories, e.g. cs.CL')
    .option('--offline', 'library only; ask no live source')
    .option('--json', 'print [{id, title, score, published, url, snippet}]')
    .action(async (query: string, raw: Record<string, unknown>) => {
      const { parseSearchOptions } = await import('./search-options.ts');
      const options = parseSearchOptions(raw);
      if (query.trim().length === 0 || query.length > MAX_QUERY_LENGTH) {
        throw new UserInputError(`The query takes 1 to ${MAX_QUERY_LENGTH} characters; this one has ${query.length}.`);
      }
      await ctx.withApp(async (app) => {
        const result = await app.search.search(query, {
          limit: options.limit,
          offset: options.offset,
          since: options.since,
          source: options.source,
          categories: options.category,
          offline: options.offline,
        });
        // Results on stdout, notices on stderr: `search … > out` keeps only papers (issue 15).
        for (const notice of result.notices) ctx.notice(`! ${notice}`);
        if (!options.json && result.hits.length === 0) ctx.notice(`No papers match "${result.query}".`);
        const text = options.json ? JSON.stringify(toJson(result), null, 2) : formatResult(result, options.offset);
        if (text) ctx.print(text);
        if (!options.json && result.total > 0) {
          ctx.notice(`More results: --offset ${options.offset + result.hits.length}`);
        }
      });
    });
}

export function toJson(result: SearchResult): SearchJsonHit[] {
  return result.hits.map((hit) => ({
    id: hit.paper.id,
    title: hit.paper.title,
    score: Number(hit.score.toFixed(6)),
    published: hit.paper.published,
    url: paperUrl(hit.paper) ?? null,
    snippet: hit.snippet,
  }));
}

/** The hits as numbered text; notices, "no papers match" and "more results" are the caller's (stderr). */
export function formatResult(result: SearchResult, offset = 0): string {
  const lines: string[] = [];
  result.hits.forEach((hit, i) => {
    const url = paperUrl(hit.paper);
    const about = [hit.paper.id, hit.paper.published.slice(0, 10)].filter(Boolean).join(', ');
    lines.push(`${offset + i + 1}. ${hit.paper.title} (${about})`);
    if (url) lines.push(`   ${url}`);
    if (hit.snippet) lines.push(`   ${hit.snippet}`);
  });
  return lines.join('\n');
}
