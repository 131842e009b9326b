import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.js';
import { loadSampleLibrary, parseSampleLibrary } from '../../../src/terminal/load-sample.js';
import { makePaper } from '../../support/builders.js';
import { fixedClock, makeLibrary } from '../commands/command-context.js';

const ABSTRACT = 'A'.repeat(250);

describe('parseSampleLibrary', () => {
  it('pairs titles with abstracts after the header', () => {
    const text = `new\n\nSubscribe\n\nAug 5\n\nFirst Paper: A Study\n\n${ABSTRACT}\n\nSecond Paper\n\n${ABSTRACT}\n`;
    const papers = parseSampleLibrary(text, '2025-03-10');
    expect(papers.map((p) => [p.id, p.title])).toEqual([
      ['local:first-paper-a-study', 'First Paper: A Study'],
      ['local:second-paper', 'Second Paper'],
    ]);
    expect(papers[0]).toMatchObject({ published: '2025-03-10T00:00:00.000Z', sources: ['local'], abstract: ABSTRACT });
  });

  it('makes ids unique when titles repeat', () => {
    const text = `Same\n\n${ABSTRACT}\n\nSame\n\n${ABSTRACT}`;
    expect(parseSampleLibrary(text, '2025-03-10').map((p) => p.id)).toEqual(['local:same', 'local:same-2']);
  });
});

describe('loadSampleLibrary', () => {
  it('fills an empty library from the bundled file', () => {
    const library = makeLibrary();
    expect(loadSampleLibrary(library, { clock: fixedClock(), log: silentLogger() })).toBe(57);
    expect(library.count()).toBe(57);
  });

  it('leaves a library that has papers alone', () => {
    const library = makeLibrary([makePaper()]);
    expect(loadSampleLibrary(library, { clock: fixedClock(), log: silentLogger() })).toBe(0);
    expect(library.count()).toBe(1);
  });
});
