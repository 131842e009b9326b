import { describe, expect, it } from 'vitest';
import { ingestPapers } from '../../../src/ingest/ingest-papers.ts';
import { makePaper } from '../../support/builders.ts';
import { temporaryLibrary } from '../library/library-fixture.ts';

const papers = Array.from({ length: 2500 }, (_, i) =>
  makePaper({ id: `local:paper-${i}`, title: `Paper ${i}`, sources: ['local'] }),
);

describe('ingestPapers with onProgress', () => {
  it('reports the papers stored in steps of 1,000 and counts them as one batch would', () => {
    const { library } = temporaryLibrary();
    const reported: Array<[number, number]> = [];
    const result = ingestPapers(library, papers, { onProgress: (stored, total) => reported.push([stored, total]) });
    expect(reported).toEqual([
      [1000, 2500],
      [2000, 2500],
      [2500, 2500],
    ]);
    expect(result).toEqual({ added: 2500, updated: 0, unchanged: 0, rejected: [] });
    expect(library.count()).toBe(2500);
  });
});
