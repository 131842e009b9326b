import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type Cache, createCache } from '../../../src/cache/create-cache.ts';
import { ConfigError } from '../../../src/errors/index.ts';
import { silentLogger } from '../../../src/log.ts';
import { fixedClock, NOW, recordingLogger } from '../commands/command-context.ts';

const ASIDE = `cache.sqlite.corrupt-${new Date(NOW).toISOString().replaceAll(':', '-')}`;
const MOVED = 'cache file is corrupt or unreadable; moved it aside and started an empty cache';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'paperboy-cache-recovery-'));
}

async function open(dir: string, log = silentLogger()): Promise<Cache> {
  const cache = await createCache({ url: undefined, dataDir: dir, log, clock: fixedClock() });
  onTestFinished(() => cache.close());
  return cache;
}

/** A real cache file with `count` entries of about 1 KB each, closed (checkpointed) and ready to damage. */
async function writeRealCache(dir: string, count: number): Promise<string> {
  const cache = await createCache({ url: undefined, dataDir: dir, log: silentLogger() });
  for (let i = 0; i < count; i++) await cache.namespace('llm').set(`k${i}`, 'x'.repeat(1000));
  await cache.close();
  return join(dir, 'cache.sqlite');
}

async function expectUsable(cache: Cache): Promise<void> {
  await cache.namespace('llm').set('fresh', { ok: true });
  expect(await cache.namespace('llm').get('fresh')).toEqual({ ok: true });
}

describe('createCache on a damaged SQLite file', () => {
  it('moves a file of garbage aside with one warning naming it, and starts an empty cache', async () => {
    const dir = tempDir();
    const garbage = 'not a database, only garbage bytes '.repeat(200);
    writeFileSync(join(dir, 'cache.sqlite'), garbage);
    const { log, records } = recordingLogger();

    const cache = await open(dir, log);

    await expectUsable(cache);
    expect(readFileSync(join(dir, ASIDE), 'utf8')).toBe(garbage);
    const warnings = records.filter((r) => r.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ msg: MOVED, file: join(dir, 'cache.sqlite'), movedTo: join(dir, ASIDE) });
    expect(statSync(join(dir, 'cache.sqlite')).mode & 0o777).toBe(0o600);
  });

  it('moves a truncated real cache file aside and starts an empty cache', async () => {
    const dir = tempDir();
    const file = await writeRealCache(dir, 2000);
    const size = statSync(file).size;
    truncateSync(file, Math.floor(size / 2));

    const cache = await open(dir);

    await expectUsable(cache);
    expect(await cache.namespace('llm').get('k1')).toBeUndefined();
    expect(statSync(join(dir, ASIDE)).size).toBe(Math.floor(size / 2));
  });

  it('answers the call that meets a damaged page as a miss, then replaces the file', async () => {
    const dir = tempDir();
    const file = await writeRealCache(dir, 2000);
    // Overwrite the middle fifth: page 1 (header and schema) still opens, reading a row does not.
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(Math.floor(size / 5), 0xff), 0, Math.floor(size / 5), Math.floor((size * 2) / 5));
    closeSync(fd);
    const { log, records } = recordingLogger();
    const cache = await open(dir, log);
    expect(existsSync(join(dir, ASIDE))).toBe(false);

    const values = [];
    for (let i = 0; i < 2000; i++) values.push(await cache.namespace('llm').get(`k${i}`));

    expect(values).toContain(undefined);
    expect(existsSync(join(dir, ASIDE))).toBe(true);
    expect(records.filter((r) => r.msg === MOVED)).toHaveLength(1);
    await expectUsable(cache);
  });

  it('goes on without a cache, never failing a call, when a file damaged mid-use cannot be moved aside', async () => {
    const dir = tempDir();
    const file = await writeRealCache(dir, 2000);
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(Math.floor(size / 5), 0xff), 0, Math.floor(size / 5), Math.floor((size * 2) / 5));
    closeSync(fd);
    // The name the damaged file would move to is taken by a non-empty directory: the rename fails.
    mkdirSync(join(dir, ASIDE));
    writeFileSync(join(dir, ASIDE, 'note'), 'kept');
    const { log, records } = recordingLogger();
    const cache = await open(dir, log);

    const values = [];
    for (let i = 0; i < 2000; i++) values.push(await cache.namespace('llm').get(`k${i}`));
    await cache.namespace('llm').set('after', 'x');

    expect(values).toContain(undefined);
    expect(await cache.namespace('llm').get('after')).toBeUndefined();
    expect(records.filter((r) => r.msg === 'cache file could not be replaced; running without a cache')).toHaveLength(
      1,
    );
  });

  it('moves aside what stands in the way of opening the file (a directory) and starts an empty cache', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'cache.sqlite'));
    writeFileSync(join(dir, 'cache.sqlite', 'note'), 'kept');

    const cache = await open(dir);

    await expectUsable(cache);
    expect(readdirSync(join(dir, ASIDE))).toEqual(['note']);
  });

  it('throws a ConfigError naming the file when no cache file can be made there', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-directory'), '');
    const file = join(dir, 'not-a-directory', 'cache.sqlite');

    const error = await createCache({ url: `sqlite://${file}`, dataDir: dir, log: silentLogger() }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      { variable: 'CACHE_URL', problem: expect.stringContaining(`cannot open the cache file ${file}`) },
    ]);
  });
});
