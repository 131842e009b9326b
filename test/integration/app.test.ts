import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';

describe('createApp', () => {
  it('creates the data directory owner-only, with the database and the cache inside', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'paperboy-app-')), 'data');
    const app = await createApp(parseConfig({ PAPERBOY_DATA_DIR: dataDir, OFFLINE: 'true' }), { log: silentLogger() });
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'paperboy.sqlite')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'cache.sqlite')).mode & 0o777).toBe(0o600);
    await app.close();
    await app.close();
    expect(() => app.db.prepare('SELECT 1')).toThrow(/not open/);
  });

  it('reopens the same data directory with its state intact', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-app-'));
    const config = parseConfig({ PAPERBOY_DATA_DIR: dataDir, OFFLINE: 'true' });
    const first = await createApp(config, { log: silentLogger() });
    await first.cache.namespace('components').set('k', 'v');
    await first.close();
    const second = await createApp(config, { log: silentLogger() });
    expect(await second.cache.namespace('components').get('k')).toBe('v');
    await second.close();
  });
});
