import { describe, expect, it } from 'vitest';
import { createFtsStatistics, readVarints } from '../../../src/library/fts-statistics.ts';
import { makePaper } from '../../support/builders.ts';
import { temporaryLibrary } from './library-fixture.ts';

describe('readVarints', () => {
  it('reads one- and two-byte varints in sequence', () => {
    expect(readVarints(Uint8Array.from([0x05, 0x81, 0x00, 0x7f]))).toEqual([5, 128, 127]);
  });

  it('takes all eight bits of the ninth byte', () => {
    expect(readVarints(Uint8Array.from([0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0xff]))).toEqual([
      2 ** 57 + 255,
    ]);
  });
});

describe('createFtsStatistics', () => {
  function seeded() {
    const context = temporaryLibrary();
    context.library.upsert([
      makePaper({ id: 'arxiv:1', title: 'Alpha beta', abstract: 'Gamma delta epsilon.' }),
      makePaper({ id: 'arxiv:2', title: 'Zeta', abstract: 'Eta theta alpha.' }),
    ]);
    return { ...context, statistics: createFtsStatistics(context.db) };
  }

  it('approximates the paper count by the largest doc id', () => {
    const { statistics } = seeded();
    expect(statistics.approximatePapers()).toBe(2);
  });

  it("reads the mean paper length from FTS5's averages record", () => {
    const { statistics } = seeded();
    // (2 + 3 title and abstract tokens + 1 + 3) / 2 papers
    expect(statistics.collection(2).averageLength).toBe(4.5);
  });

  it('counts the papers containing a word, stemmed as FTS5 stems it', () => {
    const { statistics } = seeded();
    const collection = statistics.collection(2);
    expect(collection.documentFrequency('alpha')).toBe(2);
    expect(collection.documentFrequency('Gamma')).toBe(1);
    expect(statistics.documentFrequency('missing', 2)).toBe(0);
  });
});
