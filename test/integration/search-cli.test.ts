import { describe, expect, it } from 'vitest';
import { registerSearchCommand } from '../../src/cli/search-command.ts';
import { SAMPLE_LIBRARY, startCliHarness } from '../support/cli-harness.ts';
import { loadFixture } from '../support/recorded-server.ts';

describe('paperboy search', () => {
  it('prints library hits as JSON with the documented fields when offline', async () => {
    const { server, run } = await startCliHarness(registerSearchCommand);
    await run('ingest', '--file', SAMPLE_LIBRARY);
    const hits = JSON.parse(
      await run('search', 'self-learning language models', '--offline', '--json', '--limit', '3'),
    ) as Array<Record<string, unknown>>;
    expect(hits).toHaveLength(3);
    expect(Object.keys(hits[0] ?? {}).sort()).toEqual(['id', 'published', 'score', 'snippet', 'title', 'url']);
    expect(String(hits[0]?.title).toLowerCase()).toContain('self');
    expect(server.requests).toEqual([]);
  });

  it('shows Hugging Face results on stdout and the notice that arXiv is down on stderr', async () => {
    const { server, runAll } = await startCliHarness(registerSearchCommand);
    server.serve(loadFixture('huggingface/search-speculative-decoding'));
    server.route('/api/query', { url: '/api/query', status: 503, body: 'down' }, { anyQuery: true });
    const { stdout, stderr } = await runAll('search', 'speculative decoding', '--limit', '2');
    expect(stdout.split('\n')[0]).toMatch(/^1\. .+ \(arxiv:\d{4}\.\d{5}, \d{4}-\d{2}-\d{2}\)$/);
    expect(stdout).not.toContain('not answering');
    expect(stderr).toBe('! arXiv is not answering; showing library results');
  });

  it('refuses a query longer than the bot takes (300 characters)', async () => {
    const { run } = await startCliHarness(registerSearchCommand);
    await expect(run('search', 'x'.repeat(301), '--offline')).rejects.toMatchObject({
      userMessage: 'The query takes 1 to 300 characters; this one has 301.',
    });
  });
});
