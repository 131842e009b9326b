import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLogger } from '../../src/log.ts';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-log-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The file's lines once it has `count` of them: the destination opens and writes asynchronously. */
async function linesOf(file: string, count: number): Promise<string[]> {
  for (let tries = 0; tries < 200; tries++) {
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    if (lines.length >= count) return lines;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${file} never got ${count} lines`);
}

describe('createLogger with a file', () => {
  it('appends masked JSON lines to the file and counts records at warn and above', async () => {
    const file = join(tempDir(), 'paperboy.log');
    let warnings = 0;
    const log = createLogger('info', { file, secrets: ['sk-secret-value-123'], onWarning: () => warnings++ });
    log.info('started');
    log.warn({ key: 'sk-secret-value-123' }, 'source fetch failed');
    log.error('broken');
    log.debug('not at this level');
    const records = (await linesOf(file, 3)).map(
      (line) => JSON.parse(line) as { level: number; msg: string; key?: string },
    );
    expect(records.map((r) => [r.level, r.msg])).toEqual([
      [30, 'started'],
      [40, 'source fetch failed'],
      [50, 'broken'],
    ]);
    expect(records[1]?.key).toBe('[redacted]');
    expect(warnings).toBe(2);
  });

  it('moves a file past 10 MB aside before writing to a fresh one', async () => {
    const dir = tempDir();
    const file = join(dir, 'paperboy.log');
    writeFileSync(file, 'x'.repeat(10 * 1024 * 1024 + 1));
    const log = createLogger('info', { file });
    log.info('fresh');
    const [line = ''] = await linesOf(file, 1);
    expect(JSON.parse(line)).toMatchObject({ msg: 'fresh' });
    expect(statSync(`${file}.1`).size).toBe(10 * 1024 * 1024 + 1);
  });
});
