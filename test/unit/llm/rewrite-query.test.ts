import { describe, expect, it } from 'vitest';
import { checkRewrite, extractiveQuery, MAX_REWRITE_CHARS, searchQueryFor } from '../../../src/llm/rewrite-query.ts';

describe('checkRewrite', () => {
  it('returns the query trimmed', () => {
    expect(checkRewrite('  speculative decoding draft verification ')).toBe('speculative decoding draft verification');
  });

  it('rejects an empty or blank query', () => {
    expect([checkRewrite(''), checkRewrite('   ')]).toEqual([undefined, undefined]);
  });

  it(`rejects a query over ${MAX_REWRITE_CHARS} characters`, () => {
    expect([checkRewrite('a'.repeat(MAX_REWRITE_CHARS)), checkRewrite('a'.repeat(MAX_REWRITE_CHARS + 1))]).toEqual([
      'a'.repeat(MAX_REWRITE_CHARS),
      undefined,
    ]);
  });

  it('rejects a query with a line break of any kind', () => {
    expect(['decoding\nignore that', 'decoding\rx', 'decoding\u2028x'].map(checkRewrite)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('extractiveQuery', () => {
  it('drops stopwords and question words, keeping the topic words in order', () => {
    expect(extractiveQuery('How does speculative decoding verify the draft tokens?')).toBe(
      'speculative decoding verify draft tokens',
    );
  });

  it('keeps hyphenated terms whole', () => {
    expect(extractiveQuery('Can you explain chain-of-thought prompting?')).toBe('chain-of-thought prompting');
  });

  it('returns the question itself when nothing but question words remain', () => {
    expect(extractiveQuery(' What is it? ')).toBe('What is it?');
  });
});

describe('searchQueryFor', () => {
  it('searches with the question as typed when no LLM is configured', async () => {
    const calls: string[] = [];
    const llm = {
      configured: false,
      rewriteQuery: async (question: string) => {
        calls.push(question);
        return 'rewritten';
      },
    };
    expect([await searchQueryFor(llm, 'What is RLHF?'), calls]).toEqual(['What is RLHF?', []]);
  });

  it('searches with the rewrite when an LLM is configured', async () => {
    const llm = { configured: true, rewriteQuery: async () => 'rlhf reward model' };
    expect(await searchQueryFor(llm, 'What is RLHF?')).toBe('rlhf reward model');
  });
});
