import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PaperNotFoundError, UserInputError } from '../../../src/errors/index.ts';
import { declareRoute, route, routeTable } from '../../../src/interactions/route.ts';
import {
  checkRouteValues,
  prepareCommand,
  runAutocomplete,
  runCommand,
  runRoute,
} from '../../../src/interactions/run-command.ts';
import type { CommandModule, RouteTable } from '../../../src/interactions/types.ts';
import { makeContext } from '../commands/command-context.ts';

const definition = {
  name: 'demo',
  description: 'Demo',
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

function moduleThrowing(error: unknown): CommandModule {
  return {
    definition,
    defer: 'none',
    handle: async () => {
      throw error;
    },
  };
}

describe('runCommand', () => {
  it('returns the handler View', async () => {
    const { ctx } = makeContext();
    const module: CommandModule = {
      definition,
      defer: 'none',
      handle: async () => ({ kind: 'message', text: 'hi', tone: 'info' }),
    };
    expect(await runCommand(module, {}, ctx)).toEqual({ kind: 'message', text: 'hi', tone: 'info' });
  });

  it("shows a PaperboyError's userMessage with an errorId", async () => {
    const { ctx } = makeContext();
    const view = await runCommand(moduleThrowing(new PaperNotFoundError('nope')), {}, ctx);
    expect(view).toEqual({
      kind: 'error',
      userMessage: 'No paper matches that id, URL or title. Try /papers to search.',
      errorId: 'err-1',
    });
  });

  it('logs an expected error by code and message, without a stack', async () => {
    const { ctx, records } = makeContext();
    await runCommand(moduleThrowing(new UserInputError('Give a paper id.')), {}, ctx);
    const logged = records.find((r) => r.msg === 'command failed (expected)');
    expect(logged).toMatchObject({ level: 30, errorId: 'err-1', code: 'user_input', detail: 'Give a paper id.' });
    expect(JSON.stringify(records)).not.toContain('"stack"');
  });

  it('logs a command its caller cancelled as cancelled, not as a failure', async () => {
    const { ctx, records } = makeContext();
    const controller = new AbortController();
    controller.abort(new Error('cancelled with Ctrl-C'));
    const view = await runCommand(moduleThrowing(controller.signal.reason), {}, { ...ctx, signal: controller.signal });
    expect(view).toEqual({ kind: 'error', userMessage: 'Cancelled.', errorId: 'err-1' });
    expect(records.map((r) => [r.level, r.msg])).toEqual([[30, 'command cancelled']]);
  });

  it('shows a generic apology for an unexpected error and logs its stack under the errorId', async () => {
    const { ctx, records } = makeContext();
    const view = await runCommand(moduleThrowing(new TypeError('x is undefined')), {}, ctx);
    expect(view).toEqual({ kind: 'error', userMessage: 'Something went wrong.', errorId: 'err-1' });
    const logged = records.find((r) => r.level === 50);
    expect(logged).toMatchObject({ errorId: 'err-1', command: 'demo', userId: 'u1', msg: 'command failed' });
    expect(logged?.err).toMatchObject({ stack: expect.stringContaining('TypeError: x is undefined') });
  });

  it('turns invalid input into an error View without calling the handler', async () => {
    const { ctx } = makeContext();
    const view = await runCommand(moduleThrowing(new Error('not reached')), { bogus: 'x' }, ctx);
    expect(view).toEqual({
      kind: 'error',
      userMessage: '/demo has no option "bogus". It takes no options.',
      errorId: 'err-1',
    });
  });
});

const routes = routeTable(
  route(declareRoute('demo.echo', z.object({ text: z.string() })), async (state, _ctx, values) => ({
    kind: 'message',
    text: `${state.text} ${values.join(',')}`,
    tone: 'info',
  })),
) satisfies RouteTable;

describe('prepareCommand', () => {
  const validated: CommandModule = {
    definition,
    defer: 'public',
    validate: () => {
      throw new UserInputError('Give two papers.');
    },
    handle: async () => {
      throw new Error('not reached');
    },
  };

  it("answers with the validate step's message before anything runs", () => {
    const { ctx } = makeContext();
    expect(prepareCommand(validated, {}, ctx)).toEqual({
      ok: false,
      view: { kind: 'error', userMessage: 'Give two papers.', errorId: 'err-1' },
    });
  });

  it('returns the parsed input when the options pass', () => {
    const { ctx } = makeContext();
    expect(prepareCommand({ ...validated, validate: () => undefined }, {}, ctx)).toEqual({ ok: true, input: {} });
  });
});

describe('checkRouteValues', () => {
  const checked = routeTable(
    route(
      declareRoute('demo.pick', z.object({})),
      async () => ({ kind: 'message', text: '', tone: 'info' }),
      (values) => {
        if (values.length < 2) throw new UserInputError('Pick two.');
      },
    ),
  );

  it("answers values the route's check refuses", () => {
    const { ctx } = makeContext();
    expect(checkRouteValues('demo.pick', ['a'], ctx, checked)).toEqual({
      kind: 'error',
      userMessage: 'Pick two.',
      errorId: 'err-1',
    });
  });

  it('lets values through that pass, and leaves unknown routes to runRoute', () => {
    const { ctx } = makeContext();
    expect(checkRouteValues('demo.pick', ['a', 'b'], ctx, checked)).toBeUndefined();
    expect(checkRouteValues('demo.gone', [], ctx, checked)).toBeUndefined();
  });
});

describe('runRoute', () => {
  it('calls the route with parsed state and select values', async () => {
    const { ctx } = makeContext();
    expect(await runRoute('demo.echo', { text: 'hi' }, ['a', 'b'], ctx, routes)).toEqual({
      kind: 'message',
      text: 'hi a,b',
      tone: 'info',
    });
  });

  it('answers an unknown route with the expired-state message', async () => {
    const { ctx } = makeContext();
    expect(await runRoute('demo.gone', {}, [], ctx, routes)).toEqual({
      kind: 'error',
      userMessage: 'These results have expired; run the command again.',
      errorId: 'err-1',
    });
  });

  it('answers state that fails the schema with the expired-state message', async () => {
    const { ctx } = makeContext();
    const view = await runRoute('demo.echo', { text: 42 }, [], ctx, routes);
    expect(view).toMatchObject({ kind: 'error', userMessage: 'These results have expired; run the command again.' });
  });

  it('answers missing state with the expired-state message', async () => {
    const { ctx } = makeContext();
    const view = await runRoute('demo.echo', undefined, [], ctx, routes);
    expect(view).toMatchObject({ kind: 'error', userMessage: 'These results have expired; run the command again.' });
  });

  it('ignores inherited object keys as route names', async () => {
    const { ctx } = makeContext();
    const view = await runRoute('constructor', {}, [], ctx, routes);
    expect(view).toMatchObject({ kind: 'error', userMessage: 'These results have expired; run the command again.' });
  });
});

describe('runAutocomplete', () => {
  it('caps choices at 25 and names at 100 characters', async () => {
    const { ctx } = makeContext();
    const module: CommandModule = {
      definition,
      defer: 'none',
      handle: async () => ({ kind: 'message', text: '', tone: 'info' }),
      autocomplete: async () =>
        Array.from({ length: 30 }, (_, i) => ({ name: `${i}`.padEnd(150, 'x'), value: `v${i}` })),
    };
    const choices = await runAutocomplete(module, { name: 'q', value: '' }, {}, ctx);
    expect(choices.length).toBe(25);
    expect(choices[0]?.name.length).toBe(100);
  });

  it('answers no choices and logs a warning when autocomplete fails', async () => {
    const { ctx, records } = makeContext();
    const module: CommandModule = {
      definition,
      defer: 'none',
      handle: async () => ({ kind: 'message', text: '', tone: 'info' }),
      autocomplete: async () => {
        throw new Error('db locked');
      },
    };
    expect(await runAutocomplete(module, { name: 'q', value: 'a' }, {}, ctx)).toEqual([]);
    expect(records.find((r) => r.level === 40)).toMatchObject({ command: 'demo', msg: 'autocomplete failed' });
  });
});
