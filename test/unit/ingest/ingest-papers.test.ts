import { describe, expect, it } from 'vitest';
import { ingestPapers } from '../../../src/ingest/ingest-papers.ts';
import { createPaperImports } from '../../../src/ingest/paper-imports.ts';
import { makePaper } from '../../support/builders.ts';
import { temporaryLibrary } from '../library/library-fixture.ts';

describe('ingestPapers', () => {
  it('counts papers added, then unchanged when the same batch comes again', () => {
    const { library } = temporaryLibrary();
    const papers = [makePaper(), makePaper({ id: 'arxiv:2401.00001', title: 'Other' })];
    expect(ingestPapers(library, papers)).toEqual({ added: 2, updated: 0, unchanged: 0, rejected: [] });
    expect(ingestPapers(library, papers)).toEqual({ added: 0, updated: 0, unchanged: 2, rejected: [] });
  });

  it('counts a newer version as updated', () => {
    const { library } = temporaryLibrary();
    ingestPapers(library, [makePaper({ version: 1 })]);
    expect(ingestPapers(library, [makePaper({ version: 2, abstract: 'Revised.' })])).toMatchObject({
      added: 0,
      updated: 1,
    });
    expect(library.get('arxiv:2401.12345')?.abstract).toBe('Revised.');
  });

  it('leaves out papers that break the Paper contract and stores the rest', () => {
    const { library } = temporaryLibrary();
    const result = ingestPapers(library, [
      makePaper({ id: '2401.00002' }),
      makePaper({ id: 'arxiv:2401.00003v2' }),
      makePaper({ id: 'arxiv:2401.00004', title: '  ' }),
      makePaper({ id: 'arxiv:2401.00005', version: 0 }),
      makePaper(),
    ]);
    expect(result).toEqual({
      added: 1,
      updated: 0,
      unchanged: 0,
      rejected: [
        { id: '2401.00002', reason: 'id is not canonical (arxiv:, doi:, s2: or local:)' },
        { id: 'arxiv:2401.00003v2', reason: 'arXiv id carries a version' },
        { id: 'arxiv:2401.00004', reason: 'empty title' },
        { id: 'arxiv:2401.00005', reason: 'version is not a positive whole number' },
      ],
    });
    expect(library.count()).toBe(1);
  });

  it('keeps local ids as imported, spaces and all', () => {
    const { library } = temporaryLibrary();
    expect(ingestPapers(library, [makePaper({ id: 'local:my notes 1' })]).added).toBe(1);
  });

  it('rejects a title of zero-width and control characters only', () => {
    const { library } = temporaryLibrary();
    const result = ingestPapers(library, [makePaper({ title: '\u200b\u200d\u0007\u202e\ufeff' })]);
    expect([result.added, result.rejected]).toEqual([0, [{ id: 'arxiv:2401.12345', reason: 'empty title' }]]);
  });

  it('stores titles, abstracts and authors sanitised: no escapes, controls, bidi overrides or zero-width runs', () => {
    const { library } = temporaryLibrary();
    ingestPapers(library, [
      makePaper({
        title: 'Red\u0000\u0007\u001b[31m title\u202e',
        abstract: 'Line one\u001b]0;pwned\u0007.\nLine\u200b two.',
        authors: ['Ada\u2066 Lovelace', '\u200b'],
      }),
    ]);
    expect(library.get('arxiv:2401.12345')).toMatchObject({
      title: 'Red title',
      abstract: 'Line one.\nLine two.',
      authors: ['Ada Lovelace'],
    });
  });

  it('with strict, stores nothing when any paper is rejected', () => {
    const { library } = temporaryLibrary();
    expect(() =>
      ingestPapers(library, [makePaper(), makePaper({ id: 'arxiv:2401.00003v2' })], { strict: true }),
    ).toThrow('1 papers break the Paper contract (first: arxiv:2401.00003v2: arXiv id carries a version)');
    expect(library.count()).toBe(0);
  });

  it('records the file a paper came from, in the same transaction as the paper', () => {
    const { library, db, clock } = temporaryLibrary();
    const imports = createPaperImports({ db, clock });
    ingestPapers(library, [makePaper(), makePaper({ id: 'arxiv:2401.00002' })], {
      source: { file: '/data/papers.jsonl', imports },
    });
    expect(imports.fromFile('papers.jsonl')).toEqual({
      file: '/data/papers.jsonl',
      ids: ['arxiv:2401.00002', 'arxiv:2401.12345'],
    });
  });
});
