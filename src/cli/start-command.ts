import type { Command } from 'commander';
import type { CliContext } from './program.js';

export function registerStartCommand(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('run the Discord bot (DISCORD_TOKEN), or the local chat in a terminal without one')
    .action(async () => {
      const config = ctx.config();
      if (!config.discord.token) {
        if (process.stdin.isTTY && process.stdout.isTTY) {
          ctx.print('No DISCORD_TOKEN set: the local chat is not built yet. Set DISCORD_TOKEN in .env to run the bot.');
          return;
        }
        process.stderr.write(
          'DISCORD_TOKEN is not set. Copy .env.example to .env and set DISCORD_TOKEN, or run in a terminal for the local chat.\n',
        );
        process.exitCode = 1;
        return;
      }
      process.stderr.write('The Discord bot is not built yet.\n');
      process.exitCode = 1;
    });
}
