import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { onTestFinished } from 'vitest';
import { createApp } from '../../src/app.ts';
import { registerIngestCommand } from '../../src/cli/ingest-command.ts';
import { type CliContext, createProgram } from '../../src/cli/program.ts';
import { createProgress } from '../../src/cli/progress.ts';
import type { Clock } from '../../src/clock.ts';
import { type Config, parseConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { createFakeClock } from './fake-clock.ts';
import { type RecordedServer, startRecordedServer } from './recorded-server.ts';

export const SAMPLE_LIBRARY = new URL('../../assets/sample/hf-papers-self-learning.txt', import.meta.url).pathname;

type Register = (program: Command, ctx: CliContext) => void;

/**
 * Runs `paperboy <args>` in-process against the real app, with the sources pointed at a recorded
 * server and an auto-advancing fake clock; `run` returns what the command printed on stdout,
 * `runAll` its notices too. `ingest` is always registered, so a test can fill the library first.
 */
export async function startCliHarness(...commands: Register[]): Promise<{
  server: RecordedServer;
  run: (...args: string[]) => Promise<string>;
  runAll: (...args: string[]) => Promise<CliOutput>;
}> {
  const clock = createFakeClock({ auto: true });
  const server = await startRecordedServer({ now: clock.now });
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-cli-'));
  onTestFinished(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const config = parseConfig({
    PAPERBOY_DATA_DIR: dataDir,
    HF_BASE_URL: server.url,
    ARXIV_API_URL: `${server.url}/api/query`,
    ARXIV_RSS_URL: `${server.url}/rss`,
  });
  const withApp = appRunner(config, clock);
  const runAll = async (...args: string[]): Promise<CliOutput> => {
    const { ctx, output } = testCliContext(config, withApp);
    const program = createProgram('0.1.0').exitOverride();
    registerIngestCommand(program, ctx);
    for (const register of commands) register(program, ctx);
    await program.parseAsync(['node', 'paperboy', ...args]);
    return output();
  };
  const run = async (...args: string[]): Promise<string> => (await runAll(...args)).stdout;
  return { server, run, runAll };
}

/** CliContext['withApp'] on `config` and `clock`: a fresh app for each call, always closed after. */
export function appRunner(config: Config, clock: Clock): CliContext['withApp'] {
  return async (work) => {
    const app = await createApp(config, { log: silentLogger(), clock });
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  };
}

/** What a command wrote: its results (stdout) and its notices (stderr), each line by line. */
export interface CliOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** A CliContext on `config` and `withApp` that records what is printed and noticed instead of writing it. */
export function testCliContext(
  config: Config,
  withApp: CliContext['withApp'],
): { ctx: CliContext; output: () => CliOutput } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const ctx: CliContext = {
    load: async () => undefined,
    config: () => config,
    log: () => silentLogger(),
    withApp,
    print: (text) => stdout.push(text),
    notice: (text) => stderr.push(text),
    // Not a terminal: lines only every few seconds, kept with the notices.
    progress: (options) =>
      createProgress({ ...options, stream: { write: (text: string) => stderr.push(text.trimEnd()) } }),
    logTo: () => undefined,
    logFile: () => undefined,
    finish: () => undefined,
  };
  return { ctx, output: () => ({ stdout: stdout.join('\n'), stderr: stderr.join('\n') }) };
}
