import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/paperboy.js');
export const SAMPLE_PAGE = resolve(import.meta.dirname, '../../assets/sample/hf-papers-self-learning.txt');

/** One `paperboy serve` child process. */
export interface ServeNode {
  /** Its Interactions Endpoint URL. */
  readonly url: string;
  /** `http://127.0.0.1:PORT`, for /healthz and /readyz. */
  readonly base: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  /** What it wrote on stderr (its log) so far. */
  stderr(): string;
}

export interface ServeNodeOptions {
  readonly dataDir: string;
  readonly apiUrl: string;
  readonly publicKey: string;
  readonly token: string;
  readonly cacheUrl?: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

function baseEnv(options: Pick<ServeNodeOptions, 'dataDir'>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: options.dataDir,
    PAPERBOY_DATA_DIR: options.dataDir,
    OFFLINE: 'true',
    LOG_LEVEL: 'warn',
  };
}

/** Fills a data directory's library from the bundled sample page, as each node's own ingestion would. */
export function ingestSample(dataDir: string): void {
  const result = spawnSync(process.execPath, [BIN, 'ingest', '--file', SAMPLE_PAGE], {
    env: baseEnv({ dataDir }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`ingest failed (${result.status}): ${result.stderr}`);
}

/** Starts `paperboy serve --port 0` and resolves once it prints the port it listens on. */
export async function startServeNode(options: ServeNodeOptions): Promise<ServeNode> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...(options.args ?? [])], {
    env: {
      ...baseEnv(options),
      DISCORD_TOKEN: options.token,
      DISCORD_PUBLIC_KEY: options.publicKey,
      DISCORD_API_URL: options.apiUrl,
      LIBRARY_READ_WORKERS: '1',
      // The runtime is measured here, not the per-user budget.
      RATE_LIMIT_USER_PER_MINUTE: '1000000',
      RATE_LIMIT_GUILD_PER_MINUTE: '1000000',
      ...(options.cacheUrl ? { CACHE_URL: options.cacheUrl } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const port = await new Promise<number>((done, fail) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /listening on (\d+)/.exec(stdout);
      if (match) done(Number(match[1]));
    });
    void exited.then((code) => fail(new Error(`paperboy serve exited (${code}) before listening:\n${stderr}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return { url: `${base}/interactions`, base, child, exited, stderr: () => stderr };
}
