import { describe, expect, it } from 'vitest';
import { registerPaperCommand } from '../../src/cli/paper-command.ts';
import { SAMPLE_LIBRARY, startCliHarness } from '../support/cli-harness.ts';
import { loadFixture } from '../support/recorded-server.ts';

describe('paperboy ingest', () => {
  it('stores the 57 papers of the saved Hugging Face page', async () => {
    const { run } = await startCliHarness(registerPaperCommand);
    expect(await run('ingest', '--file', SAMPLE_LIBRARY)).toBe(
      'file (hf-page): 57 papers, 57 inserted, 0 updated, 0 unchanged',
    );
  });

  it('stores a Hugging Face day, then finds nothing new on a second run', async () => {
    const { server, run } = await startCliHarness(registerPaperCommand);
    for (const page of ['p0', 'p1', 'p2']) server.serve(loadFixture(`huggingface/daily-2024-09-18-${page}`));
    await run('ingest', '--hf-daily', '2024-09-18');
    expect(await run('ingest', '--hf-daily', '2024-09-18')).toBe(
      'huggingface 2024-09-18: 3 papers, 0 inserted, 0 updated, 3 unchanged',
    );
  });

  it('says when the RSS feed has no announcements', async () => {
    const { server, run } = await startCliHarness(registerPaperCommand);
    server.serve(loadFixture('arxiv/rss-empty'));
    expect(await run('ingest', '--rss', 'cs.LG,cs.CL')).toBe(
      'arxiv rss cs.LG,cs.CL: 0 papers, 0 inserted, 0 updated, 0 unchanged (no announcements today)',
    );
  });
});

describe('paperboy paper', () => {
  it('prints the paper merged from the library and the sources as JSON', async () => {
    const { server, run } = await startCliHarness(registerPaperCommand);
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
    const { server, run } = await startCliHarness(registerPaperCommand);
    for (const page of ['p0', 'p1', 'p2']) server.serve(loadFixture(`huggingface/daily-2024-09-18-${page}`));
    server.route('/api/papers/2409.11074', { url: '', status: 503, body: 'down' });
    server.route('/api/query', { url: '', status: 503, body: 'down' }, { anyQuery: true });
    await run('ingest', '--hf-daily', '2024-09-18');
    const text = await run('paper', '2409.11074');
    expect(text.split('\n')[0]).toBe('RoMath: A Mathematical Reasoning Benchmark in Romanian');
  });
});
