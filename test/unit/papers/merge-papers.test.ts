import { describe, expect, it } from 'vitest';
import { mergePaperLists, mergePapers } from '../../../src/papers/merge-papers.ts';
import { makePaper } from '../../support/builders.ts';

const fromArxiv = makePaper({
  version: 2,
  title: 'Speculative Decoding (arXiv title)',
  abstract: 'The arXiv abstract, version 2.',
  published: '2024-01-22T18:00:00Z',
  updated: '2024-02-01T10:00:00Z',
  categories: ['cs.CL', 'cs.LG'],
  comment: '12 pages',
  sources: ['arxiv'],
});
const fromHf = makePaper({
  version: undefined,
  title: 'Speculative Decoding (HF title)',
  abstract: 'The HF abstract.',
  published: '2024-01-23T00:00:00Z',
  categories: [],
  links: { hf: 'https://huggingface.co/papers/2401.12345', code: 'https://github.com/x/y' },
  upvotes: 42,
  aiSummary: 'HF AI summary',
  keywords: ['decoding', 'drafts'],
  listedOn: '2024-01-24',
  sources: ['huggingface'],
});
const fromS2 = makePaper({
  version: undefined,
  title: 'speculative decoding',
  abstract: '',
  categories: ['Computer Science'],
  citationCount: 310,
  tldr: 'S2 TLDR',
  sources: ['semanticscholar'],
});

describe('mergePapers', () => {
  it('keeps the best field of each source, whatever the order', () => {
    for (const records of [
      [fromArxiv, fromHf, fromS2],
      [fromS2, fromHf, fromArxiv],
    ]) {
      const merged = mergePapers(records);
      expect(merged.title).toBe('Speculative Decoding (arXiv title)');
      expect(merged.abstract).toBe('The arXiv abstract, version 2.');
      expect(merged.version).toBe(2);
      expect(merged.published).toBe('2024-01-22T18:00:00Z');
      expect(merged.categories).toEqual(['cs.CL', 'cs.LG']);
      expect(merged.upvotes).toBe(42);
      expect(merged.aiSummary).toBe('HF AI summary');
      expect(merged.citationCount).toBe(310);
      expect(merged.tldr).toBe('S2 TLDR');
      expect(merged.listedOn).toBe('2024-01-24');
      expect(merged.links).toMatchObject({
        abs: 'https://arxiv.org/abs/2401.12345',
        hf: 'https://huggingface.co/papers/2401.12345',
        code: 'https://github.com/x/y',
      });
      expect([...merged.sources].sort()).toEqual(['arxiv', 'huggingface', 'semanticscholar']);
    }
  });

  it('takes the text of the newest version', () => {
    const v1 = makePaper({ version: 1, abstract: 'old text' });
    const v3 = makePaper({ version: 3, abstract: 'new text' });
    expect(mergePapers([v3, v1])).toMatchObject({ version: 3, abstract: 'new text' });
    expect(mergePapers([v1, v3])).toMatchObject({ version: 3, abstract: 'new text' });
  });

  it('returns a single record unchanged', () => {
    expect(mergePapers([fromHf])).toBe(fromHf);
  });
});

describe('mergePaperLists', () => {
  it('groups by canonical id and keeps first-seen order', () => {
    const other = makePaper({ id: 'arxiv:2402.00001', title: 'Other' });
    const merged = mergePaperLists([[fromHf, other], [fromArxiv]]);
    expect(merged.map((p) => p.id)).toEqual(['arxiv:2401.12345', 'arxiv:2402.00001']);
    expect(merged[0]?.upvotes).toBe(42);
    expect(merged[0]?.version).toBe(2);
  });
});
