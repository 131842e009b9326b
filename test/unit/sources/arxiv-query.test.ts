import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../../src/errors/index.ts';
import { buildSearchQuery, freeTextQuery, freeTextTerms } from '../../../src/sources/arxiv-query.ts';

describe('buildSearchQuery', () => {
  it('joins fields with AND, OR and ANDNOT, grouping nested parts', () => {
    expect(
      buildSearchQuery({
        andNot: [
          {
            and: [
              { field: 'cat', term: 'cs.LG' },
              {
                or: [
                  { field: 'ti', term: 'diffusion' },
                  { field: 'abs', term: 'score matching' },
                ],
              },
            ],
          },
          { field: 'au', term: 'Smith' },
        ],
      }),
    ).toBe('(cat:cs.LG AND (ti:"diffusion" OR abs:"score matching")) ANDNOT au:"Smith"');
  });

  it('renders submittedDate ranges from days', () => {
    expect(buildSearchQuery({ submittedDate: { from: '2024-01-01', to: '2024-01-31' } })).toBe(
      'submittedDate:[202401010000 TO 202401312359]',
    );
  });

  it('strips quotes, parentheses and colons from terms', () => {
    expect(buildSearchQuery({ field: 'ti', term: 'x") OR all:("y' })).toBe('ti:"x OR all y"');
  });

  it('rejects a category with syntax in it', () => {
    expect(() => buildSearchQuery({ field: 'cat', term: 'cs.LG OR all:x' })).toThrow(UserInputError);
  });
});

describe('freeTextTerms', () => {
  it('drops stop words and keeps hyphenated words', () => {
    expect(freeTextTerms('Recent papers about self-learning agents for the web')).toEqual([
      'self-learning',
      'agents',
      'web',
    ]);
  });

  it('keeps at most eight words', () => {
    expect(freeTextTerms('a1 b2 c3 d4 e5 f6 g7 h8 i9 j10')).toHaveLength(8);
  });
});

describe('freeTextQuery', () => {
  it('treats AND typed by a user as a word', () => {
    expect(buildSearchQuery(freeTextQuery('cats AND dogs', 'and') ?? { field: 'all', term: 'x' })).toBe(
      'all:"cats" AND all:"dogs"',
    );
  });
});
