import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MIGRATIONS } from '../../src/library/migrations/index.ts';
import { OPEN_LIBRARY_CHILD } from '../support/open-library-child.ts';

const PROCESSES = 8;

function child(file: string, startAt: number): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [OPEN_LIBRARY_CHILD, file, String(startAt)], { timeout: 30_000 }, (error, stdout) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: stdout.trim() }),
    );
  });
}

describe('first run on a fresh data directory', () => {
  it(`lets ${PROCESSES} processes starting at once all open one library with one schema, and one cache`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-race-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'paperboy.sqlite');
    // Long enough for every child to load before the start line (Node's start-up, a busy CI).
    const startAt = Date.now() + 3000;
    const results = await Promise.all(Array.from({ length: PROCESSES }, () => child(file, startAt)));
    const latest = MIGRATIONS.at(-1)?.version;
    expect(results).toEqual(Array.from({ length: PROCESSES }, () => ({ code: 0, stdout: `{"version":${latest}}` })));
    const db = new DatabaseSync(file, { readOnly: true });
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'papers'").get();
    db.close();
    expect(tables).toEqual({ n: 1 });
    // No temporary library left behind by the processes that lost the race.
    expect(readdirSync(dir).filter((name) => name.endsWith('.new'))).toEqual([]);
  });
});
