import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { route } from '../../../src/commands/route.js';
import type { OptionsOf, RouteTable } from '../../../src/commands/types.js';

const definition = {
  name: 'demo',
  description: 'Demo',
  options: [
    { name: 'query', description: 'q', type: ApplicationCommandOptionType.String, required: true },
    { name: 'limit', description: 'l', type: ApplicationCommandOptionType.Integer, min_value: 1, max_value: 10 },
    { name: 'ratio', description: 'r', type: ApplicationCommandOptionType.Number },
    { name: 'exact', description: 'e', type: ApplicationCommandOptionType.Boolean },
    {
      name: 'since',
      description: 's',
      type: ApplicationCommandOptionType.String,
      choices: [
        { name: 'Day', value: 'day' },
        { name: 'Week', value: 'week' },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

describe('OptionsOf', () => {
  it('maps required, optional, typed and choice options to an input type', () => {
    expectTypeOf<OptionsOf<typeof definition>>().toEqualTypeOf<{
      readonly query: string;
      readonly limit?: number;
      readonly ratio?: number;
      readonly exact?: boolean;
      readonly since?: 'day' | 'week';
    }>();
  });

  it('maps a definition with subcommands to a union discriminated on subcommand', () => {
    const withSubcommands = {
      name: 'feed',
      description: 'Feeds',
      options: [
        {
          name: 'add',
          description: 'a',
          type: ApplicationCommandOptionType.Subcommand,
          options: [
            { name: 'channel', description: 'c', type: ApplicationCommandOptionType.Channel, required: true },
            { name: 'max', description: 'm', type: ApplicationCommandOptionType.Integer },
          ],
        },
        { name: 'list', description: 'l', type: ApplicationCommandOptionType.Subcommand },
      ],
    } as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
    expectTypeOf<OptionsOf<typeof withSubcommands>>().toEqualTypeOf<
      { readonly subcommand: 'add'; readonly channel: string; readonly max?: number } | { readonly subcommand: 'list' }
    >();
  });

  it('maps a message context-menu definition to its target', () => {
    expectTypeOf<OptionsOf<{ readonly name: 'x'; readonly type: 3 }>>().toEqualTypeOf<{
      readonly targetId: string;
      readonly targetText: string;
    }>();
  });
});

describe('route', () => {
  it('infers the state type from the schema and fits a RouteTable', () => {
    const r = route(z.object({ query: z.string(), page: z.number() }), async (state) => {
      expectTypeOf(state).toEqualTypeOf<{ query: string; page: number }>();
      return { kind: 'message', text: state.query, tone: 'info' };
    });
    const table = { 'demo.next': r } satisfies RouteTable;
    expectTypeOf(table['demo.next'].schema).toExtend<z.ZodType<{ query: string; page: number }>>();
  });
});
