import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../src/app.js';
import { registerIngestCommand } from '../../src/cli/ingest-command.js';
import { type CliContext, createProgram } from '../../src/cli/program.js';
import { registerSearchCommand } from '../../src/cli/search-command.js';
import { parseConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { createFakeClock } from '../support/fake-clock.js';
import { loadFixture, startRecordedServer } from '../support/recorded-server.js';

const SAMPLE = fileURLToPath(new URL('../../assets/sample/hf-papers-self-learning.txt', import.meta.url));

/** `paperboy <args>` against the real app, with HF and arXiv pointed at a recorded server. */
async function harness() {
  const clock = createFakeClock({ auto: true });
  const server = await startRecordedServer({ now: clock.now });
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-search-cli-'));
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
    registerSearchCommand(program, ctx);
    await program.parseAsync(['node', 'paperboy', ...args]);
    return out.join('\n');
  };
  return { server, run };
}

describe('paperboy search', () => {
  it('prints library hits as JSON with the documented fields when offline', async () => {
    const { server, run } = await harness();
    await run('ingest', '--file', SAMPLE);
    const hits = JSON.parse(
      await run('search', 'self-learning language models', '--offline', '--json', '--limit', '3'),
    ) as Array<Record<string, unknown>>;
    expect(hits).toHaveLength(3);
    expect(Object.keys(hits[0] ?? {}).sort()).toEqual(['id', 'published', 'score', 'snippet', 'title', 'url']);
    expect(String(hits[0]?.title).toLowerCase()).toContain('self');
    expect(server.requests).toEqual([]);
  });

  it('shows Hugging Face results and a notice when arXiv is down', async () => {
    const { server, run } = await harness();
    server.serve(loadFixture('huggingface/search-speculative-decoding'));
    server.route('/api/query', { url: '/api/query', status: 503, body: 'down' }, { anyQuery: true });
    const out = await run('search', 'speculative decoding', '--limit', '2');
    const lines = out.split('\n');
    expect(lines[0]).toBe('! arXiv is not answering; showing library results');
    expect(lines[1]).toMatch(/^1\. .+ \(arxiv:\d{4}\.\d{5}, \d{4}-\d{2}-\d{2}\)$/);
  });
});
