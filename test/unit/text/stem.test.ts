import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stem, tokenize } from '../../../src/text/index.ts';
import { fts5Terms, NON_ASCII_WORDS, papersTokenizer } from './fts5-oracle.ts';

const SCIFACT_WORDS = readFileSync(new URL('../../fixtures/text/scifact-words.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean);
const SAMPLE = readFileSync(new URL('../../../assets/sample/hf-papers-self-learning.txt', import.meta.url), 'utf8');

describe('stem', () => {
  it('stems as FTS5 porter does', () => {
    expect(
      ['caresses', 'ponies', 'agreed', 'hopping', 'happy', 'relational', 'hopeful', 'adjustment', 'controll'].map(stem),
    ).toEqual(['caress', 'poni', 'agre', 'hop', 'happi', 'relat', 'hope', 'adjust', 'control']);
  });

  it('treats digits and non-ASCII letters as consonants and leaves short words alone', () => {
    expect(['2weeks', '14days', 'is', 'gαs'].map(stem)).toEqual(['2week', '14dai', 'is', 'gα']);
  });

  it('conflates common inflections', () => {
    expect(['reasoning', 'reasons', 'reasoned'].map(stem)).toEqual(['reason', 'reason', 'reason']);
    expect(['models', 'modeling'].map(stem)).toEqual(['model', 'model']);
    expect(['optimization', 'optimizing', 'optimized'].map(stem)).toEqual(['optim', 'optim', 'optim']);
  });

  it('leaves short acronyms and words with digits alone but singularises a plural acronym', () => {
    expect(['rl', 'gpt4', 'llms'].map(stem)).toEqual(['rl', 'gpt4', 'llm']);
  });

  it('counts a token by its UTF-8 bytes: under 3 or over 64 bytes is not stemmed', () => {
    expect(['αs', `${'α'.repeat(30)}ings`, `${'α'.repeat(31)}ings`].map(stem)).toEqual([
      'α',
      `${'α'.repeat(30)}ing`,
      `${'α'.repeat(31)}ings`,
    ]);
  });

  it('rewrites only the end of a word: a stem less its last two letters begins the word', () => {
    // The term matcher's prefilter relies on this.
    const words = [...SCIFACT_WORDS, ...NON_ASCII_WORDS.flatMap(tokenize)];
    expect(words.filter((word) => !word.startsWith(stem(word).slice(0, -2)))).toEqual([]);
  });

  it("gives FTS5's stem for every SciFact fixture word, the bundled sample's words and non-ASCII words", () => {
    const texts = [...SCIFACT_WORDS, ...new Set(tokenize(SAMPLE)), ...NON_ASCII_WORDS];
    const expected = fts5Terms(texts, papersTokenizer());
    const wrong = texts.filter((text, i) => JSON.stringify(tokenize(text).map(stem)) !== JSON.stringify(expected[i]));
    expect(texts.length).toBeGreaterThan(5000);
    expect(wrong).toEqual([]);
  });
});
