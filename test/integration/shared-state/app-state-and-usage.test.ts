import { describe, expect, it } from 'vitest';
import { STATE_BACKENDS } from '../../support/state-backends.ts';

describe.each(STATE_BACKENDS)('AppState on %s', (_name, makeStorage) => {
  it('stores, replaces and reads named values, shared by every node', async () => {
    const storage = await makeStorage();
    const [a, b] = [await storage.node(), await storage.node()];
    expect(await a.appState.get('discord.commands.global')).toBeUndefined();
    await a.appState.set('discord.commands.global', 'hash-1');
    await b.appState.set('discord.commands.global', 'hash-2');
    expect(await a.appState.get('discord.commands.global')).toBe('hash-2');
  });
});

describe.each(STATE_BACKENDS)('UsageCounters on %s', (_name, makeStorage) => {
  it('sums what every node adds, even at the same moment, ignoring zeros and non-numbers', async () => {
    const storage = await makeStorage();
    const nodes = await Promise.all([1, 2, 3].map(() => storage.node()));
    await Promise.all(
      nodes.flatMap((node) =>
        [1, 2, 3, 4, 5].map(() => node.usage.add({ 'llm.calls': 1, 'llm.prompt_tokens': 120.4, 'llm.fallbacks': 0 })),
      ),
    );
    await nodes[0]?.usage.add({ 'llm.cache_hits': Number.NaN });
    expect(await nodes[1]?.usage.read()).toEqual({
      'llm.calls': 15,
      'llm.prompt_tokens': 1800,
      'llm.completion_tokens': 0,
      'llm.cache_hits': 0,
      'llm.cache_misses': 0,
      'llm.fallbacks': 0,
    });
  });

  it('leaves other app state out of the counts', async () => {
    const { usage, appState } = await (await makeStorage()).node();
    await appState.set('discord.commands.global', 'abc');
    await usage.add({ 'llm.completion_tokens': 7 });
    expect((await usage.read())['llm.completion_tokens']).toBe(7);
  });
});
