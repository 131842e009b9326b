import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A temporary directory removed when the test finishes. */
export function makeTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-adversarial-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
