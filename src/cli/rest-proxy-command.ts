import type { Command } from 'commander';
import type { CliContext } from './program.ts';

const DEFAULT_PORT = 8080;

export function registerRestProxyCommand(program: Command, ctx: CliContext): void {
  program
    .command('rest-proxy')
    .description("run the one Discord REST rate-limit authority that every node's DISCORD_REST_PROXY_URL points at")
    .option('--port <n>', `port to listen on (default ${DEFAULT_PORT})`)
    .option('--host <address>', 'address to listen on (default 127.0.0.1; 0.0.0.0 in a container)')
    .action(async (raw: { port?: string; host?: string }) => {
      const { parseRestProxyOptions } = await import('./rest-proxy-options.ts');
      const options = parseRestProxyOptions(raw, DEFAULT_PORT);
      ctx.logTo('stderr');
      const log = ctx.log();
      const { startRestProxy } = await import('../discord/rest-proxy.ts');
      const proxy = await startRestProxy({ apiUrl: ctx.config().discord.apiUrl, ...options, log });
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      log.info({ signal }, 'rest proxy shutting down');
      await proxy.close();
    });
}
