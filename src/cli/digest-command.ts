import type { Command } from 'commander';
import type { RankedPaper } from '../digest/planning/ranking/rank.ts';
import { UserInputError } from '../errors/index.ts';
import { paperUrl } from '../papers/paper.ts';
import { renderDigestText } from '../render/digest-text.ts';
import type { CliContext } from './program.ts';

/** One JSON object per ranked paper (`digest preview --json`). */
export interface DigestPreviewJson {
  readonly rank: number;
  readonly id: string;
  readonly title: string;
  readonly score: number;
  readonly relevance: number;
  readonly upvotes: number | null;
  readonly matchedTerms: readonly string[];
  readonly url: string | null;
}

export function registerDigestCommand(program: Command, ctx: CliContext): void {
  const digest = program.command('digest').description('daily digests: post one now, or preview a ranking');

  digest
    .command('run')
    .description("build and post a channel's digest now (through the ledger: a day is never posted twice)")
    .requiredOption('--channel <id>', 'the subscribed channel')
    .option('--date <YYYY-MM-DD>', "the channel's local date (default: today there)")
    .option('--dry-run', 'print the digest instead of posting it')
    .action(async (raw: Record<string, unknown>) => {
      const { parseRunOptions } = await import('./digest-options.ts');
      const options = parseRunOptions(raw);
      const config = ctx.config();
      await ctx.withApp(async (app) => {
        if (options.dryRun) {
          const preview = await app.digest.preview(undefined, options.channel, options.date);
          ctx.print(preview.messages.map(renderDigestText).join('\n\n') || `Nothing to post for ${preview.localDate}.`);
          return;
        }
        const token = config.discord.token;
        if (!token)
          throw new UserInputError('Posting needs DISCORD_TOKEN; use --dry-run to see the digest without it.');
        // No gateway needed to post: discord.js's REST client alone, as the bot's client.rest does
        // (loaded here: discord.js is for posting, not for every paperboy command's start-up).
        const [{ createDiscordRest }, { createDigestDelivery }, { digestControls }] = await Promise.all([
          import('../discord/deploy.ts'),
          import('../discord/digest-channel.ts'),
          import('../../commands/shared/digest-controls.ts'),
        ]);
        // The same buttons and menus as the bot's posts (feedback, Discuss): the bot answers them whenever clicked.
        const delivery = createDigestDelivery(createDiscordRest(config.discord.restUrl, token), digestControls);
        const outcome = await app.digest.runNow(options.channel, {
          ...(options.date ? { date: options.date } : {}),
          delivery,
        });
        ctx.print(
          outcome.kind === 'done'
            ? `Posted ${outcome.posted} message(s).`
            : outcome.kind === 'retry'
              ? `Not posted: ${outcome.reason}. The bot retries at ${new Date(outcome.at).toISOString()}.`
              : `Not posted: ${outcome.reason}`,
        );
        if (outcome.kind !== 'done') process.exitCode = 1;
      });
    });

  digest
    .command('preview')
    .description("rank a day's papers in the library for topics (offline; no source or LLM is asked)")
    .requiredOption('--topics <list>', 'comma-separated topics, e.g. "LLM reasoning, RL"')
    .option('--exclude <list>', 'comma-separated keywords that remove a paper')
    .option('--date <YYYY-MM-DD>', 'the listing day (default: today, UTC)')
    .option('--min-upvotes <n>', 'only papers with at least this many upvotes')
    .option('--max-papers <n>', 'papers in the digest (1–10, default 5)')
    .option('--json', 'print the full ranking as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const { parsePreviewOptions } = await import('./digest-options.ts');
      const { options, settings } = parsePreviewOptions(raw);
      await ctx.withApp(async (app) => {
        const date = options.date ?? new Date(app.clock.now()).toISOString().slice(0, 10);
        const { ranked, preview } = await app.digest.previewFromLibrary(settings, date);
        ctx.print(
          options.json ? JSON.stringify(toJson(ranked), null, 2) : preview.messages.map(renderDigestText).join('\n\n'),
        );
      });
    });
}

export function toJson(ranked: readonly RankedPaper[]): DigestPreviewJson[] {
  return ranked.map((entry, i) => ({
    rank: i + 1,
    id: entry.paper.id,
    title: entry.paper.title,
    score: Number(entry.score.toFixed(6)),
    relevance: Number(entry.relevance.toFixed(6)),
    upvotes: entry.paper.upvotes ?? null,
    matchedTerms: entry.matchedTerms,
    url: paperUrl(entry.paper) ?? null,
  }));
}
