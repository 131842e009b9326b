import { Command } from 'commander';
import type { App } from '../app.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';

/**
 * What every subcommand needs: config and logger up front, the app built lazily (and closed).
 * `load()` must run before config() or log(): it imports the modules behind them only when a
 * command actually runs, so `paperboy --help` loads commander and little else.
 */
export interface CliContext {
  load(): Promise<void>;
  config(): Config;
  log(): Logger;
  /** Builds the app, runs `work`, and always closes the app. */
  withApp<T>(
    work: (app: App) => Promise<T>,
    options?: { readonly readWorkers?: boolean; readonly bot?: boolean },
  ): Promise<T>;
  /** Writes a command's result to stdout (logs go to stderr, so this can be piped). */
  print(text: string): void;
}

export function createCliContext(): CliContext {
  let config: Config | undefined;
  let log: Logger | undefined;
  let modules:
    | {
        loadConfig: () => Config;
        secretValues: (config: Config) => string[];
        createLogger: (level: Config['logLevel'], options: { secrets: readonly string[] }) => Logger;
      }
    | undefined;
  const loaded = () => {
    if (!modules) throw new Error('CliContext.load() must run before config() or log()');
    return modules;
  };
  const ctx: CliContext = {
    async load() {
      const [{ loadConfig, secretValues }, { createLogger }] = await Promise.all([
        import('../config.ts'),
        import('../log.ts'),
      ]);
      modules = { loadConfig, secretValues, createLogger };
    },
    config: () => {
      config ??= loaded().loadConfig();
      return config;
    },
    log: () => {
      const { createLogger, secretValues } = loaded();
      log ??= createLogger(ctx.config().logLevel, { secrets: secretValues(ctx.config()) });
      return log;
    },
    async withApp(work, options = {}) {
      const { createApp } = await import('../app.ts');
      const app = await createApp(ctx.config(), { log: ctx.log(), ...options });
      try {
        return await work(app);
      } finally {
        await app.close();
      }
    },
    print: (text) => {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
  return ctx;
}

export function createProgram(version: string): Command {
  return new Command('paperboy')
    .description('Find, summarize and discuss research papers — in Discord or in your terminal.')
    .version(version)
    .showHelpAfterError('(run paperboy --help for usage)')
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
}
