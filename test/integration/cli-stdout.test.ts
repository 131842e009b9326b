import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { registerConfigCommand } from '../../src/cli/config-command.ts';
import { registerDigestCommand } from '../../src/cli/digest-command.ts';
import { registerLlmCommands } from '../../src/cli/llm-commands.ts';
import { registerPaperCommand } from '../../src/cli/paper-command.ts';
import { registerSearchCommand } from '../../src/cli/search-command.ts';
import { SAMPLE_LIBRARY, startCliHarness } from '../support/cli-harness.ts';
import { closedPortUrl, loadFixture } from '../support/recorded-server.ts';

const BIN = resolve(import.meta.dirname, '../../bin/paperboy.js');
const TITLE = 'TERA: Self-Supervised Learning of Transformer Encoder Representation for Speech';
const OTHER = 'Self-Supervised Speech Representation Learning: A Review';

/** `paperboy <args>` as a pipe runs it: stdout and stderr captured apart, no terminal. */
async function piped(dataDir: string, args: readonly string[], env: Record<string, string>) {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: dataDir, PAPERBOY_DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { stdout, stderr };
}

/** What must never be in a command's results: notices, warnings and log records. */
function expectResultsOnly(stdout: string): void {
  expect(stdout).not.toMatch(/^! /m);
  expect(stdout).not.toContain('not answering');
  expect(stdout).not.toContain('"level":');
  expect(stdout.trim().length).toBeGreaterThan(0);
}

describe('paperboy commands piped', () => {
  it('search and ask write their results to stdout, and notices and logs to stderr', async () => {
    const library = mkdtempSync(join(tmpdir(), 'paperboy-stdout-'));
    onTestFinished(() => rmSync(library, { recursive: true, force: true }));
    // Live sources unreachable: each command has a notice to give, and logs warnings.
    const dead = await closedPortUrl();
    const env = { HF_BASE_URL: dead, ARXIV_API_URL: `${dead}/api/query` };
    await piped(library, ['ingest', '--file', SAMPLE_LIBRARY], { OFFLINE: 'true' });
    // Each on its own copy of the library, both at once: a command takes a second to start.
    const askDir = mkdtempSync(join(tmpdir(), 'paperboy-stdout-'));
    onTestFinished(() => rmSync(askDir, { recursive: true, force: true }));
    cpSync(library, askDir, { recursive: true });
    const [search, ask] = await Promise.all([
      piped(library, ['search', 'speech', '--limit', '2'], env),
      piped(askDir, ['ask', 'How are speech representations learned?', '--json'], env),
    ]);

    expectResultsOnly(search.stdout);
    for (const line of search.stdout.trimEnd().split('\n')) expect(line).toMatch(/^(?:\d+\. | {3})\S/);
    expect(search.stderr).toContain('! Hugging Face');
    expect(search.stderr).toContain('More results: --offset 2');
    expect(search.stderr).toContain('"level":40');

    expect(JSON.parse(ask.stdout)).toHaveProperty('answer');
    expect(ask.stderr).toContain('! Hugging Face');
  }, 20_000);

  it('every other command prints only its results, its notices apart', async () => {
    const { server, run, runAll } = await startCliHarness(
      registerSearchCommand,
      registerPaperCommand,
      registerLlmCommands,
      registerDigestCommand,
      registerConfigCommand,
    );
    for (const page of ['p0', 'p1', 'p2']) server.serve(loadFixture(`huggingface/daily-2024-09-18-${page}`));
    await run('ingest', '--hf-daily', '2024-09-18');
    expectResultsOnly(await run('ingest', '--file', SAMPLE_LIBRARY));
    // The sources are down for the rest: the library copy is shown, and the notice says why.
    server.route('/api/papers/2409.11074', { url: '', status: 503, body: 'down' });
    server.route('/api/query', { url: '', status: 503, body: 'down' }, { anyQuery: true });
    const paper = await runAll('paper', '2409.11074');
    expectResultsOnly(paper.stdout);
    expect(paper.stderr).toBe('! The live sources are not answering; showing the library copy.');
    for (const args of [
      ['summarize', TITLE],
      ['compare', TITLE, OTHER],
      ['stats'],
      ['digest', 'preview', '--topics', 'speech'],
      ['config'],
    ]) {
      const { stdout } = await runAll(...args);
      expectResultsOnly(stdout);
    }
  });
});
