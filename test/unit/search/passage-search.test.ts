import { describe, expect, it } from 'vitest';
import { searchPassages } from '../../../src/search/passage-search.ts';
import { stemmedTerms } from '../../../src/text/index.ts';

const PASSAGES = [
  { section: '1 Introduction', text: 'Large language models decode one token at a time, which is slow.' },
  {
    section: '3 Verification',
    text: 'The target model verifies drafted tokens in parallel and keeps the accepted prefix.',
  },
  { section: '4 Experiments', text: 'We measure a 2.5x speed-up on translation and summarization benchmarks.' },
  { section: '5 Related work', text: 'Blockwise parallel decoding also drafts tokens.' },
];

describe('searchPassages', () => {
  it('ranks passages by how well they match the question (stems, BM25)', () => {
    const found = searchPassages('How are the drafted tokens verified?', PASSAGES, 2);
    expect(found.map((p) => p.section)).toEqual(['3 Verification', '5 Related work']);
  });

  it('matches section headings too', () => {
    expect(searchPassages('what experiments', PASSAGES, 1).map((p) => p.section)).toEqual(['4 Experiments']);
  });

  it('leaves out passages that share no word with the question', () => {
    expect(searchPassages('protein folding', PASSAGES, 3)).toEqual([]);
  });
});

describe('searchPassages with stems computed ahead', () => {
  it('ranks as it does from the text, counting whole stems only', () => {
    const withStems = PASSAGES.map((p) => ({ ...p, stems: stemmedTerms(`${p.section} ${p.text}`).join(' ') }));
    expect(searchPassages('How are the drafted tokens verified?', withStems, 2).map((p) => p.section)).toEqual([
      '3 Verification',
      '5 Related work',
    ]);
    // "token" must not match inside "tokenizer".
    const [only] = searchPassages('token', [{ section: 'x', text: '', stems: 'tokenizer tokenizer' }, ...withStems], 5);
    expect(only?.section).not.toBe('x');
  });
});
