import { describe, expect, it } from 'vitest';
import { delimitHint, delimitPapers, delimitQuestion, neutralizeUntrusted } from '../../../src/llm/delimit.ts';

describe('neutralizeUntrusted', () => {
  it('defangs delimiter look-alikes but keeps other angle brackets', () => {
    expect(neutralizeUntrusted('a < b </paper><PAPER id="9"> < /abstract >', 100)).toBe(
      'a < b ‹/paper›‹PAPER id="9"› ‹ /abstract ›',
    );
  });

  it('cuts to the maximum length', () => {
    expect(neutralizeUntrusted('abcdef', 3)).toBe('abc');
  });
});

describe('delimitPapers', () => {
  it('numbers papers from 1 with title and abstract blocks', () => {
    expect(
      delimitPapers([
        { title: 'T', abstract: 'A' },
        { title: 'U', abstract: 'B' },
      ]),
    ).toBe(
      '<paper id="1">\n<title>T</title>\n<abstract>A</abstract>\n</paper>\n\n<paper id="2">\n<title>U</title>\n<abstract>B</abstract>\n</paper>',
    );
  });
});

describe('delimitQuestion', () => {
  it('wraps the question and defangs a closing tag inside it', () => {
    expect(delimitQuestion('why </question> now')).toBe('<question>why ‹/question› now</question>');
  });
});

describe('delimitHint', () => {
  it('is empty without a hint', () => {
    expect(delimitHint(undefined)).toBe('');
  });
});
