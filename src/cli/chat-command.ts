import type { Command } from 'commander';
import type { CliContext } from './program.ts';

/** Runs the local chat on stdin/stdout until /quit or end of input. */
export async function runChat(ctx: CliContext): Promise<void> {
  const [{ commands, routes }, { createCommandServices }, { startChat }] = await Promise.all([
    import('../../commands/index.ts'),
    import('../app.ts'),
    import('../terminal/chat.ts'),
  ]);
  await ctx.withApp((app) =>
    startChat({
      services: createCommandServices(app),
      log: app.log,
      clock: app.clock,
      commands,
      routes,
      input: process.stdin,
      output: process.stdout,
    }),
  );
}

export function registerChatCommand(program: Command, ctx: CliContext): void {
  program
    .command('chat')
    .description("chat with Paperboy in the terminal: the bot's commands, rendered as text")
    .action(() => runChat(ctx));
}
