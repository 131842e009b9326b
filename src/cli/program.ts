import { Command } from 'commander';
import { type App, createApp } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import { createLogger, type Logger } from '../log.ts';

/** What every subcommand needs: config and logger up front, the app built lazily (and closed). */
export interface CliContext {
  config(): Config;
  log(): Logger;
  /** Builds the app, runs `work`, and always closes the app. */
  withApp<T>(work: (app: App) => Promise<T>): Promise<T>;
  /** Writes a command's result to stdout (logs go to stderr, so this can be piped). */
  print(text: string): void;
}

export function createCliContext(): CliContext {
  let config: Config | undefined;
  let log: Logger | undefined;
  const ctx: CliContext = {
    config: () => {
      config ??= loadConfig();
      return config;
    },
    log: () => {
      log ??= createLogger(ctx.config().logLevel);
      return log;
    },
    async withApp(work) {
      const app = await createApp(ctx.config(), { log: ctx.log() });
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
