import type { Command } from 'commander';
import type { CliContext } from './program.ts';

export function registerConfigCommand(program: Command, ctx: CliContext): void {
  program
    .command('config')
    .description('print the effective configuration (secrets redacted)')
    .action(async () => {
      const { redactConfig } = await import('../config.ts');
      // Unset values print as null rather than vanishing, so every setting is visible.
      ctx.print(JSON.stringify(redactConfig(ctx.config()), (_key, value: unknown) => value ?? null, 2));
    });
}
