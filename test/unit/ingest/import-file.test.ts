import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { importFile, localId, parseHfPage, parseImport } from '../../../src/ingest/import-file.ts';

// The sample library bundled with the repo (a copy of ../shared/data/sample).
const SAMPLE = fileURLToPath(new URL('../../../assets/sample/hf-papers-self-learning.txt', import.meta.url));

describe('importFile', () => {
  it('reads the 57 papers of the saved Hugging Face page', async () => {
    const result = await importFile(SAMPLE);
    expect([result.format, result.papers.length, result.papers[0]?.title]).toEqual([
      'hf-page',
      57,
      'SMART: Self-learning Meta-strategy Agent for Reasoning Tasks',
    ]);
  });
});

describe('parseHfPage', () => {
  it('skips header lines and pairs titles with abstracts', () => {
    const abstract = 'A'.repeat(200);
    const papers = parseHfPage(
      `new\n\nDaily Papers\n\nAug 5\n\nFirst Title\n\n${abstract}\n\nSecond Title\n\n${abstract}`,
    );
    expect(papers.map((p) => [p.id, p.title])).toEqual([
      [localId('First Title'), 'First Title'],
      [localId('Second Title'), 'Second Title'],
    ]);
  });
});

describe('parseImport', () => {
  it('turns BEIR corpus lines into local:<_id> papers', () => {
    const { papers } = parseImport(
      '{"_id": "4983", "title": "Microstructure", "text": "Alterations of the\\narchitecture."}\n',
      '.jsonl',
    );
    expect(papers).toEqual([
      {
        id: 'local:4983',
        title: 'Microstructure',
        abstract: 'Alterations of the architecture.',
        authors: [],
        published: '',
        categories: [],
        links: {},
        keywords: [],
        sources: ['local'],
      },
    ]);
  });

  it('gives arXiv ids in a JSON array their canonical form and links', () => {
    const { papers } = parseImport(
      '[{"id": "2401.12345v2", "title": "T", "abstract": "A", "authors": "X, Y"}]',
      '.json',
    );
    expect([papers[0]?.id, papers[0]?.authors, papers[0]?.links.abs]).toEqual([
      'arxiv:2401.12345',
      ['X', 'Y'],
      'https://arxiv.org/abs/2401.12345',
    ]);
  });

  it('reports broken JSONL lines and keeps the rest', () => {
    const result = parseImport('{"title": "Good"}\n{not json\n{"abstract": "no title"}\n', '.jsonl');
    expect([result.papers.length, result.skipped.map((s) => s.line)]).toEqual([1, [2, 3]]);
  });

  it('says why each JSONL line was skipped, with the column where its JSON breaks', () => {
    const result = parseImport('{"title": "Good"}\n{"title": "A", }\n{"abstract": "no title"}\n42\n', '.jsonl');
    expect(result.skipped).toEqual([
      { line: 2, column: 16, reason: 'not valid JSON (property name expected)' },
      { line: 3, reason: 'title: Invalid input: expected string, received undefined' },
      { line: 4, reason: 'a JSON number, not a paper record' },
    ]);
  });

  it('gives the line and column of a JSON array that does not parse', () => {
    expect(() => parseImport('[\n  {"title": "A"},\n  {"title": }\n]\n', '.json', 'papers.json')).toThrow(
      'papers.json:3:13: not valid JSON (value expected).',
    );
  });

  it('reports the line of each skipped element of a JSON array', () => {
    const result = parseImport('[\n  {"title": "A"},\n  {"abstract": "B"},\n  "C"\n]', '.json');
    expect([result.papers.length, result.skipped.map((s) => [s.line, s.reason])]).toEqual([
      1,
      [
        [3, 'title: Invalid input: expected string, received undefined'],
        [4, 'a JSON string, not a paper record'],
      ],
    ]);
  });

  it('reports a repeated id with the line of the record it repeats, and keeps the first', () => {
    const result = parseImport('{"id": "2401.00001", "title": "First"}\n{"id": "2401.00001v2", "title": "Again"}\n');
    expect([result.papers.map((p) => p.title), result.skipped]).toEqual([
      ['First'],
      [{ line: 2, reason: 'repeats id arxiv:2401.00001 of line 1 (the first is kept)' }],
    ]);
  });

  it('reads a .jsonl whose first line is [1,2] as one bad record, not a broken array', () => {
    const text = '[1,2]\n{"title": "Good"}\n';
    for (const extension of ['.jsonl', '']) {
      const result = parseImport(text, extension);
      expect([result.format, result.papers.length, result.skipped]).toEqual([
        'jsonl',
        1,
        [{ line: 1, reason: 'a JSON array, not a paper record' }],
      ]);
    }
  });

  it('skips titles with nothing visible once control and zero-width characters go', () => {
    const result = parseImport(
      '{"title": "\\u200b\\u200d\\u2060"}\n{"title": "\\u0000\\u0007\\u202e"}\n{"title": "Real"}\n',
      '.jsonl',
    );
    expect([result.papers.map((p) => p.title), result.skipped.map((s) => s.line)]).toEqual([['Real'], [1, 2]]);
  });
});

describe('importFile of files that are not text', () => {
  it('refuses a gzipped corpus before parsing any of it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-import-'));
    const file = join(dir, 'corpus.jsonl');
    writeFileSync(file, gzipSync('{"_id": "1", "title": "A", "text": "B"}\n'.repeat(100)));
    await expect(importFile(file)).rejects.toThrow(`${file} is gzip-compressed`);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('localId', () => {
  it('is a readable slug plus a short hash of the title', () => {
    expect(localId('SMART: Self-learning Meta-strategy Agent')).toMatch(
      /^local:smart-self-learning-meta-strategy-agent-[0-9a-f]{8}$/,
    );
  });
});
