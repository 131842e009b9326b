import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UserInputError } from '../errors/index.ts';
import { type IngestResult, ingestPapers } from '../ingest/ingest-papers.ts';
import { createPaperImports } from '../ingest/paper-imports.ts';
import { describeSkipped, SKIPPED_SHOWN } from '../ingest/skip-report.ts';
import { showInvisible } from '../ingest/visible-text.ts';
import type { Paper } from '../papers/paper.ts';
import type { Sources } from '../sources/index.ts';
import type { CliContext } from './program.ts';
import { whileWaiting } from './progress.ts';

interface IngestOptions {
  readonly hfDaily?: string;
  readonly arxiv?: string;
  readonly max: number;
  readonly rss?: string;
  readonly replacements?: boolean;
  readonly file?: string;
  readonly strict?: boolean;
}

// arXiv asks for result sets under 2000 per call; more than that belongs to a bulk dump, not the API.
const MAX_ARXIV_RESULTS = 2000;

export function registerIngestCommand(program: Command, ctx: CliContext): void {
  program
    .command('ingest')
    .description('fetch papers from a source (or read a file) and store them in the library')
    .option('--hf-daily <date>', 'Hugging Face Daily Papers of a UTC day (YYYY-MM-DD)')
    .option('--arxiv <query>', 'arXiv search (free text)')
    .option('--max <n>', 'most arXiv results to fetch', parseMax, 100)
    .option('--rss <categories>', "today's arXiv announcements, e.g. cs.LG,cs.CL")
    .option('--replacements', 'with --rss: include replaced papers too')
    .option('--file <path>', 'a JSON array, JSONL (papers or BEIR corpus.jsonl) or a saved HF Papers page')
    .option('--strict', 'store nothing when any record is skipped or rejected')
    .action(async (options: IngestOptions) => {
      const chosen = [options.hfDaily, options.arxiv, options.rss, options.file].filter((v) => v !== undefined);
      if (chosen.length !== 1) {
        throw new UserInputError('Choose exactly one of --hf-daily, --arxiv, --rss or --file.');
      }
      await ctx.withApp(async (app) => {
        // A live fetch or a big file can take a while: the time it takes shows on stderr.
        const reading = ctx.progress({ label: options.file === undefined ? 'fetching' : `reading ${options.file}` });
        const { label, papers, note } = await whileWaiting(reading, () => collect(app.sources, options, ctx));
        // A file's papers remember it, so that `paperboy remove --source file:<name>` can take them back.
        const source =
          options.file === undefined
            ? undefined
            : { file: resolve(options.file), imports: createPaperImports({ db: app.db, clock: app.clock }) };
        const storing = ctx.progress({ label, unit: 'papers' });
        let result: IngestResult;
        try {
          result = ingestPapers(app.library, papers, {
            strict: options.strict === true,
            ...(source ? { source } : {}),
            onProgress: (stored, total) => storing.update(stored, total),
          });
        } finally {
          storing.finish();
        }
        for (const { id, reason } of result.rejected.slice(0, SKIPPED_SHOWN))
          ctx.notice(`rejected ${showInvisible(id)}: ${reason}`);
        const rejected = result.rejected.length > 0 ? `${result.rejected.length} rejected` : undefined;
        if (rejected) app.log.warn({ rejected: result.rejected }, 'papers rejected by ingest');
        const extra = note || rejected ? ` (${[note, rejected].filter(Boolean).join('; ')})` : '';
        ctx.print(
          `${label}: ${papers.length} papers, ${result.added} inserted, ${result.updated} updated, ${result.unchanged} unchanged${extra}`,
        );
      });
    });
}

async function collect(
  sources: Sources,
  options: IngestOptions,
  ctx: CliContext,
): Promise<{ label: string; papers: readonly Paper[]; note?: string }> {
  if (options.hfDaily !== undefined) {
    return { label: `huggingface ${options.hfDaily}`, papers: await sources.huggingface.daily(options.hfDaily) };
  }
  if (options.arxiv !== undefined) {
    return { label: 'arxiv', papers: await sources.arxiv.search(options.arxiv, { limit: options.max }) };
  }
  if (options.rss !== undefined) {
    const { papers, announced } = await sources.arxivRss.announcements(options.rss.split(','), {
      includeReplacements: options.replacements === true,
    });
    return { label: `arxiv rss ${options.rss}`, papers, ...(announced ? {} : { note: 'no announcements today' }) };
  }
  const file = options.file ?? '';
  // Loaded on use: the file parser brings zod and jsonc-parser, which `paperboy --help` has no need of.
  const { importFile } = await import('../ingest/import-file.ts');
  const imported = await importFile(file);
  for (const line of describeSkipped(file, imported.skipped)) ctx.notice(line);
  if (options.strict && imported.skipped.length > 0) {
    throw new UserInputError(
      `${imported.skipped.length} records of ${file} were skipped (see above); with --strict nothing was stored.`,
    );
  }
  if (imported.papers.length === 0) throw new UserInputError(`No papers found in ${file}.`);
  const note = imported.skipped.length > 0 ? `${imported.skipped.length} records skipped` : undefined;
  return { label: `file (${imported.format})`, papers: imported.papers, ...(note ? { note } : {}) };
}

function parseMax(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_ARXIV_RESULTS) {
    throw new UserInputError(`--max takes a whole number from 1 to ${MAX_ARXIV_RESULTS}.`);
  }
  return n;
}
