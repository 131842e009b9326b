import type { Command } from 'commander';
import { UserInputError } from '../errors/index.ts';
import type { CliContext } from './program.ts';

const FILE_SOURCE = 'file:';

export function registerRemoveCommand(program: Command, ctx: CliContext): void {
  program
    .command('remove')
    .description('delete papers from the library and its search index, by id or by the file they came from')
    .argument('[ids...]', 'paper ids as `search` prints them, arXiv ids or URLs')
    .option('--source <source>', 'every paper imported from a file: file:<name or path>')
    .action(async (ids: string[], options: { source?: string }) => {
      if (ids.length > 0 === (options.source !== undefined)) {
        throw new UserInputError('Give paper ids, or --source file:<name>: one of the two.');
      }
      if (options.source !== undefined && !options.source.startsWith(FILE_SOURCE)) {
        throw new UserInputError('--source takes file:<name>, the file given to `paperboy ingest --file`.');
      }
      const [{ removePapers }, { createPaperImports }] = await Promise.all([
        import('../ingest/remove-papers.ts'),
        import('../ingest/paper-imports.ts'),
      ]);
      await ctx.withApp(async (app) => {
        const from =
          options.source === undefined
            ? undefined
            : createPaperImports({ db: app.db, clock: app.clock }).fromFile(options.source.slice(FILE_SOURCE.length));
        const removed = removePapers({ db: app.db, library: app.library }, from ? from.ids : ids);
        const papers = `${removed.length} paper${removed.length === 1 ? '' : 's'}`;
        ctx.print(from ? `removed ${papers} imported from ${from.file}` : `removed ${papers}: ${removed.join(', ')}`);
      });
    });
}
