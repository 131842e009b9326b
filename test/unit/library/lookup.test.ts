import { describe, expect, it } from 'vitest';
import { makePaper } from '../../support/builders.ts';
import { temporaryLibrary } from './library-fixture.ts';

describe('lookup', () => {
  function seeded() {
    const context = temporaryLibrary();
    context.library.upsert([
      makePaper({ id: 'arxiv:2401.12345', title: 'Speculative decoding for fast inference' }),
      makePaper({ id: 'arxiv:2401.19999', title: 'Mixture of experts' }),
      makePaper({ id: 'arxiv:2312.00001', title: 'Speculative sampling' }),
    ]);
    return context;
  }

  it('finds papers by arXiv id prefix, with or without the scheme', async () => {
    const { library } = seeded();
    expect((await library.lookup('2401.1', 10)).map((p) => p.id)).toEqual(['arxiv:2401.12345', 'arxiv:2401.19999']);
    expect(await library.lookup('arxiv:2312', 10)).toEqual([{ id: 'arxiv:2312.00001', title: 'Speculative sampling' }]);
  });

  it('finds papers by title words and a partial last word', async () => {
    const { library } = seeded();
    expect((await library.lookup('specul', 10)).map((p) => p.id)).toEqual(['arxiv:2312.00001', 'arxiv:2401.12345']);
    expect((await library.lookup('speculative dec', 10)).map((p) => p.id)).toEqual(['arxiv:2401.12345']);
  });

  it('returns nothing for empty or symbol-only input', async () => {
    const { library } = seeded();
    expect(await library.lookup('  ', 10)).toEqual([]);
    expect(await library.lookup('"*(', 10)).toEqual([]);
  });
});
