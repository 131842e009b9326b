import type { Command } from 'commander';
import { runChat } from './chat-command.ts';
import type { CliContext } from './program.ts';

export function registerStartCommand(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('run the Discord bot (DISCORD_TOKEN), or the local chat in a terminal without one')
    .action(async () => {
      const config = ctx.config();
      if (!config.discord.token) {
        if (process.stdin.isTTY && process.stdout.isTTY) {
          ctx.notice('No DISCORD_TOKEN set: starting the local chat (set DISCORD_TOKEN in .env to run the bot).');
          await runChat(ctx);
          return;
        }
        process.stderr.write(
          'DISCORD_TOKEN is not set. Copy .env.example to .env and set DISCORD_TOKEN, or run in a terminal for the local chat.\n',
        );
        process.exitCode = 1;
        return;
      }
      await runBot(ctx);
    });
}

/**
 * Runs the bot (which also runs the digest scheduler) until SIGINT or SIGTERM, then shuts down
 * gracefully: no new interactions, in-flight ones finish, the scheduler ends its current tick, the
 * client disconnects, and withApp closes the cache and the database.
 */
async function runBot(ctx: CliContext): Promise<void> {
  // A server's log belongs on stderr (pretty on a terminal), where its supervisor collects it.
  ctx.logTo('stderr');
  const log = ctx.log();
  // Loaded here, not at the top: discord.js and the commands are only for the bot.
  const [{ commands }, { botDependencies }, { createBot }] = await Promise.all([
    import('../../commands/index.ts'),
    import('../app.ts'),
    import('../discord/bot.ts'),
  ]);
  await ctx.withApp(
    async (app) => {
      const bot = createBot({
        ...botDependencies(app),
        commands,
        log,
      });
      const signalled = new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      try {
        await bot.start();
        const signal = await signalled;
        log.info({ signal }, 'shutting down');
      } finally {
        await bot.stop();
      }
    },
    { mode: 'bot' },
  );
}
