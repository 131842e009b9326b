import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../src/app.js';
import { registerIngestCommand } from '../../src/cli/ingest-command.js';
import { registerPaperCommand } from '../../src/cli/paper-command.js';
import { type CliContext, createProgram } from '../../src/cli/program.js';
import { parseConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { createFakeClock } from '../support/fake-clock.js';
import { loadFixture, startRecordedServer } from '../support/recorded-server.js';

const SAMPLE = fileURLToPath(new URL('../../assets/sample/hf-papers-self-learning.txt', import.meta.url));

/** Runs `paperboy <args>` against the real app, sources pointed at a recorded server; returns stdout. */
async function harness() {
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
  const run = async (...args: string[]): Promise<string> => {
    const out: string[] = [];
    const ctx: CliContext = {
      config: () => config,
      log: () => silentLogger(),
      async withApp(work) {
        const app = await createApp(config, { log: silentLogger(), clock });
        try {
          return await work(app);
        } finally {
          await app.close();
        }
      },
      print: (text) => out.push(text),
    };
    const program = createProgram('0.1.0').exitOverride();
    registerIngestCommand(program, ctx);
    registerPaperCommand(program, ctx);
    await program.parseAsync(['node', 'paperboy', ...args]);
    return out.join('\n');
  };
  return { server, run };
}

describe('paperboy ingest', () => {
  it('stores the 57 papers of the saved Hugging Face page', async () => {
    const { run } = await harness();
    expect(await run('ingest', '--file', SAMPLE)).toBe(
      'file (hf-page): 57 papers, 57 inserted, 0 updated, 0 unchanged',
    );
  });

  it('stores a Hugging Face day, then finds nothing new on a second run', async () => {
    const { server, run } = await harness();
    for (const page of ['p0', 'p1', 'p2']) server.serve(loadFixture(`huggingface/daily-2024-09-18-${page}`));
    await run('ingest', '--hf-daily', '2024-09-18');
    expect(await run('ingest', '--hf-daily', '2024-09-18')).toBe(
      'huggingface 2024-09-18: 3 papers, 0 inserted, 0 updated, 3 unchanged',
    );
  });

  it('says when the RSS feed has no announcements', async () => {
    const { server, run } = await harness();
    server.serve(loadFixture('arxiv/rss-empty'));
    expect(await run('ingest', '--rss', 'cs.LG,cs.CL')).toBe(
      'arxiv rss cs.LG,cs.CL: 0 papers, 0 inserted, 0 updated, 0 unchanged (no announcements today)',
    );
  });
});

describe('paperboy paper', () => {
  it('prints the paper merged from the library and the sources as JSON', async () => {
    const { server, run } = await harness();
    for (const page of ['p0', 'p1', 'p2']) server.serve(loadFixture(`huggingface/daily-2024-09-18-${page}`));
    server.serve(loadFixture('huggingface/paper-2409.12186'));
    server.serve(loadFixture('arxiv/id-2409.12186'));
    await run('ingest', '--hf-daily', '2024-09-18');
    const paper = JSON.parse(await run('paper', 'https://huggingface.co/papers/2409.12186', '--json')) as Record<
      string,
      unknown
    >;
    expect([paper.id, paper.version, paper.upvotes, paper.categories]).toEqual(['arxiv:2409.12186', 3, 138, ['cs.CL']]);
  });

  it('shows the library copy when the sources are down', async () => {
    const { server, run } = await harness();
    for (const page of ['p0', 'p1', 'p2']) server.serve(loadFixture(`huggingface/daily-2024-09-18-${page}`));
    server.route('/api/papers/2409.11074', { url: '', status: 503, body: 'down' });
    server.route('/api/query', { url: '', status: 503, body: 'down' }, { anyQuery: true });
    await run('ingest', '--hf-daily', '2024-09-18');
    const text = await run('paper', '2409.11074');
    expect(text.split('\n')[0]).toBe('RoMath: A Mathematical Reasoning Benchmark in Romanian');
  });
});
