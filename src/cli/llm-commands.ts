import { type Command, Option } from 'commander';
import { resolvePaper } from '../../commands/shared/resolve-paper.ts';
import { PaperNotFoundError, UserInputError } from '../errors/index.ts';
import type { Library } from '../library/types.ts';
import { groundingWarnings } from '../llm/grounding.ts';
import {
  type Answer,
  type Comparison,
  type Generator,
  type Llm,
  MAX_COMPARE,
  MIN_COMPARE,
  SUMMARY_STYLES,
  type Summary,
  type SummaryStyle,
} from '../llm/types.ts';
import type { UsageCounters } from '../llm/usage-counters.ts';
import { type Paper, paperUrl } from '../papers/paper.ts';
import type { Search } from '../search/types.ts';
import type { Sources } from '../sources/index.ts';
import type { CliContext } from './program.ts';

// Retrieval depth for `ask`: enough papers to answer from, few enough for a focused prompt.
const ASK_PAPERS = 5;

/** What these commands need from the App; library and search are optional while they are being built. */
export interface LlmCommandDeps {
  readonly llm: Llm;
  readonly llmUsage?: UsageCounters;
  readonly library?: Pick<Library, 'get' | 'lookup' | 'upsert' | 'search'>;
  readonly sources?: Pick<Sources, 'lookup'>;
  readonly search?: Pick<Search, 'search'>;
}

/**
 * Finds a paper by id, URL or title exactly as the bot does (commands/shared/resolve-paper.ts).
 * @throws PaperNotFoundError when nothing knows it; AmbiguousPaperError naming the candidates.
 */
export async function findPaper(deps: LlmCommandDeps, input: string): Promise<Paper> {
  if (!deps.library) throw new PaperNotFoundError(input);
  return resolvePaper(input, { services: { library: deps.library, search: deps.search, sources: deps.sources } });
}

/**
 * Up to ASK_PAPERS papers for a question: search when wired, else the library's own index. With an
 * LLM configured, the question is also rewritten into a keyword query (see searchForQuestion).
 */
export async function retrieveForQuestion(
  deps: LlmCommandDeps,
  question: string,
  options: { readonly refresh?: boolean; readonly onNotice?: (notice: string) => void } = {},
): Promise<Paper[]> {
  // Loaded on use: the query rewrite brings zod, which `paperboy --help` has no need of.
  const [{ searchForQuestion }, { searchQueryFor }] = await Promise.all([
    import('../llm/question-search.ts'),
    import('../llm/rewrite-query.ts'),
  ]);
  if (deps.search) {
    const result = await searchForQuestion({ llm: deps.llm, search: deps.search }, question, {
      limit: ASK_PAPERS,
      refresh: options.refresh,
    });
    for (const notice of result.notices) options.onNotice?.(notice);
    return result.papers;
  }
  const query = await searchQueryFor(deps.llm, question, { refresh: options.refresh });
  return (await deps.library?.search(query, { limit: ASK_PAPERS }))?.map((hit) => hit.paper) ?? [];
}

