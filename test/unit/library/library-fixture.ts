import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { type Database, openDatabase } from '../../../src/library/database.ts';
import { createLibrary } from '../../../src/library/library.ts';
import type { Library } from '../../../src/library/types.ts';
import { silentLogger } from '../../../src/log.ts';
import { createFakeClock, type FakeClock } from '../../support/fake-clock.ts';

/** A library on a temporary SQLite file, removed when the test finishes. */
export function temporaryLibrary(): { library: Library; db: Database; clock: FakeClock; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-library-'));
  const log = silentLogger();
  const db = openDatabase(join(dir, 'paperboy.sqlite'), { log });
  const clock = createFakeClock({ start: Date.UTC(2024, 8, 18, 12) });
  onTestFinished(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { library: createLibrary({ db, clock, log }), db, clock, dir };
}
