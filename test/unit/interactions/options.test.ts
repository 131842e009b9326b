import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../../src/errors/index.ts';
import { parseOptions } from '../../../src/interactions/options.ts';
import { demoDefinition as definition, feedDefinition as withSubcommands } from '../commands/demo-definitions.ts';

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof UserInputError) return error.userMessage;
    throw error;
  }
  throw new Error('expected a UserInputError');
}

describe('parseOptions', () => {
  it('coerces terminal strings to integers, numbers and booleans', () => {
    expect(parseOptions(definition, { query: ' llm ', limit: '3', ratio: '0.5', exact: 'yes' })).toEqual({
      query: 'llm',
      limit: 3,
      ratio: 0.5,
      exact: true,
    });
  });

  it('passes typed Discord values through', () => {
    expect(parseOptions(definition, { query: 'llm', limit: 10, exact: false })).toEqual({
      query: 'llm',
      limit: 10,
      exact: false,
    });
  });

  it('omits optional options that are missing or blank', () => {
    expect(parseOptions(definition, { query: 'llm', since: '  ' })).toEqual({ query: 'llm' });
  });

  it('rejects a missing required option with its description', () => {
    expect(messageOf(() => parseOptions(definition, {}))).toBe('/demo needs query: What to find');
  });

  it('rejects an integer out of range', () => {
    expect(messageOf(() => parseOptions(definition, { query: 'x', limit: '11' }))).toBe(
      '/demo limit must be between 1 and 10.',
    );
  });

  it('rejects a fractional integer', () => {
    expect(messageOf(() => parseOptions(definition, { query: 'x', limit: '2.5' }))).toBe(
      '/demo limit must be a whole number.',
    );
  });

  it('rejects a string longer than max_length', () => {
    expect(messageOf(() => parseOptions(definition, { query: 'x'.repeat(11) }))).toBe(
      '/demo query must be at most 10 characters.',
    );
  });

  it('accepts a choice by value or by display name, case-insensitively', () => {
    expect(parseOptions(definition, { query: 'x', since: 'WEEK' })).toEqual({ query: 'x', since: 'week' });
    expect(parseOptions(definition, { query: 'x', since: 'past day' })).toEqual({ query: 'x', since: 'day' });
  });

  it('rejects a value that is not a choice, listing the choices', () => {
    expect(messageOf(() => parseOptions(definition, { query: 'x', since: 'decade' }))).toBe(
      '/demo since must be one of: day, week.',
    );
  });

  it('rejects an unknown option, listing the known ones', () => {
    expect(messageOf(() => parseOptions(definition, { query: 'x', colour: 'red' }))).toBe(
      '/demo has no option "colour". It takes: query, limit, ratio, exact, since.',
    );
  });

  it('rejects a boolean it cannot read', () => {
    expect(messageOf(() => parseOptions(definition, { query: 'x', exact: 'maybe' }))).toBe(
      '/demo exact must be true or false.',
    );
  });

  it('returns the target of a message context-menu command', () => {
    expect(parseOptions({ name: 'Find', type: 3 }, { targetId: 'm1', targetText: 'hello' })).toEqual({
      targetId: 'm1',
      targetText: 'hello',
    });
  });
});

describe('parseOptions with subcommands', () => {
  it('returns the chosen subcommand beside its own parsed options', () => {
    expect(parseOptions(withSubcommands, { subcommand: 'add', channel: '1100000000000000200', max: '3' })).toEqual({
      subcommand: 'add',
      channel: '1100000000000000200',
      max: 3,
    });
  });

  it('accepts a subcommand without options', () => {
    expect(parseOptions(withSubcommands, { subcommand: 'list' })).toEqual({ subcommand: 'list' });
  });

  it('rejects a missing subcommand, listing the subcommands', () => {
    expect(messageOf(() => parseOptions(withSubcommands, {}))).toBe('/feed needs a subcommand: add, list.');
  });

  it('rejects an unknown subcommand', () => {
    expect(messageOf(() => parseOptions(withSubcommands, { subcommand: 'drop' }))).toBe(
      '/feed has no subcommand "drop". It takes: add, list.',
    );
  });

  it("validates the chosen subcommand's required options, naming the subcommand", () => {
    expect(messageOf(() => parseOptions(withSubcommands, { subcommand: 'add' }))).toBe(
      '/feed add needs channel: Where',
    );
  });

  it("validates the chosen subcommand's option ranges", () => {
    expect(messageOf(() => parseOptions(withSubcommands, { subcommand: 'add', channel: '1', max: 11 }))).toBe(
      '/feed add max must be between 1 and 10.',
    );
  });

  it('rejects an option of another subcommand', () => {
    expect(messageOf(() => parseOptions(withSubcommands, { subcommand: 'list', channel: '1' }))).toBe(
      '/feed list has no option "channel". It takes no options.',
    );
  });
});
