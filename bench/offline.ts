// The local chat with no network and OFFLINE unset: how long a search and a lookup take when every
// live source is unreachable (issue 15: 4.0–4.2 s per search before; target < 0.5 s).
// Run: node bench/offline.ts [--runs 20]
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { parsePaperId } from '../src/papers/parse-paper-id.ts';
import { loadSampleLibrary } from '../src/terminal/load-sample.ts';
import { parseArgs } from './lib/args.ts';
import { percentile } from './lib/metrics.ts';

const TARGET_MS = 500;
const QUERIES = ['self-supervised speech', 'reasoning agents', 'medical imaging benchmark', 'graph learning'];

const args = parseArgs(process.argv.slice(2));
const runs = Number(args.get('runs') ?? 20);

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

async function measure(label: string, env: Record<string, string>): Promise<boolean> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-bench-offline-'));
  const log = silentLogger();
  const app = await createApp(parseConfig({ PAPERBOY_DATA_DIR: dataDir, ...env }), { log });
  try {
    loadSampleLibrary(app.library, { clock: app.clock, log });
    const timed = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await work().catch(() => undefined);
      return performance.now() - started;
    };
    const first = await timed(() => app.search.search(QUERIES[0] ?? '', { limit: 5 }));
    const searches: number[] = [];
    for (let i = 0; i < runs; i++) {
      // A new query each time: a cached answer would say nothing about the sources.
      const query = `${QUERIES[i % QUERIES.length]} ${i}`;
      searches.push(await timed(() => app.search.search(query, { limit: 5 })));
    }
    const lookup = await timed(() => app.sources.lookup(parsePaperId('2401.12345')));
    searches.sort((a, b) => a - b);
    const worst = Math.max(first, searches.at(-1) ?? 0, lookup);
    const ok = worst < TARGET_MS;
    process.stdout.write(
      `${label}: first search ${first.toFixed(0)} ms; next ${runs}: p50 ${percentile(searches, 50).toFixed(1)} ms, ` +
        `max ${(searches.at(-1) ?? 0).toFixed(1)} ms; unknown-id lookup ${lookup.toFixed(0)} ms ` +
        `(target < ${TARGET_MS} ms) ${ok ? 'OK' : 'SLOW'}\n`,
    );
    return ok;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const port = await closedPort();
const results = [
  await measure('connection refused (127.0.0.1, closed port)', {
    HF_BASE_URL: `http://127.0.0.1:${port}`,
    ARXIV_API_URL: `http://127.0.0.1:${port}/api/query`,
  }),
  await measure('host does not resolve (paperboy-test.invalid)', {
    HF_BASE_URL: 'http://paperboy-test.invalid',
    ARXIV_API_URL: 'http://paperboy-test.invalid/api/query',
  }),
  await measure('OFFLINE=true', { OFFLINE: 'true' }),
];
if (results.includes(false)) process.exitCode = 1;
