import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHfPage } from '../../../src/ingest/import-file.ts';
import { silentLogger } from '../../../src/log.ts';
import { loadSampleLibrary, SAMPLE_IDS_URL, SAMPLE_LIBRARY_URL } from '../../../src/terminal/load-sample.ts';
import { makePaper } from '../../support/builders.ts';
import { fixedClock, makeLibrary } from '../commands/command-context.ts';

describe('loadSampleLibrary', () => {
  it('fills an empty library from the bundled file', async () => {
    const library = makeLibrary();
    expect(loadSampleLibrary(library, { clock: fixedClock(), log: silentLogger() })).toBe(57);
    expect(library.count()).toBe(57);
    const [paper] = await library.lookup('GMML', 1);
    expect(library.get(paper?.id ?? '')).toMatchObject({ published: '', listedOn: '2025-03-10', sources: ['local'] });
  });

  it('gives the papers whose ids were established their arXiv id, authors, day and links', () => {
    const library = makeLibrary();
    loadSampleLibrary(library, { clock: fixedClock(), log: silentLogger() });
    expect(library.get('arxiv:2410.16128')).toMatchObject({
      title: 'SMART: Self-learning Meta-strategy Agent for Reasoning Tasks',
      authors: ['Rongxing Liu', 'Kumar Shridhar', 'Manish Prajapat', 'Patrick Xia', 'Mrinmaya Sachan'],
      published: '2024-10-21T00:00:00Z',
      links: {
        abs: 'https://arxiv.org/abs/2410.16128',
        pdf: 'https://arxiv.org/pdf/2410.16128',
        hf: 'https://huggingface.co/papers/2410.16128',
      },
      listedOn: '2025-03-10',
    });
  });

  it('names only titles that are in the sample, each with where its id came from', () => {
    const ids = JSON.parse(readFileSync(SAMPLE_IDS_URL, 'utf8')) as {
      papers: Array<{ title: string; from: string[] }>;
    };
    const titles = new Set(parseHfPage(readFileSync(SAMPLE_LIBRARY_URL, 'utf8')).map((paper) => paper.title));
    expect(ids.papers.filter((paper) => !titles.has(paper.title) || paper.from.length === 0)).toEqual([]);
  });

  it('leaves a library that has papers alone', async () => {
    const library = makeLibrary([makePaper()]);
    expect(loadSampleLibrary(library, { clock: fixedClock(), log: silentLogger() })).toBe(0);
    expect(library.count()).toBe(1);
  });
});
