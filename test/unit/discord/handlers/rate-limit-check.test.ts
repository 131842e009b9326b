import { describe, expect, it } from 'vitest';
import * as ask from '../../../../commands/ask.ts';
import * as digest from '../../../../commands/digest.ts';
import * as paper from '../../../../commands/paper.ts';
import { usesLlm } from '../../../../src/discord/handlers/rate-limit-check.ts';

describe('usesLlm', () => {
  it('counts a command that may call the LLM', () => {
    expect(usesLlm(ask, { question: 'Why?' })).toBe(true);
  });

  it('does not count a command that never calls it', () => {
    expect(usesLlm(paper, { id: '2401.12345' })).toBe(false);
  });

  it('counts only the /digest subcommand that may call the LLM (preview)', () => {
    expect(
      ['subscribe', 'unsubscribe', 'list', 'preview'].map((subcommand) => usesLlm(digest, { subcommand })),
    ).toEqual([false, false, false, true]);
  });
});
