import { ApplicationCommandType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { HELP_ENTRIES } from '../../../commands/shared/help-text.ts';
import type { CommandDefinition } from '../../../src/interactions/types.ts';

// Discord limits: https://discord.com/developers/docs/interactions/application-commands
const CHAT_INPUT_NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

interface AnyOption {
  readonly name: string;
  readonly description: string;
  readonly choices?: ReadonlyArray<{ readonly name: string; readonly value: string | number }>;
}

function optionsOf(definition: (typeof commands)[number]['definition']): readonly AnyOption[] {
  return 'options' in definition ? (definition.options as readonly AnyOption[]) : [];
}

describe('command definitions', () => {
  it('have unique names', () => {
    const names = commands.map((c) => c.definition.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(commands.map((c) => [c.definition.name, c] as const))(
    '%s has a valid name and description',
    (_name, command) => {
      const definition: CommandDefinition = command.definition;
      const chatInput = definition.type === undefined || definition.type === ApplicationCommandType.ChatInput;
      if (chatInput) {
        expect(definition.name).toMatch(CHAT_INPUT_NAME);
        expect(definition.name).toBe(definition.name.toLowerCase());
        expect('description' in definition && definition.description.length).toBeGreaterThanOrEqual(1);
        expect('description' in definition && definition.description.length).toBeLessThanOrEqual(100);
      } else {
        expect(definition.name.length).toBeGreaterThanOrEqual(1);
        expect(definition.name.length).toBeLessThanOrEqual(32);
      }
    },
  );

  it.each(commands.map((c) => [c.definition.name, c] as const))(
    '%s respects the option and choice limits',
    (_name, command) => {
      const options = optionsOf(command.definition);
      expect(options.length).toBeLessThanOrEqual(25);
      expect(new Set(options.map((o) => o.name)).size).toBe(options.length);
      for (const option of options) {
        expect(option.name).toMatch(CHAT_INPUT_NAME);
        expect(option.name).toBe(option.name.toLowerCase());
        expect(option.description.length).toBeGreaterThanOrEqual(1);
        expect(option.description.length).toBeLessThanOrEqual(100);
        expect(option.choices?.length ?? 0).toBeLessThanOrEqual(25);
        for (const choice of option.choices ?? []) {
          expect(choice.name.length).toBeGreaterThanOrEqual(1);
          expect(choice.name.length).toBeLessThanOrEqual(100);
        }
      }
    },
  );

  it('name routes <command>.<action> after their own command, unique across commands', () => {
    const seen = new Set<string>();
    for (const command of commands) {
      for (const name of Object.keys('routes' in command ? command.routes : {})) {
        expect(name).toMatch(/^[a-z-]+\.[a-z-]+$/);
        expect(name.split('.')[0]).toBe(command.definition.name);
        expect(seen.has(name)).toBe(false);
        seen.add(name);
      }
    }
    expect(seen.size).toBeGreaterThan(0);
  });

  it('have routes that declare how the bot acknowledges them and whether they call the LLM', () => {
    const declared = Object.fromEntries(
      commands.flatMap((command) =>
        Object.entries('routes' in command ? command.routes : {}).map(([name, r]) => [
          name,
          { ack: r.ack ?? 'reply', llm: r.llm ?? false },
        ]),
      ),
    );
    expect(declared).toEqual({
      'papers.next': { ack: 'update', llm: false },
      'papers.prev': { ack: 'update', llm: false },
      'papers.summarize': { ack: 'reply', llm: true },
      'papers.compare': { ack: 'reply', llm: true },
      'summarize.show': { ack: 'reply', llm: true },
      'summarize.regenerate': { ack: 'update', llm: true },
      'summarize.similar': { ack: 'reply', llm: false },
      'digest.like': { ack: 'update', llm: false },
      'digest.dislike': { ack: 'update', llm: false },
      'digest.hide': { ack: 'update', llm: false },
      'digest.rate': { ack: 'private', llm: false },
      'digest.reset': { ack: 'update', llm: false },
      'digest.reset-confirm': { ack: 'update', llm: false },
      'digest.reset-cancel': { ack: 'update', llm: false },
      'paper.discuss': { ack: 'private', llm: true },
      'paper.discuss-pick': { ack: 'private', llm: true },
      'reading.save': { ack: 'private', llm: false },
      'reading.keep': { ack: 'private', llm: false },
      'reading.pick': { ack: 'private', llm: false },
      'reading.drop': { ack: 'update', llm: false },
      'reading.next': { ack: 'update', llm: false },
      'reading.prev': { ack: 'update', llm: false },
      'trending.next': { ack: 'update', llm: false },
      'trending.prev': { ack: 'update', llm: false },
      'trending.rank': { ack: 'update', llm: false },
    });
  });

  it('each appear in /help', () => {
    expect(HELP_ENTRIES.map((e) => e.name).sort()).toEqual(commands.map((c) => c.definition.name).sort());
  });
});
