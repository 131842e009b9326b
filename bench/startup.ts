// Start-up cost of the `paperboy` command and the bot's idle memory.
// Run: npm run bench:startup [-- --runs 10]   (targets: --help < 300 ms and < 100 MB)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FAKE_BOT_TOKEN, startFakeDiscord } from '../test/support/fake-discord.ts';
import { parseArgs } from './lib/args.ts';
import { percentile } from './lib/metrics.ts';

const BIN = resolve(import.meta.dirname, '../bin/paperboy.js');
const REPORT_RSS = resolve(import.meta.dirname, 'lib/report-rss.ts');
const args = parseArgs(process.argv.slice(2));
const runs = Number(args.get('runs') ?? 10);
const home = mkdtempSync(join(tmpdir(), 'paperboy-bench-startup-'));
const env = { PATH: process.env.PATH ?? '', HOME: home, PAPERBOY_DATA_DIR: join(home, 'data'), OFFLINE: 'true' };

/** Runs the CLI once; wall time from spawn to exit, and the child's own peak RSS. */
function runOnce(argv: readonly string[]): Promise<{ ms: number; rssMiB: number }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', REPORT_RSS, BIN, ...argv], {
      cwd: home,
      env: { ...env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
    });
    let report = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      report += chunk.toString('utf8');
    });
    child.once('error', fail);
    child.once('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return fail(new Error(`paperboy ${argv.join(' ')} exited ${code}`));
      const { maxRssKiB } = JSON.parse(report) as { maxRssKiB: number };
      done({ ms, rssMiB: maxRssKiB / 1024 });
    });
  });
}

/** Starts the bot against the fake Discord, waits for it to register, and reads its RSS once idle. */
async function botIdleRss(): Promise<number> {
  const fake = await startFakeDiscord();
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd: home,
    env: { ...env, LOG_LEVEL: 'warn', DISCORD_TOKEN: FAKE_BOT_TOKEN, DISCORD_API_URL: fake.apiUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await fake.waitForRequest((r) => r.method === 'PUT' && r.path.endsWith('/commands'), 30_000);
    await new Promise((r) => setTimeout(r, 2000));
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return kib / 1024;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await fake.close();
  }
}

async function measure(label: string, argv: readonly string[]): Promise<void> {
  await runOnce(argv); // warm the file system cache
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await runOnce(argv));
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const rss = Math.max(...samples.map((s) => s.rssMiB));
  console.log(
    `${label.padEnd(22)} p50 ${percentile(ms, 50).toFixed(0)} ms  p95 ${percentile(ms, 95).toFixed(0)} ms  peak RSS ${rss.toFixed(0)} MiB  (${runs} runs)`,
  );
}

try {
  console.log(`node ${process.version}, ${runs} runs each`);
  await measure('paperboy --help', ['--help']);
  await measure('paperboy --version', ['--version']);
  await measure('paperboy config', ['config']);
  const idle = await botIdleRss();
  console.log(
    `bot idle RSS           ${idle.toFixed(0)} MiB (after registering, 2 s idle, 57-paper sample not loaded)`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
