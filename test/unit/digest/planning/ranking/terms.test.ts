import { describe, expect, it } from 'vitest';
import { stem } from '../../../../../src/digest/planning/ranking/terms.ts';

describe('stem', () => {
  it('conflates common inflections', () => {
    expect(['reasoning', 'reasons', 'reasoned'].map(stem)).toEqual(['reason', 'reason', 'reason']);
    expect(['models', 'modeling'].map(stem)).toEqual(['model', 'model']);
    expect(['optimization', 'optimizing', 'optimized'].map(stem)).toEqual(['optimiz', 'optimiz', 'optimiz']);
  });

  it('leaves short acronyms and words with digits alone but singularises a plural acronym', () => {
    expect(['rl', 'gpt4', 'llms'].map(stem)).toEqual(['rl', 'gpt4', 'llm']);
  });
});
