import type { Command } from 'commander';
import { requireServeCredentials } from '../discord/http/serve-credentials.ts';
import type { CliContext } from './program.ts';
import type { ServeOptions } from './serve-options.ts';

export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('serve Discord interactions over HTTP (POST /interactions, GET /healthz, GET /readyz)')
    .option('--port <n>', 'port to listen on (default PORT or 3000)')
    .option('--drain-notice <ms>', 'on SIGTERM, keep serving this long after /readyz turns 503 (default 5000)')
    .option('--drain-grace <ms>', 'then let in-flight interactions finish for up to this long (default 20000)')
    .action(async (raw: Record<string, unknown>) => {
      const { parseServeOptions } = await import('./serve-options.ts');
      await runServe(ctx, parseServeOptions(raw));
    });
}

/**
 * Runs one HTTP interactions node until SIGINT or SIGTERM, then drains it (src/discord/http/
 * http-node.ts) and withApp closes the cache and the database; the process exits 0.
 */
async function runServe(ctx: CliContext, options: ServeOptions): Promise<void> {
  ctx.logTo('stderr');
  const log = ctx.log();
  const config = ctx.config();
  // Before the app opens its database and workers: a missing key is then all that is said.
  requireServeCredentials(config.discord);
  const [{ commands }, { botDependencies }, { createHttpNode, DEFAULT_DRAIN }] = await Promise.all([
    import('../../commands/index.ts'),
    import('../app.ts'),
    import('../discord/http/http-node.ts'),
  ]);
  await ctx.withApp(
    async (app) => {
      const node = createHttpNode({
        ...botDependencies(app),
        db: app.db,
        commands,
        log,
        drain: {
          noticeMs: options.drainNotice ?? DEFAULT_DRAIN.noticeMs,
          graceMs: options.drainGrace ?? DEFAULT_DRAIN.graceMs,
        },
      });
      const signalled = new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      try {
        const port = await node.start(options.port ?? config.http.port);
        // One line on stdout a supervisor (or a test) can wait for.
        ctx.print(`listening on ${port}`);
        const signal = await signalled;
        log.info({ signal }, 'shutting down');
      } finally {
        await node.stop();
      }
    },
    { mode: 'bot' },
  );
}
