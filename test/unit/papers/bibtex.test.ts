import { entries as parseBibtex } from 'bibtex-parse';
import { describe, expect, it } from 'vitest';
import { citationKey, escapeBibtex, toBibtex } from '../../../src/papers/bibtex.ts';
import { makePaper } from '../../support/builders.ts';

const attention = makePaper({
  id: 'arxiv:1706.03762',
  title: 'Attention Is All You Need',
  authors: ['Ashish Vaswani', 'Noam Shazeer'],
  published: '2017-06-12T17:57:34Z',
  categories: ['cs.CL', 'cs.LG'],
  links: { abs: 'https://arxiv.org/abs/1706.03762' },
});

describe('citationKey', () => {
  it('joins the first author family name, the year and the first title word', () => {
    expect(citationKey(attention)).toBe('vaswani2017attention');
  });

  it('skips a leading article and folds accents to ASCII', () => {
    expect(
      citationKey(makePaper({ title: 'The Élan of Models', authors: ['José Núñez'], published: '2020-01-01' })),
    ).toBe('nunez2020elan');
  });

  it('falls back to the id when there is no author, date or title word', () => {
    expect(citationKey(makePaper({ id: 'local:abc', title: '', authors: [], published: '' }))).toBe('localabc');
  });
});

describe('escapeBibtex', () => {
  it('escapes LaTeX specials and braces and keeps accents as UTF-8', () => {
    expect(escapeBibtex('50% of {x}_1 & #2 ~ ^ $ \\ café')).toBe(
      '50\\% of \\{x\\}\\_1 \\& \\#2 \\~{} \\^{} \\$ \\textbackslash{} café',
    );
  });
});

describe('toBibtex', () => {
  it('writes a @misc with the arXiv eprint fields, parsed back by a BibTeX parser', () => {
    const [entry] = parseBibtex(toBibtex([attention]));
    expect(entry).toEqual({
      key: 'vaswani2017attention',
      type: 'misc',
      TITLE: 'Attention Is All You Need',
      AUTHOR: 'Ashish Vaswani and Noam Shazeer',
      YEAR: '2017',
      EPRINT: '1706.03762',
      ARCHIVEPREFIX: 'arXiv',
      PRIMARYCLASS: 'cs.CL',
      URL: 'https://arxiv.org/abs/1706.03762',
      MONTH: 'June',
    });
  });

  it('writes an @article with the journal and DOI when arXiv gives a journal reference', () => {
    const paper = makePaper({ journalRef: 'Nature 521, 436 (2015)', doi: '10.1038/nature14539' });
    const [entry] = parseBibtex(toBibtex([paper]));
    expect(entry?.type).toBe('article');
    expect(entry?.JOURNAL).toBe('Nature 521, 436 (2015)');
    expect(entry?.DOI).toBe('10.1038/nature14539');
  });

  it('keeps keys unique within the file', () => {
    const entries = parseBibtex(toBibtex([attention, { ...attention, id: 'arxiv:1706.99999' }, attention]));
    expect(entries.map((e) => e.key)).toEqual([
      'vaswani2017attention',
      'vaswani2017attentionb',
      'vaswani2017attentionc',
    ]);
  });

  it('keeps a title with braces, specials and a closing brace from ending the field', () => {
    const title = 'Is {BERT} 100% }robust{ to $x_1$ & #tags?';
    const [entry] = parseBibtex(toBibtex([makePaper({ title, authors: ['Ann & Bo and Co'] })]));
    expect(entry?.TITLE).toContain('robust');
    expect(entry?.EPRINT).toBe('2401.12345');
    expect(entry?.AUTHOR).toBe('Ann \\& Bo and Co');
  });
});
