import { describe, expect, it, onTestFinished } from 'vitest';
import { definitionsHash, registerIfChanged } from '../../../src/discord/deploy.ts';
import { openDatabase } from '../../../src/library/database.ts';
import { silentLogger } from '../../../src/log.ts';
import { createSqliteAppState } from '../../../src/storage/app-state.ts';

const definitions = [{ name: 'help', description: 'What Paperboy can do' }];
const clock = { now: () => Date.UTC(2024, 8, 18, 12) };

function setup() {
  const db = openDatabase(':memory:', { log: silentLogger() });
  onTestFinished(() => db.close());
  const puts: Array<{ route: string; body: unknown }> = [];
  const rest = {
    put: async (route: string, options?: { body?: unknown }) => {
      puts.push({ route, body: options?.body });
      return definitions;
    },
  };
  const appState = createSqliteAppState({ db, clock });
  return { db, puts, rest, base: { appState, rest, log: silentLogger(), applicationId: '1100000000000000001' } };
}

describe('registerIfChanged', () => {
  it('bulk-PUTs the definitions globally on the first start', async () => {
    const { puts, base } = setup();
    expect(await registerIfChanged({ ...base, definitions })).toBe('registered');
    expect(puts).toEqual([{ route: '/applications/1100000000000000001/commands', body: definitions }]);
  });

  it('skips the PUT when the stored hash matches', async () => {
    const { puts, base } = setup();
    await registerIfChanged({ ...base, definitions });
    expect(await registerIfChanged({ ...base, definitions })).toBe('unchanged');
    expect(puts).toHaveLength(1);
  });

  it('registers again when a definition changed', async () => {
    const { puts, base } = setup();
    await registerIfChanged({ ...base, definitions });
    await registerIfChanged({ ...base, definitions: [{ name: 'help', description: 'Changed' }] });
    expect(puts).toHaveLength(2);
  });

  it('registers in a guild under its own hash', async () => {
    const { puts, base } = setup();
    await registerIfChanged({ ...base, definitions });
    await registerIfChanged({ ...base, definitions, guildId: '1100000000000000100' });
    expect(puts.map((p) => p.route)).toEqual([
      '/applications/1100000000000000001/commands',
      '/applications/1100000000000000001/guilds/1100000000000000100/commands',
    ]);
  });
});

describe('definitionsHash', () => {
  it('ignores key order', () => {
    const a = definitionsHash({ applicationId: '1', definitions: [{ name: 'x', description: 'y' }] });
    const b = definitionsHash({ applicationId: '1', definitions: [{ description: 'y', name: 'x' }] });
    expect(a).toBe(b);
  });
});
