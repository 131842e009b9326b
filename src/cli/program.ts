import { join } from 'node:path';
import { Command } from 'commander';
import type { App, AppMode } from '../app.ts';
import type { Config } from '../config.ts';
import { ensureDataDir } from '../data-dir.ts';
import type { Logger, LoggerOptions } from '../log.ts';
import { sanitiseText } from '../text/index.ts';
import { createProgress, type Progress, type ProgressOptions } from './progress.ts';

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
  withApp<T>(work: (app: App) => Promise<T>, options?: { readonly mode?: AppMode }): Promise<T>;
  /** Writes a command's result to stdout: results only, so it can be piped (issue 15). */
  print(text: string): void;
  /** Writes a one-line notice for the person at the terminal to stderr, never into the results. */
  notice(text: string): void;
  /** Progress of long work on stderr (src/cli/progress.ts): redrawn on a terminal, a line every few seconds elsewhere. */
  progress(options: Omit<ProgressOptions, 'stream'>): Progress;
  /**
   * Where the log goes; set before the first log(). `auto` (the default): a file in the data
   * directory when stderr is a terminal, so records never mix with answers; stderr otherwise.
   * The chat always logs to the file; the bot always to stderr.
   */
  logTo(target: LogTarget): void;
  /** The log file when logging goes to one (see logTo), else undefined. */
  logFile(): string | undefined;
  /** After a command run in a terminal (`auto`): one line on stderr when warnings went to the log file, naming it. */
  finish(): void;
}

export type LogTarget = 'auto' | 'file' | 'stderr';

// Next to the database and the cache (issue 15: "logs go to a file in the data directory").
const LOG_FILE_NAME = 'paperboy.log';

export function createCliContext(
  streams: { readonly stdout: NodeJS.WriteStream; readonly stderr: NodeJS.WriteStream } = process,
): CliContext {
  let config: Config | undefined;
  let log: Logger | undefined;
  let target: LogTarget = 'auto';
  let warnings = 0;
  let modules:
    | {
        loadConfig: () => Config;
        secretValues: (config: Config) => string[];
        createLogger: (level: Config['logLevel'], options: LoggerOptions) => Logger;
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
      const file = ctx.logFile();
      // The data directory is created owner-only before the log file lands in it.
      if (file && !log) ensureDataDir(ctx.config().dataDir);
      log ??= createLogger(ctx.config().logLevel, {
        secrets: secretValues(ctx.config()),
        ...(file ? { file, onWarning: () => warnings++ } : {}),
      });
      return log;
    },
    logTo(chosen) {
      target = chosen;
    },
    logFile() {
      const toFile = target === 'file' || (target === 'auto' && streams.stderr.isTTY === true);
      return toFile ? join(ctx.config().dataDir, LOG_FILE_NAME) : undefined;
    },
    finish() {
      // The chat ('file') names its log when it starts; a command run in a terminal names it here.
      const file = log && target === 'auto' ? ctx.logFile() : undefined;
      if (file && warnings > 0) ctx.notice(`${warnings} warning${warnings === 1 ? '' : 's'} logged to ${file}`);
    },
    async withApp(work, { mode = 'one-shot' } = {}) {
      const { createApp } = await import('../app.ts');
      const app = await createApp(ctx.config(), { log: ctx.log(), mode });
      try {
        return await work(app);
      } finally {
        await app.close();
      }
    },
    print: (text) => {
      // Paper text and model output reach the user's terminal here: through the one sanitiser (issue 12).
      const safe = sanitiseText(text);
      streams.stdout.write(safe.endsWith('\n') ? safe : `${safe}\n`);
    },
    notice: (text) => {
      streams.stderr.write(`${text.replace(/\s*\n\s*/g, ' ').trim()}\n`);
    },
    progress: (options) => createProgress({ ...options, stream: streams.stderr }),
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
