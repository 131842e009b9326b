import { describe, expect, it } from 'vitest';
import { escapeText, neutraliseMentions, neutralisePings, safeUrl } from '../../../src/discord/render/text.ts';

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
  it('escapes Markdown and defuses mentions', () => {
    expect(escapeText('*hi* @everyone <#1>')).toBe('\\*hi\\* @\u200beveryone \\<#\u200b1>');
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
