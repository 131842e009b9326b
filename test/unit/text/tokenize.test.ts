import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tokenize, tokenSpans } from '../../../src/text/index.ts';
import { baseTokenizer, fts5Terms, NON_ASCII_WORDS, papersTokenizer } from './fts5-oracle.ts';

const SAMPLE = readFileSync(new URL('../../../assets/sample/hf-papers-self-learning.txt', import.meta.url), 'utf8');

// Latin (with Latin-1, Extended-A and -B, Extended Additional), combining diacritics, Greek (with
// Greek Extended) and Cyrillic. Left out: three whose case partners came in Unicode 7 and 16, after
// SQLite's tables (ƛ, Ϳ, ϳ).
const BLOCKS = [
  [0xa0, 0x24f],
  [0x300, 0x36f],
  [0x370, 0x3ff],
  [0x400, 0x4ff],
  [0x1e00, 0x1eff],
  [0x1f00, 0x1fff],
] as const;
const NEWER_CASE_PAIRS = new Set([0x19b, 0x37f, 0x3f3]);

function blockCharacters(): string[] {
  const characters: string[] = [];
  for (const [from, to] of BLOCKS) {
    for (let code = from; code <= to; code++) {
      const character = String.fromCodePoint(code);
      if (!/\p{Cn}/u.test(character) && !NEWER_CASE_PAIRS.has(code)) characters.push(character);
    }
  }
  return characters;
}

function expectFts5Tokens(texts: readonly string[]): void {
  const expected = fts5Terms(texts, baseTokenizer(papersTokenizer()));
  const wrong = texts
    .map((text, i) => ({ text, fts5: expected[i], ours: tokenize(text) }))
    .filter(({ fts5, ours }) => JSON.stringify(fts5) !== JSON.stringify(ours));
  expect(wrong).toEqual([]);
}

describe('tokenize', () => {
  it('splits at everything but letters and digits, and lower-cases', () => {
    expect(tokenize("Don't use IL-6, e-mail or x_y: a.b (GPT-4o)")).toEqual([
      'don',
      't',
      'use',
      'il',
      '6',
      'e',
      'mail',
      'or',
      'x',
      'y',
      'a',
      'b',
      'gpt',
      '4o',
    ]);
  });

  it('removes Latin diacritics but keeps other scripts and ligatures as they are', () => {
    expect(tokenize('Café NAÏVE Straße αλφαβητικές ﬁles')).toEqual(['cafe', 'naive', 'straße', 'αλφαβητικέσ', 'ﬁles']);
  });

  it('splits the bundled sample as FTS5 does', () => {
    expectFts5Tokens(SAMPLE.split('\n\n'));
  });

  it('splits and folds non-ASCII words as FTS5 does', () => {
    expectFts5Tokens(NON_ASCII_WORDS);
  });

  it('folds every Latin, Greek and Cyrillic character as FTS5 does, in both cases', () => {
    expectFts5Tokens(blockCharacters().map((c) => `x${c}y ${c} ${c.toUpperCase()}s`));
  });
});

describe('tokenSpans', () => {
  it("gives each token's place in the text it came from", () => {
    expect(tokenSpans('Zoë’s  café!')).toEqual([
      { token: 'zoe', start: 0, end: 3 },
      { token: 's', start: 4, end: 5 },
      { token: 'cafe', start: 7, end: 11 },
    ]);
  });

  it('yields the same tokens as tokenize', () => {
    for (const text of [SAMPLE, ...NON_ASCII_WORDS]) {
      expect(tokenSpans(text).map((span) => span.token)).toEqual(tokenize(text));
    }
  });
});
