import { describe, expect, it } from 'vitest';
import { llmCacheKey } from '../../../src/llm/cache-key.ts';
import { makePaper } from '../../support/builders.ts';

const base = {
  task: 'summarize',
  prompt: 'summarize@1',
  model: 'm',
  papers: [makePaper()],
  style: 'tldr',
  language: 'en',
  promptInputs: { paper: '<paper>…</paper>', hint: '' },
} as const;

describe('llmCacheKey', () => {
  it('is a stable sha256 hex digest', () => {
    expect(llmCacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(llmCacheKey(base)).toBe(llmCacheKey({ ...base }));
  });

  it.each([
    ['prompt version', { prompt: 'summarize@2' }],
    ['model', { model: 'other' }],
    ['style', { style: 'eli5' }],
    ['language', { language: 'de' }],
    ['paper version', { papers: [makePaper({ version: 2 })] }],
    ['abstract', { papers: [makePaper({ abstract: 'Changed.' })] }],
    ['value of a prompt input', { promptInputs: { paper: '<paper>…</paper>', hint: '<hint>HF</hint>' } }],
  ])('changes with the %s', (_name, change) => {
    expect(llmCacheKey({ ...base, ...change })).not.toBe(llmCacheKey(base));
  });

  it('does not depend on the order of the prompt inputs', () => {
    expect(llmCacheKey({ ...base, promptInputs: { hint: '', paper: '<paper>…</paper>' } })).toBe(llmCacheKey(base));
  });
});
