import { fileURLToPath } from 'node:url';
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
    expect([result.papers.length, result.skipped.map((s) => s.at)]).toEqual([1, [2, 3]]);
  });
});

describe('localId', () => {
  it('is a readable slug plus a short hash of the title', () => {
    expect(localId('SMART: Self-learning Meta-strategy Agent')).toMatch(
      /^local:smart-self-learning-meta-strategy-agent-[0-9a-f]{8}$/,
    );
  });
});
