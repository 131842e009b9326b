import { chmodSync, mkdirSync, statSync } from 'node:fs';

/**
 * Creates the data directory (database, cache) with owner-only permissions on first run; an
 * existing directory keeps the permissions its owner chose.
 */
export function ensureDataDir(dir: string): string {
  let created = false;
  try {
    statSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    created = true;
  }
  // mkdir's mode is filtered by the umask; chmod makes "owner only" hold regardless.
  if (created) chmodSync(dir, 0o700);
  return dir;
}
