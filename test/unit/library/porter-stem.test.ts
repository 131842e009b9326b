import { describe, expect, it } from 'vitest';
import { porterStem } from '../../../src/library/porter-stem.ts';

describe('porterStem', () => {
  it('stems as FTS5 porter does', () => {
    expect(
      ['caresses', 'ponies', 'agreed', 'hopping', 'happy', 'relational', 'hopeful', 'adjustment', 'controll'].map(
        porterStem,
      ),
    ).toEqual(['caress', 'poni', 'agre', 'hop', 'happi', 'relat', 'hope', 'adjust', 'control']);
  });

  it('treats digits as consonants and leaves short or non-ASCII words alone', () => {
    expect(['2weeks', '14days', 'is', 'gαs'].map(porterStem)).toEqual(['2week', '14dai', 'is', 'gαs']);
  });
});
