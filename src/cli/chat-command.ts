import type { Command } from 'commander';
import type { CliContext } from './program.ts';

/** Runs the local chat on stdin/stdout until /quit or end of input. */
export async function runChat(ctx: CliContext): Promise<void> {
  const [{ commands }, { createCommandServices }, { startChat }] = await Promise.all([
    import('../../commands/index.ts'),
    import('../app.ts'),
    import('../terminal/chat.ts'),
  ]);
  // The chat owns the terminal: records go to the log file, and the greeting names it once.
  ctx.logTo('file');
  await ctx.withApp(
    (app) =>
      startChat({
        logFile: ctx.logFile(),
        services: createCommandServices(app),
        log: app.log,
        clock: app.clock,
        commands,
        input: process.stdin,
        output: process.stdout,
      }),
    { mode: 'interactive' },
  );
}

export function registerChatCommand(program: Command, ctx: CliContext): void {
  program
    .command('chat')
    .description("chat with Paperboy in the terminal: the bot's commands, rendered as text")
    .action(() => runChat(ctx));
}
