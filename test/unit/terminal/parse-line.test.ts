import { describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { parseLine } from '../../../src/terminal/parse-line.ts';

function raw(line: string) {
  const parsed = parseLine(line, commands);
  if (parsed.kind !== 'command') throw new Error(`expected a command, got ${parsed.kind}`);
  return { name: parsed.module.definition.name, raw: parsed.raw };
}

describe('parseLine', () => {
  it('reads key: value options', () => {
    expect(raw('/papers query: speculative decoding limit: 3')).toEqual({
      name: 'papers',
      raw: { query: 'speculative decoding', limit: '3' },
    });
  });

  it('treats plain text as a search', () => {
    expect(raw('self-supervised learning')).toEqual({ name: 'papers', raw: { query: 'self-supervised learning' } });
  });

  it('gives leading text to the first required option', () => {
    expect(raw('/summarize 2401.12345 style: eli5')).toEqual({
      name: 'summarize',
      raw: { paper: '2401.12345', style: 'eli5' },
    });
  });

  it('keeps colons in URLs and titles inside the value', () => {
    expect(raw('/summarize paper: https://arxiv.org/abs/2401.12345')).toEqual({
      name: 'summarize',
      raw: { paper: 'https://arxiv.org/abs/2401.12345' },
    });
    expect(raw('/paper id: BERT: Pre-training')).toEqual({ name: 'paper', raw: { id: 'BERT: Pre-training' } });
  });

  it('maps the context-menu command to its target text', () => {
    expect(raw('/find-related-papers diffusion for video')).toEqual({
      name: 'Find related papers',
      raw: { targetId: 'terminal', targetText: 'diffusion for video' },
    });
  });

  it('reads a subcommand without options', () => {
    expect(raw('/digest list')).toEqual({ name: 'digest', raw: { subcommand: 'list' } });
  });

  it("reads a subcommand's own key: value options", () => {
    expect(raw('/digest subscribe channel: 1100000000000000200 topics: LLM reasoning, RL time: 08:30')).toEqual({
      name: 'digest',
      raw: { subcommand: 'subscribe', channel: '1100000000000000200', topics: 'LLM reasoning, RL', time: '08:30' },
    });
  });

  it('passes an unknown subcommand on for parseOptions to reject', () => {
    expect(raw('/digest dance channel: 1')).toEqual({ name: 'digest', raw: { subcommand: 'dance' } });
  });

  it('reads an action word with the result numbers after it', () => {
    expect(parseLine('s 2', commands)).toEqual({ kind: 'action', word: 's', numbers: [2] });
    expect(parseLine('C 1, 3', commands)).toEqual({ kind: 'action', word: 'c', numbers: [1, 3] });
    expect(parseLine('summarize 7', commands)).toEqual({ kind: 'action', word: 'summarize', numbers: [7] });
  });

  it('reads a button label as its action, not as a search', () => {
    expect(parseLine('Next page', commands)).toEqual({ kind: 'action', word: 'next page', numbers: [] });
    expect(parseLine('n', commands)).toEqual({ kind: 'action', word: 'n', numbers: [] });
    expect(parseLine('prev', commands)).toEqual({ kind: 'action', word: 'prev', numbers: [] });
  });

  it('still searches for text that only starts with an action word', () => {
    expect(raw('compare diffusion models')).toEqual({ name: 'papers', raw: { query: 'compare diffusion models' } });
    expect(raw('next token prediction')).toEqual({ name: 'papers', raw: { query: 'next token prediction' } });
  });

  it('takes the words of the shown actions too', () => {
    expect(parseLine('more', commands)).toMatchObject({ kind: 'command' });
    expect(parseLine('more', commands, new Set(['more']))).toEqual({ kind: 'action', word: 'more', numbers: [] });
  });

  it('reads numbers alone as numbers, for the chat to say which word goes before them', () => {
    expect(parseLine('2 1 3', commands)).toEqual({ kind: 'numbers', numbers: [2, 1, 3] });
  });

  it('recognises /quit and unknown commands', () => {
    expect(parseLine('/quit', commands)).toEqual({ kind: 'quit' });
    expect(parseLine('/dance now', commands)).toEqual({ kind: 'unknown-command', name: 'dance' });
  });

  it('ignores blank lines', () => {
    expect(parseLine('   ', commands)).toEqual({ kind: 'empty' });
  });
});