export function registerLlmCommands(program: Command, ctx: CliContext): void {
  program
    .command('summarize')
    .description('summarize a paper from its title and abstract')
    .argument('<paper>', 'arXiv id, URL, DOI or title')
    .addOption(new Option('--style <style>', 'summary style').choices(SUMMARY_STYLES).default('tldr'))
    .option('--lang <code>', 'language of the summary, e.g. en, de', 'en')
    .option('--json', 'print JSON')
    .option('--refresh', 'ignore the cached summary and generate a new one')
    .action(
      async (input: string, options: { style: SummaryStyle; lang: string; json?: boolean; refresh?: boolean }) => {
        await ctx.withApp(async (app) => {
          const deps: LlmCommandDeps = app;
          const paper = await findPaper(deps, input);
          const summary = await deps.llm.summarize(paper, {
            style: options.style,
            language: options.lang,
            refresh: options.refresh,
          });
          ctx.print(options.json ? json({ paper: brief(paper), summary }) : formatSummary(paper, summary));
        });
      },
    );

  program
    .command('compare')
    .description(`compare ${MIN_COMPARE} to ${MAX_COMPARE} papers aspect by aspect`)
    .argument('<papers...>', 'arXiv ids, URLs, DOIs or titles')
    .option('--lang <code>', 'language of the comparison', 'en')
    .option('--json', 'print JSON')
    .option('--refresh', 'ignore the cached comparison and generate a new one')
    .action(async (inputs: string[], options: { lang: string; json?: boolean; refresh?: boolean }) => {
      if (inputs.length < MIN_COMPARE || inputs.length > MAX_COMPARE) {
        throw new UserInputError(`Compare needs ${MIN_COMPARE} to ${MAX_COMPARE} papers.`);
      }
      await ctx.withApp(async (app) => {
        const deps: LlmCommandDeps = app;
        const papers: Paper[] = [];
        for (const input of inputs) papers.push(await findPaper(deps, input));
        const comparison = await deps.llm.compare(papers, { language: options.lang, refresh: options.refresh });
        ctx.print(
          options.json ? json({ papers: papers.map(brief), comparison }) : formatComparison(papers, comparison),
        );
      });
    });

  program
    .command('ask')
    .description('answer a question from the abstracts of the best-matching papers, with citations')
    .argument('<question>', 'the question, in quotes')
    .option('--lang <code>', 'language of the answer', 'en')
    .option('--json', 'print JSON')
    .option('--refresh', 'ignore the cached answer and generate a new one')
    .action(async (question: string, options: { lang: string; json?: boolean; refresh?: boolean }) => {
      await ctx.withApp(async (app) => {
        const deps: LlmCommandDeps = app;
        const papers = await retrieveForQuestion(deps, question, {
          refresh: options.refresh,
          onNotice: (notice) => ctx.notice(`! ${notice}`),
        });
        const answer = await deps.llm.ask(question, papers, { language: options.lang, refresh: options.refresh });
        ctx.print(options.json ? json({ papers: papers.map(brief), answer }) : formatAnswer(papers, answer));
      });
    });

  program
    .command('stats')
    .description('LLM calls, tokens spent and cache hits and misses (kept across runs)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await ctx.withApp(async (app) => {
        const deps: LlmCommandDeps = app;
        const counters = await deps.llmUsage?.read();
        if (!counters) throw new UserInputError('No usage counters are kept in this setup.');
        if (options.json) return ctx.print(json(counters));
        const hits = counters['llm.cache_hits'];
        const lookups = hits + counters['llm.cache_misses'];
        ctx.print(
          [
            `LLM configured:   ${deps.llm.configured ? 'yes' : 'no (extractive summaries)'}`,
            `LLM calls:        ${counters['llm.calls']}`,
            `Prompt tokens:    ${counters['llm.prompt_tokens']}`,
            `Output tokens:    ${counters['llm.completion_tokens']}`,
            `Cache hits:       ${hits} of ${lookups}${lookups > 0 ? ` (${Math.round((hits / lookups) * 100)}%)` : ''}`,
            `Cache misses:     ${counters['llm.cache_misses']}`,
            `Fallbacks:        ${counters['llm.fallbacks']} (extractive answers after an LLM failure)`,
          ].join('\n'),
        );
      });
    });
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

function brief(paper: Paper): { id: string; title: string; url: string | undefined } {
  return { id: paper.id, title: paper.title, url: paperUrl(paper) };
}

function byline(generator: Generator): string {
  return generator.kind === 'llm'
    ? `(written by ${generator.model} from the abstract)`
    : '(key sentences from the abstract; no language model configured or reachable)';
}

export function formatSummary(paper: Paper, summary: Summary): string {
  const lines = [
    paper.title,
    `${paper.id}${paperUrl(paper) ? `  ${paperUrl(paper)}` : ''}`,
    '',
    `TL;DR: ${summary.tldr}`,
    '',
    ...summary.keyPoints.map((point) => `  • ${point}`),
    '',
    // A style without sections (tldr, bullets, eli5) leaves them empty: nothing to print.
    ...(
      [
        ['Method', summary.method],
        ['Results', summary.results],
        ['Limitations', summary.limitations],
      ] as const
    ).flatMap(([label, text]) => (text.trim() ? [`${label}: ${text}`] : [])),
  ];
  if (summary.unverifiedNumbers.length > 0) {
    lines.push('', `Check these numbers, the abstract does not state them: ${summary.unverifiedNumbers.join(', ')}`);
  }
  lines.push('', byline(summary.generator));
  return lines.join('\n');
}

export function formatComparison(papers: readonly Paper[], comparison: Comparison): string {
  const lines = papers.map((paper, i) => `[${i + 1}] ${paper.title} (${paper.id})`);
  for (const row of comparison.rows) {
    lines.push('', `${row.aspect[0]?.toUpperCase()}${row.aspect.slice(1)}`);
    row.cells.forEach((cell, i) => {
      lines.push(`  [${i + 1}] ${cell}`);
    });
  }
  lines.push('', `Verdict: ${comparison.verdict}`);
  for (const warning of groundingWarnings(comparison)) lines.push('', `! ${warning}`);
  lines.push('', byline(comparison.generator));
  return lines.join('\n');
}

export function formatAnswer(papers: readonly Paper[], answer: Answer): string {
  const lines = [answer.text];
  if (answer.citations.length > 0) {
    lines.push('');
    for (const { n, paperId } of answer.citations) {
      const paper = papers.find((p) => p.id === paperId);
      lines.push(`[${n}] ${paper?.title ?? paperId} (${paperId})`);
    }
  }
  for (const warning of groundingWarnings(answer)) lines.push('', `! ${warning}`);
  lines.push('', byline(answer.generator));
  return lines.join('\n');
}
