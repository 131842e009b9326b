import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../../src/text/index.ts';

describe('escapeMarkdown', () => {
  it('escapes Markdown so a title cannot become a link or formatting', () => {
    expect(escapeMarkdown('[click](https://evil) *bold* _it_ `code` ||spoiler||')).toBe(
      '\\[click\\](https://evil) \\*bold\\* \\_it\\_ \\`code\\` \\|\\|spoiler\\|\\|',
    );
  });

  it('escapes line-leading headings, quotes and list markers', () => {
    expect(escapeMarkdown('# Title\n> quote\n- item')).toBe('\\# Title\n\\> quote\n\\- item');
  });

  it('escapes a leading heading or quote marker', () => {
    expect(escapeMarkdown('# Title')).toBe('\\# Title');
  });
});
