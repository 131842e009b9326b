import { describe, expect, it } from 'vitest';
import { findPaper, formatAnswer, type LlmCommandDeps } from '../../../src/cli/llm-commands.ts';
import { PaperNotFoundError } from '../../../src/errors/index.ts';
import type { Llm } from '../../../src/llm/types.ts';
import type { Paper } from '../../../src/papers/paper.ts';
import type { ParsedPaperId } from '../../../src/papers/parse-paper-id.ts';
import { makePaper } from '../../support/builders.ts';

const unusedLlm = {} as Llm;
const stored = makePaper();
const fetched = makePaper({ id: 'arxiv:2402.99999', title: 'Fetched' });

function fakeLibrary(papers: Paper[]): NonNullable<LlmCommandDeps['library']> & { upserted: Paper[] } {
  const upserted: Paper[] = [];
  return {
    upserted,
    get: (id) => papers.find((p) => p.id === id),
    lookup: async (prefix) => papers.filter((p) => p.title.startsWith(prefix)).map(({ id, title }) => ({ id, title })),
    upsert: (list) => {
      upserted.push(...list);
      return { inserted: list.length, updated: 0, unchanged: 0 };
    },
    search: async () => [],
  };
}

describe('findPaper', () => {
  it('finds a library paper by arXiv URL with a version', async () => {
    const deps: LlmCommandDeps = { llm: unusedLlm, library: fakeLibrary([stored]) };

    expect(await findPaper(deps, 'https://arxiv.org/abs/2401.12345v2')).toBe(stored);
  });

  it('finds a library paper by the start of its title', async () => {
    const deps: LlmCommandDeps = { llm: unusedLlm, library: fakeLibrary([stored]) };

    expect(await findPaper(deps, 'Speculative Decoding')).toBe(stored);
  });

  it('fetches an unknown id from the sources and keeps it in the library', async () => {
    const library = fakeLibrary([]);
    const asked: ParsedPaperId[] = [];
    const deps: LlmCommandDeps = {
      llm: unusedLlm,
      library,
      sources: {
        lookup: async (id) => {
          asked.push(id);
          return fetched;
        },
      },
    };

    expect(await findPaper(deps, '2402.99999')).toBe(fetched);
    expect(asked.map((id) => id.id)).toEqual(['arxiv:2402.99999']);
    expect(library.upserted).toEqual([fetched]);
  });

  it('throws PaperNotFoundError when nobody knows the paper', async () => {
    const deps: LlmCommandDeps = {
      llm: unusedLlm,
      library: fakeLibrary([]),
      sources: { lookup: async () => undefined },
    };

    await expect(findPaper(deps, '2402.00000')).rejects.toBeInstanceOf(PaperNotFoundError);
  });
});

describe('formatAnswer', () => {
  it('lists each citation with its paper title', () => {
    const text = formatAnswer([stored], {
      text: 'Drafting helps [1].',
      citations: [{ n: 1, paperId: stored.id }],
      answered: true,
      generator: { kind: 'extractive', reason: 'not-configured' },
    });

    expect(text).toBe(
      'Drafting helps [1].\n\n[1] Speculative Decoding for Fast Inference (arxiv:2401.12345)\n\n(key sentences from the abstract; no language model configured or reachable)',
    );
  });
});
