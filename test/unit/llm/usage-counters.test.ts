import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../../src/library/database.ts';
import { createUsageCounters } from '../../../src/llm/usage-counters.ts';
import { silentLogger } from '../../../src/log.ts';

describe('createUsageCounters', () => {
  it('adds increments across calls and reads zero for untouched counters', async () => {
    const db = openDatabase(':memory:', { log: silentLogger() });
    onTestFinished(() => db.close());
    const counters = createUsageCounters({ db, clock: { now: () => 0, sleep: async () => {} } });

    await counters.add({ 'llm.prompt_tokens': 120, 'llm.calls': 1 });
    await counters.add({ 'llm.prompt_tokens': 30, 'llm.calls': 1 });

    expect(await counters.read()).toEqual({
      'llm.calls': 2,
      'llm.prompt_tokens': 150,
      'llm.completion_tokens': 0,
      'llm.cache_hits': 0,
      'llm.cache_misses': 0,
      'llm.fallbacks': 0,
    });
  });
});
