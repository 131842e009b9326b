import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../src/app.ts';
import { registerDoctorCommand } from '../../src/cli/doctor-command.ts';
import { registerIngestCommand } from '../../src/cli/ingest-command.ts';
import { type CliContext, createProgram } from '../../src/cli/program.ts';
import { registerRemoveCommand } from '../../src/cli/remove-command.ts';
import { registerSearchCommand } from '../../src/cli/search-command.ts';
import { parseConfig } from '../../src/config.ts';
import { StorageError } from '../../src/errors/index.ts';
import { silentLogger } from '../../src/log.ts';
import { testCliContext } from '../support/cli-harness.ts';
import { createFakeClock } from '../support/fake-clock.ts';
import { damagePages } from '../support/storage-faults.ts';

// `paperboy ingest`, `remove` and `doctor` in-process on one offline data directory, so that a
// test can damage the database file between commands.
function offlineCli() {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-storage-cli-'));
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = parseConfig({ PAPERBOY_DATA_DIR: dataDir, OFFLINE: 'true' });
  const clock = createFakeClock({ auto: true });
  const withApp: CliContext['withApp'] = async (work) => {
    const app = await createApp(config, { log: silentLogger(), clock });
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  };
  const run = async (...args: string[]) => {
    const { ctx, output } = testCliContext(config, withApp);
    const program = createProgram('0.1.0').exitOverride();
    for (const register of [
      registerIngestCommand,
      registerRemoveCommand,
      registerDoctorCommand,
      registerSearchCommand,
    ]) {
      register(program, ctx);
    }
    await program.parseAsync(['node', 'paperboy', ...args]);
    return output();
  };
  const write = (name: string, content: string | Uint8Array) => {
    const file = join(dataDir, name);
    writeFileSync(file, content);
    return file;
  };
  return { dataDir, run, write };
}

const record = (i: number, title = `Speculative decoding, part ${i}`) =>
  JSON.stringify({ id: `2401.${String(10000 + i)}`, title, abstract: `Draft tokens verified in parallel, ${i}.` });

describe('paperboy ingest --file, on files that are not papers', () => {
  it('refuses random bytes as "not a text file" and stores nothing', async () => {
    const { run, write } = offlineCli();
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919 + 13) % 251);
    const file = write('random.bin', bytes);
    await expect(run('ingest', '--file', file)).rejects.toThrow(`${file} is not a text file`);
    await expect(run('search', 'decoding')).resolves.toMatchObject({ stdout: expect.not.stringContaining('arxiv:') });
  });

  it('says a gzipped corpus is gzip-compressed', async () => {
    const { run, write } = offlineCli();
    const file = write('corpus.jsonl.gz', gzipSync(`${record(1)}\n`));
    await expect(run('ingest', '--file', file)).rejects.toThrow('is gzip-compressed: decompress it first (gunzip)');
  });
});

describe('paperboy ingest --file, reporting skipped records', () => {
  it('lists each skipped record as file:line: reason on stderr, the first ten and a count of the rest', async () => {
    const { run, write } = offlineCli();
    const lines = [
      record(1),
      ...Array.from({ length: 12 }, (_, i) => `{"title": "broken ${i}",`),
      record(2),
      record(1),
    ];
    const file = write('papers.jsonl', `${lines.join('\n')}\n`);
    const { stdout, stderr } = await run('ingest', '--file', file);
    expect(stdout).toBe('file (jsonl): 2 papers, 2 inserted, 0 updated, 0 unchanged (13 records skipped)');
    expect(stderr.split('\n').filter((l) => !l.startsWith('storing') && !l.startsWith('reading'))).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `${file}:${i + 2}:22: not valid JSON (property name expected)`),
      '… and 3 more skipped records',
    ]);
  });

  it('with --strict, fails on the first skipped record and stores nothing', async () => {
    const { run, write } = offlineCli();
    const file = write('papers.jsonl', `${record(1)}\n{"abstract": "no title"}\n`);
    await expect(run('ingest', '--strict', '--file', file)).rejects.toThrow(
      `1 records of ${file} were skipped (see above); with --strict nothing was stored.`,
    );
    await expect(run('remove', 'arxiv:2401.10001')).rejects.toThrow('Not in the library: arxiv:2401.10001');
  });
});

