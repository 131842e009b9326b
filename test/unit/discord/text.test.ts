import { describe, expect, it } from 'vitest';
import {
  escapeText,
  neutraliseMentions,
  neutralisePings,
  safeUrl,
  truncate,
} from '../../../src/discord/render/text.ts';

describe('truncate', () => {
  it('returns text within the limit unchanged', () => {
    expect(truncate('Short text.', 20)).toBe('Short text.');
  });

  it('cuts at a sentence end when one is near the limit', () => {
    expect(truncate('First sentence here. Second sentence is longer than allowed.', 30)).toBe('First sentence here.');
  });

  it('cuts at a word boundary with an ellipsis when no sentence ends nearby', () => {
    expect(truncate('alpha beta gamma delta epsilon', 20)).toBe('alpha beta gamma…');
  });

  it('never exceeds the limit, even for one long word', () => {
    const cut = truncate('x'.repeat(500), 100);
    expect(cut).toHaveLength(100);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('does not leave a dangling backslash before the ellipsis', () => {
    expect(truncate('aaaaaaaaa\\*bbbbbbbbbb', 11)).toBe('aaaaaaaaa…');
  });

  it('does not split a surrogate pair', () => {
    expect(truncate(`${'a'.repeat(8)}😀😀😀`, 10)).toBe(`${'a'.repeat(8)}…`);
  });
});

describe('neutraliseMentions', () => {
  it('inserts a zero-width space into @everyone, @here and user, role and channel mentions', () => {
    expect(neutraliseMentions('@everyone @here <@123> <@!123> <@&456> <#789>')).toBe(
      '@\u200beveryone @\u200bhere <@\u200b123> <@\u200b!123> <@\u200b&456> <#\u200b789>',
    );
  });
});

describe('neutralisePings', () => {
  it('defuses @everyone, @here and user and role mentions but keeps channel links', () => {
    expect(neutralisePings('@everyone @here <@123> <@!123> <@&456> <#789>')).toBe(
      '@\u200beveryone @\u200bhere <@\u200b123> <@\u200b!123> <@\u200b&456> <#789>',
    );
  });
});

describe('escapeText', () => {
  it('escapes Markdown so a title cannot become a link or formatting', () => {
    expect(escapeText('[click](https://evil) *bold* _it_ `code` ||spoiler||')).toBe(
      '\\[click\\](https://evil) \\*bold\\* \\_it\\_ \\`code\\` \\|\\|spoiler\\|\\|',
    );
  });

  it('escapes line-leading headings, quotes and list markers', () => {
    expect(escapeText('# Title\n> quote\n- item')).toBe('\\# Title\n\\> quote\n\\- item');
  });
});

describe('safeUrl', () => {
  it('drops non-http URLs', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
  });

  it('percent-encodes parentheses that would end a Markdown link', () => {
    expect(safeUrl('https://example.org/a_(b)')).toBe('https://example.org/a_%28b%29');
  });
});
