import type { Command } from 'commander';
import { resolvePaper } from '../../commands/shared/resolve-paper.ts';
import type { App } from '../app.ts';
import { PaperNotFoundError } from '../errors/index.ts';
import { mergePapers } from '../papers/merge-papers.ts';
import { type Paper, paperUrl } from '../papers/paper.ts';
import { type ParsedPaperId, tryParsePaperId } from '../papers/parse-paper-id.ts';
import type { CliContext } from './program.ts';

export function registerPaperCommand(program: Command, ctx: CliContext): void {
  program
    .command('paper')
    .description('show one paper by id or URL: the library copy merged with what the sources say')
    .argument('<id-or-url>', 'arXiv id or URL, Hugging Face paper URL, DOI, a local: id or a title')
    .option('--json', 'print the paper as JSON')
    .action(async (input: string, options: { json?: boolean }) => {
      await ctx.withApp(async (app) => {
        // What no id parser knows (`local:` ids that `search` prints, titles) resolves as in the bot.
        const parsed = tryParsePaperId(input);
        const paper = parsed ? await findPaper(app, parsed, ctx.notice) : await resolvePaper(input, { services: app });
        if (!paper) throw new PaperNotFoundError(input);
        ctx.print(options.json ? JSON.stringify(paper, null, 2) : formatPaper(paper));
      });
    });
}

/** Library first; then the sources, merged over it. A source outage still shows the library copy. */
async function findPaper(app: App, parsed: ParsedPaperId, notice: (text: string) => void): Promise<Paper | undefined> {
  const stored = app.library.get(parsed.id);
  let fetched: Paper | undefined;
  try {
    fetched = await app.sources.lookup(parsed);
  } catch (error) {
    if (!stored) throw error;
    app.log.warn({ err: error, id: parsed.id }, 'sources unavailable; showing the library copy');
    notice('! The live sources are not answering; showing the library copy.');
  }
  const records = [stored, fetched].filter((p): p is Paper => p !== undefined);
  return records.length > 0 ? mergePapers(records) : undefined;
}

export function formatPaper(paper: Paper): string {
  const lines = [
    paper.title,
    `${paper.id}${paper.version ? ` (v${paper.version})` : ''}${paper.categories.length ? ` · ${paper.categories.join(', ')}` : ''}`,
  ];
  if (paper.authors.length) lines.push(paper.authors.join(', '));
  const facts = [
    paper.published ? `published ${paper.published.slice(0, 10)}` : undefined,
    paper.updated ? `updated ${paper.updated.slice(0, 10)}` : undefined,
    paper.upvotes === undefined ? undefined : `${paper.upvotes} upvotes`,
    paper.citationCount === undefined ? undefined : `${paper.citationCount} citations`,
  ].filter(Boolean);
  if (facts.length) lines.push(facts.join(' · '));
  const url = paperUrl(paper);
  if (url) lines.push(url);
  if (paper.links.code) lines.push(`code: ${paper.links.code}`);
  if (paper.tldr) lines.push('', `TL;DR: ${paper.tldr}`);
  if (paper.aiSummary) lines.push('', `AI summary: ${paper.aiSummary}`);
  if (paper.abstract) lines.push('', paper.abstract);
  lines.push('', `sources: ${paper.sources.join(', ')}`);
  return lines.join('\n');
}
