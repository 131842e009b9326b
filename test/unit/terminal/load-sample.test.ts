import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.ts';
import { loadSampleLibrary } from '../../../src/terminal/load-sample.ts';
import { makePaper } from '../../support/builders.ts';
import { fixedClock, makeLibrary } from '../commands/command-context.ts';

describe('loadSampleLibrary', () => {
  it('fills an empty library from the bundled file', async () => {
    const library = makeLibrary();
    expect(loadSampleLibrary(library, { clock: fixedClock(), log: silentLogger() })).toBe(57);
    expect(library.count()).toBe(57);
    const [paper] = await library.lookup('SMART', 1);
    expect(library.get(paper?.id ?? '')).toMatchObject({ published: '', listedOn: '2025-03-10', sources: ['local'] });
  });

  it('leaves a library that has papers alone', async () => {
    const library = makeLibrary([makePaper()]);
    expect(loadSampleLibrary(library, { clock: fixedClock(), log: silentLogger() })).toBe(0);
    expect(library.count()).toBe(1);
  });
});
