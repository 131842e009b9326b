import { describe, expect, it } from 'vitest';
import { resolvePaper } from '../../../commands/shared/resolve-paper.ts';
import { findPaper } from '../../../src/cli/llm-commands.ts';
import { AmbiguousPaperError, PaperNotFoundError } from '../../../src/errors/index.ts';
import type { Llm } from '../../../src/llm/types.ts';
import { makePaper } from '../../support/builders.ts';
import { librarySearch, makeLibrary } from './command-context.ts';

const papers = [
  makePaper({ id: 'arxiv:2401.00001', title: 'Self-Attention with Relative Positions' }),
  makePaper({ id: 'arxiv:2401.00002', title: 'Self-Supervised Learning of Speech' }),
  makePaper({ id: 'arxiv:2401.00003', title: 'The Unreasonable Effectiveness of Data' }),
  makePaper({ id: 'arxiv:2401.00004', title: 'The Lottery Ticket Hypothesis' }),
  makePaper({ id: 'local:scifact 42', title: 'Vitamin D and bone density' }),
];

function services() {
  const library = makeLibrary(papers);
  return { library, search: librarySearch(library) };
}

describe('resolvePaper', () => {
  it.each(['self', 'the'])('refuses to guess for %j and names the candidates', async (text) => {
    const error = await resolvePaper(text, { services: services() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousPaperError);
    expect((error as AmbiguousPaperError).candidates.length).toBeGreaterThan(1);
    expect((error as AmbiguousPaperError).userMessage).toMatch(/\(arxiv:2401\.0000\d\)/);
  });

  it('takes the one paper whose title starts with the text', async () => {
    expect((await resolvePaper('self-supervised', { services: services() })).id).toBe('arxiv:2401.00002');
  });

  it('accepts a local id as search prints it, spaces and all', async () => {
    expect((await resolvePaper('local:scifact 42', { services: services() })).title).toBe('Vitamin D and bone density');
  });

  it('says not found for a malformed percent escape instead of crashing', async () => {
    await expect(resolvePaper('https://arxiv.org/abs/%E0%A4%A', { services: services() })).rejects.toBeInstanceOf(
      PaperNotFoundError,
    );
  });
});

describe('findPaper (the CLI) resolves like the bot', () => {
  const llm = {} as Llm;

  it.each(['self', 'the'])('refuses to guess for %j', async (text) => {
    await expect(findPaper({ llm, ...services() }, text)).rejects.toBeInstanceOf(AmbiguousPaperError);
  });

  it('accepts a local id', async () => {
    expect((await findPaper({ llm, ...services() }, 'local:scifact 42')).id).toBe('local:scifact 42');
  });
});
