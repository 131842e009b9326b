import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerLlmCommands } from '../../src/cli/llm-commands.ts';
import { registerPaperCommand } from '../../src/cli/paper-command.ts';
import { createCliContext } from '../../src/cli/program.ts';
import { registerSearchCommand } from '../../src/cli/search-command.ts';
import { AmbiguousPaperError } from '../../src/errors/index.ts';
import { parsePaperId, tryParsePaperId } from '../../src/papers/parse-paper-id.ts';
import { startCliHarness } from '../support/cli-harness.ts';
import { makeTempDir } from './temp-dir.ts';

// Issue 12, item 6: ids that are not what they look like.
const NOT_IDS = [
  ['a malformed percent escape in an arXiv URL', 'https://arxiv.org/abs/%E0%A4%A'],
  ['a lone percent sign in an HF URL', 'https://huggingface.co/papers/%'],
  ['a javascript: URL', 'javascript:alert(1)'],
  ['path traversal', 'arxiv:../../etc/passwd'],
  ['a NUL byte', '2401.12345\u0000'],
  ['a lone surrogate', '2401.\ud800'],
  ['an RTL override', '\u202e54321.1042'],
  ['10 kB of digits', '1'.repeat(10_000)],
  ['a month that does not exist', '2413.12345'],
  ['a new-style id before the scheme began', '0612.1234'],
] as const;

describe('text that only looks like an id', () => {
  it.each(NOT_IDS)('is no id: %s', (_name, text) => {
    expect(tryParsePaperId(text)).toBeUndefined();
  });

  it.each(NOT_IDS)('makes parsePaperId throw its own error, never URIError: %s', (_name, text) => {
    expect(() => parsePaperId(text)).toThrow(expect.objectContaining({ code: 'invalid_paper_id' }));
  });
});

describe('every id search prints, accepted by paper, summarize and compare', () => {
  async function withImported() {
    const harness = await startCliHarness(registerSearchCommand, registerPaperCommand, registerLlmCommands);
    const file = join(makeTempDir(), 'corpus.jsonl');
    const lines = [
      { _id: 'scifact 7', title: 'Vitamin D lowers fracture risk', text: 'A trial of vitamin D in older adults.' },
      { _id: 'scifact 8', title: 'Vitamin C and colds', text: 'A trial of vitamin C against colds.' },
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    await harness.run('ingest', '--file', file);
    return harness;
  }

  it('finds the local ids search prints', async () => {
    const { run } = await withImported();
    // Both forms search prints: the JSON ids and the ids in its plain listing.
    const ids = (JSON.parse(await run('search', 'vitamin', '--json')) as { id: string }[]).map((hit) => hit.id);
    const listing = await run('search', 'vitamin');
    for (const id of ids) expect(listing).toContain(id);
    expect(ids.sort()).toEqual(['local:scifact 7', 'local:scifact 8']);
    for (const id of ids) expect(JSON.parse(await run('paper', id, '--json')).id).toBe(id);
    expect(await run('summarize', ids[0] ?? '')).toContain('Vitamin');
    const compared = await run('compare', ...ids);
    for (const id of ids) expect(compared).toContain(`(${id})`);
  });

  it('refuses to guess between titles starting alike, naming them', async () => {
    const { run } = await withImported();
    const error = await run('summarize', 'vitamin').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousPaperError);
    expect((error as AmbiguousPaperError).userMessage).toContain('local:scifact 7');
  });
});

describe('what the CLI prints', () => {
  it('goes through the one sanitiser', () => {
    let written = '';
    const stdout = { write: (text: string) => (written += text) } as unknown as NodeJS.WriteStream;
    createCliContext({ stdout, stderr: stdout }).print('Title\u001b]0;owned\u0007 \u202eevil\u001b[2J');
    expect(written).toBe('Title evil\n');
  });
});
