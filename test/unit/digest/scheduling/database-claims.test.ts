import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createDatabaseClaims } from '../../../../src/digest/scheduling/database-claims.ts';
import { openDatabase } from '../../../../src/library/database.ts';
import { silentLogger } from '../../../../src/log.ts';
import { createFakeClock } from '../../../support/fake-clock.ts';

/** Two connections to one file, as two processes sharing a data directory would have. */
function twoProcesses() {
  const file = join(mkdtempSync(join(tmpdir(), 'paperboy-claims-')), 'paperboy.sqlite');
  const clock = createFakeClock({ start: Date.parse('2026-03-02T08:00:00Z') });
  const dbA = openDatabase(file, { log: silentLogger() });
  const dbB = openDatabase(file, { log: silentLogger() });
  onTestFinished(() => {
    dbA.close();
    dbB.close();
  });
  const a = createDatabaseClaims({ db: dbA, clock, owner: 'a', leaseMs: 60_000 });
  const b = createDatabaseClaims({ db: dbB, clock, owner: 'b', leaseMs: 60_000 });
  return { a, b, clock };
}

describe('createDatabaseClaims', () => {
  it('gives a run to exactly one of two processes, and to the other once released', async () => {
    const { a, b } = twoProcesses();
    const release = await a.claim('sub1|2026-03-02');
    expect(release).toBeTypeOf('function');
    expect(await b.claim('sub1|2026-03-02')).toBeUndefined();
    release?.();
    expect(await b.claim('sub1|2026-03-02')).toBeTypeOf('function');
  });

  it('does not hand the same run out twice within one process', async () => {
    const { a } = twoProcesses();
    expect(await a.claim('sub1|2026-03-02')).toBeTypeOf('function');
    expect(await a.claim('sub1|2026-03-02')).toBeUndefined();
  });

  it('lets another process take over the lease of one that died holding it', async () => {
    const { a, b, clock } = twoProcesses();
    await a.claim('sub1|2026-03-02');
    await clock.advance(59_999);
    expect(await b.claim('sub1|2026-03-02')).toBeUndefined();
    await clock.advance(1);
    expect(await b.claim('sub1|2026-03-02')).toBeTypeOf('function');
  });

  it('keeps different runs apart', async () => {
    const { a, b } = twoProcesses();
    expect(await a.claim('sub1|2026-03-02')).toBeTypeOf('function');
    expect(await b.claim('sub2|2026-03-02')).toBeTypeOf('function');
  });
});
