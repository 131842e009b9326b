import { describe, expect, it } from 'vitest';
import { createTermMatcher } from '../../../src/text/index.ts';

describe('createTermMatcher', () => {
  it('finds the query terms whose Porter stem a text has, in query order', () => {
    const matcher = createTermMatcher(['proteins', 'regulation', 'mice', 'cells']);
    expect(matcher.matchedTerms(['Cell proteins', 'They regulate the protein.'])).toEqual([
      'proteins',
      'regulation',
      'cells',
    ]);
  });

  it('matches whole tokens only, as FTS5 does', () => {
    expect(createTermMatcher(['at', 'tent']).matchedTerms(['attention is all you need'])).toEqual([]);
  });

  it('matches folded accents and case', () => {
    expect(createTermMatcher(['cafe']).matchedTerms(['CAFÉS open'])).toEqual(['cafe']);
    expect(createTermMatcher(['résumés']).matchedTerms(['A resume'])).toEqual(['résumés']);
  });

  it('matches words with Greek letters whole, as FTS5 tokenizes them', () => {
    const matcher = createTermMatcher(['aβ', 'plaques', 'cell']);
    expect(matcher.matchedTerms(['Aβ40 forms a plaque in βcells – reported'])).toEqual(['plaques']);
    expect(matcher.matchedTerms(['Soluble Aβ and ΑΒ'])).toEqual(['aβ']);
  });

  it('centres the snippet on the densest cluster of terms', () => {
    const text = `${'Filler words without any match. '.repeat(12)}Aspirin cuts stroke risk. ${'More filler after. '.repeat(12)}`;
    const excerpt = createTermMatcher(['aspirin', 'stroke', 'risk']).snippet(text, 120);
    expect(excerpt).toContain('Aspirin cuts stroke risk.');
    expect(excerpt.startsWith('…')).toBe(true);
  });

  it('collapses whitespace in the snippet', () => {
    expect(createTermMatcher(['word']).snippet('a\n  word\tthere')).toBe('a word there');
  });
});
