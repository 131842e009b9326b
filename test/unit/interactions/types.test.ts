import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { declareRoute, route, routeTable } from '../../../src/interactions/route.ts';
import type { OptionsOf, RouteTable } from '../../../src/interactions/types.ts';
import type { demoDefinition as definition, feedDefinition as withSubcommands } from '../commands/demo-definitions.ts';

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
    const declared = declareRoute('demo.next', z.object({ query: z.string(), page: z.number() }));
    const r = route(declared, async (state) => {
      expectTypeOf(state).toEqualTypeOf<{ query: string; page: number }>();
      return { kind: 'message', text: state.query, tone: 'info' };
    });
    const table = routeTable(r) satisfies RouteTable;
    expectTypeOf(table['demo.next'].schema).toExtend<z.ZodType<{ query: string; page: number }>>();
  });

  it('keys a route table by the routes own names', () => {
    const r = route(declareRoute('demo.next', z.object({})), async () => ({ kind: 'message', text: '', tone: 'info' }));
    expect(Object.keys(routeTable(r))).toEqual(['demo.next']);
  });
});
