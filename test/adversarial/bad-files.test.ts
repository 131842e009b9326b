import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/lib/random.ts';
import { UserInputError } from '../../src/errors/index.ts';
import { importFile } from '../../src/ingest/import-file.ts';
import { makeTempDir } from './temp-dir.ts';

// Issue 12, item 1: files that are not paper lists, and paper lists with broken records.
function randomBytes(length: number, seed: number): Buffer {
  const random = seededRandom(seed);
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

async function importBytes(name: string, bytes: Buffer) {
  const path = join(makeTempDir(), name);
  writeFileSync(path, bytes);
  return importFile(path);
}

describe('a file that is no text', () => {
  it.each([
    ['100 kB of random bytes', 'urandom.jsonl', randomBytes(100_000, 1), /is not a text file/],
    ['a gzipped corpus', 'corpus.jsonl.gz', gzipSync('{"title":"A paper"}\n'), /gzip-compressed/],
    ['a NUL byte inside a record', 'nul.jsonl', Buffer.from('{"title":"a\u0000b"}\n'), /NUL byte on line 1/],
  ])('is refused whole, nothing imported: %s', async (_name, file, bytes, message) => {
    const error = await importBytes(file, bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).userMessage).toMatch(message);
  });
});

describe('a text file with bad records', () => {
  it.each([
    ['a broken JSONL line', '{"title":"Fine"}\n{"title": oops}\n', { line: 2, column: 11 }],
    ['a repeated id', '{"id":"2401.12345","title":"A"}\n{"id":"2401.12345","title":"B"}\n', { line: 2 }],
    ['a title of zero-width spaces', '{"title":"Fine"}\n{"title":"\\u200b\\u200b"}\n', { line: 2 }],
    ['a first line [1,2]', '[1,2]\n{"title":"Fine"}\n', { line: 1 }],
  ])('reports %s by line, keeping the good ones', async (_name, text, where) => {
    const { papers, skipped } = await importBytes('papers.jsonl', Buffer.from(text));
    expect([papers.length, skipped.map(({ line, column }) => ({ line, ...(column ? { column } : {}) }))]).toEqual([
      1,
      [where],
    ]);
  });

  it('names line and column of a malformed JSON array', async () => {
    const error = await importBytes('papers.json', Buffer.from('[{"title":"ok"},\n {"title": }]')).catch((e) => e);
    expect((error as UserInputError).userMessage).toMatch(/papers\.json:2:12: not valid JSON/);
  });
});