describe('paperboy remove', () => {
  it('removes every paper a file brought in, by the file name, and search no longer finds them', async () => {
    const { run, write } = offlineCli();
    const garbage = write('garbage.jsonl', `${record(1)}\n${record(2)}\n`);
    write('good.jsonl', `${record(3)}\n`);
    await run('ingest', '--file', garbage);
    await run('ingest', '--file', join(garbage, '..', 'good.jsonl'));
    expect((await run('remove', '--source', 'file:garbage.jsonl')).stdout).toBe(
      `removed 2 papers imported from ${garbage}`,
    );
    const { stdout } = await run('search', 'speculative decoding', '--json');
    expect(stdout).toContain('arxiv:2401.10003');
    expect(stdout).not.toContain('arxiv:2401.10001');
  });

  it('removes papers by id, in the forms search prints and people paste', async () => {
    const { run, write } = offlineCli();
    await run('ingest', '--file', write('papers.jsonl', `${record(1)}\n${record(2)}\n`));
    expect((await run('remove', 'arxiv:2401.10001', 'https://arxiv.org/abs/2401.10002v3')).stdout).toBe(
      'removed 2 papers: arxiv:2401.10001, arxiv:2401.10002',
    );
  });
});

describe('paperboy doctor', () => {
  it('reports a sound library', async () => {
    const { run, write } = offlineCli();
    await run('ingest', '--file', write('papers.jsonl', `${record(1)}\n`));
    expect((await run('doctor')).stdout).toBe(
      ['integrity_check: ok', 'search index papers_fts: ok', 'search index papers_title_fts: ok'].join('\n'),
    );
  });

  it('finds damaged index pages, refuses writes until --rebuild-index, then works again', async () => {
    const { dataDir, run, write } = offlineCli();
    await run(
      'ingest',
      '--file',
      write('papers.jsonl', `${Array.from({ length: 300 }, (_, i) => record(i)).join('\n')}\n`),
    );
    damagePages(join(dataDir, 'paperboy.sqlite'), 'papers_fts_data', { pages: 5 });

    const found = await run('doctor').catch((error: unknown) => error);
    expect(found).toBeInstanceOf(StorageError);
    expect((found as StorageError).userMessage).toContain('Run `paperboy doctor --rebuild-index`');
    const more = write('more.jsonl', `${record(500, 'Lookahead drafting')}\n`);
    await expect(run('ingest', '--file', more)).rejects.toMatchObject({ problem: 'index_corrupt' });

    const { stdout } = await run('doctor', '--rebuild-index');
    expect(stdout.split('\n')).toEqual([
      'integrity_check: ok',
      'search index papers_fts: rebuilt from 300 papers (recreated), ok',
      'search index papers_title_fts: rebuilt from 300 papers, ok',
      expect.stringMatching(/^cleared the record of damage \(.*papers_fts/),
    ]);
    expect((await run('ingest', '--file', more)).stdout).toContain('1 inserted');
    expect((await run('search', 'lookahead drafting', '--json')).stdout).toContain('arxiv:2401.10500');
  });
});

describe('the paperboy bin on a storage error', () => {
  const BIN = resolve(import.meta.dirname, '../../bin/paperboy.js');

  it.each([['search', 'decoding'], ['doctor']])(
    '`paperboy %s` prints what is wrong and what to do, with no stack',
    (...args) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-bin-'));
      onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
      const file = join(dataDir, 'paperboy.sqlite');
      writeFileSync(file, '');
      const result = spawnSync(process.execPath, [BIN, ...args], {
        env: { PATH: process.env.PATH ?? '', HOME: dataDir, PAPERBOY_DATA_DIR: dataDir, OFFLINE: 'true' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect([result.status, result.stderr.split('\n').filter((line) => !line.startsWith('Checking'))]).toEqual([
        1,
        [
          'The library file is not a Paperboy library. Move the file away (Paperboy then starts a new library), or set PAPERBOY_DATA_DIR to another directory.',
          `  (${file}: the file is empty (0 bytes))`,
          '',
        ],
      ]);
    },
  );
});
