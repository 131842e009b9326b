import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type DigestPreviewJson, registerDigestCommand } from '../../src/cli/digest-command.ts';
import { createProgram } from '../../src/cli/program.ts';
import { parseConfig } from '../../src/config.ts';
import { makePaper } from '../support/builders.ts';
import { appRunner, testCliContext } from '../support/cli-harness.ts';
import { createFakeClock } from '../support/fake-clock.ts';

const CHANNEL = '1100000000000000200';

/** `paperboy digest <args>` against the real app on a temporary, offline data directory. */
async function harness() {
  const clock = createFakeClock({ start: Date.UTC(2024, 8, 18, 12) });
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-digest-cli-'));
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = parseConfig({ PAPERBOY_DATA_DIR: dataDir, OFFLINE: 'true' });
  const withApp = appRunner(config, clock);
  const run = async (...args: string[]): Promise<string> => {
    const { ctx, output } = testCliContext(config, withApp);
    const program = createProgram('0.1.0').exitOverride();
    registerDigestCommand(program, ctx);
    await program.parseAsync(['node', 'paperboy', 'digest', ...args]);
    return output().stdout;
  };
  await withApp(async (app) => {
    app.library.upsert([
      makePaper({
        id: 'arxiv:2409.12183',
        title: 'To CoT or not to CoT? Chain-of-thought helps mainly on math and symbolic reasoning',
        abstract: 'Chain-of-thought prompting helps on math. It helps less elsewhere.',
        upvotes: 36,
        listedOn: '2024-09-18',
        links: { abs: 'https://arxiv.org/abs/2409.12183' },
      }),
      makePaper({
        id: 'arxiv:2409.12186',
        title: 'Qwen2.5-Coder Technical Report',
        abstract: 'A code model family.',
        upvotes: 138,
        listedOn: '2024-09-18',
      }),
    ]);
  });
  return { run, withApp };
}

describe('paperboy digest preview', () => {
  it('prints the ranking of a day in the library as JSON', async () => {
    const { run } = await harness();
    const json = JSON.parse(
      await run('preview', '--topics', 'reasoning, chain-of-thought', '--date', '2024-09-18', '--json'),
    ) as DigestPreviewJson[];
    expect(json.map((e) => [e.rank, e.id, e.matchedTerms])).toEqual([
      [1, 'arxiv:2409.12183', ['reasoning', 'chain', 'thought']],
    ]);
  });

  it('prints the digest as text with extractive TL;DRs', async () => {
    const { run } = await harness();
    expect(await run('preview', '--topics', 'reasoning', '--date', '2024-09-18')).toBe(
      "Papers for Wed 18 Sep — 1 matching 'reasoning'\n\n" +
        '1. To CoT or not to CoT? Chain-of-thought helps mainly on math and symbolic reasoning  (▲ 36 · https://arxiv.org/abs/2409.12183)\n' +
        '   Chain-of-thought prompting helps on math.\n' +
        '   matched: reasoning',
    );
  });

  it('rejects a malformed date', async () => {
    const { run } = await harness();
    await expect(run('preview', '--topics', 'x', '--date', '18.9.2024')).rejects.toThrow(
      '--date: expected a date YYYY-MM-DD',
    );
  });
});

describe('paperboy digest run', () => {
  it('prints the digest without posting on --dry-run', async () => {
    const { run, withApp } = await harness();
    await withApp(async (app) => {
      await app.digest.subscriptions.subscribe({
        guildId: '1100000000000000100',
        channelId: CHANNEL,
        createdBy: 'cli',
        settings: {
          topics: ['reasoning'],
          exclude: [],
          time: '09:00',
          timezone: 'UTC',
          days: 'daily',
          source: 'huggingface',
          categories: [],
          minUpvotes: 0,
          minScore: 0,
          maxPapers: 5,
          style: 'compact',
        },
      });
    });
    // OFFLINE: the HF source refuses, so the dry run shows the outage notice instead of papers.
    expect(await run('run', '--channel', CHANNEL, '--dry-run')).toBe(
      'No digest for Wed 18 Sep: Hugging Face did not answer today.',
    );
  });

  it('says how to create a digest for a channel without one', async () => {
    const { run } = await harness();
    await expect(run('run', '--channel', CHANNEL, '--dry-run')).rejects.toThrow(
      'This channel has no digest. Create one with /digest subscribe.',
    );
  });
});
