import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { onTestFinished } from 'vitest';

// Storage faults for tests: damaged pages, read-only directories, a full disk. Each is undone
// when the test finishes.

/**
 * Overwrites `pages` b-tree pages of `table` (leaves first) in the closed database `file` with
 * `0xa5` bytes: the whole page (`page`), or only its cell area so that the page header still reads
 * (`cells`: "free space corruption", which quick_check can place).
 */
export function damagePages(file: string, table: string, { pages = 3, how = 'page' as 'page' | 'cells' } = {}): void {
  const db = new DatabaseSync(file);
  const pageSize = (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
  const numbers = (
    db
      .prepare("SELECT pageno FROM dbstat WHERE name = ? ORDER BY pagetype = 'leaf' DESC, pageno LIMIT ?")
      .all(table, pages) as Array<{ pageno: number }>
  ).map((row) => row.pageno);
  // Every page in the main file, none in the WAL, so the bytes written below are what is read.
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  if (numbers.length === 0) throw new Error(`table ${table} has no pages to damage`);
  const fd = openSync(file, 'r+');
  try {
    for (const page of numbers) {
      const skip = how === 'cells' ? Math.floor(pageSize / 4) : 0;
      writeSync(fd, Buffer.alloc(pageSize - skip, 0xa5), 0, pageSize - skip, (page - 1) * pageSize + skip);
    }
  } finally {
    closeSync(fd);
  }
}

/** How `dir` was made read-only, to say in a test's title or log; undefined when it could not be. */
export type ReadOnlyHow = 'read-only bind mount' | 'chattr +i' | 'chmod 0500';

/**
 * Makes `dir` read-only for this process. As root file permissions do not stop writes, so root
 * gets a read-only bind mount of the directory over itself (or, failing that, the immutable
 * attribute); anyone else gets chmod. Returns how, or undefined when nothing worked.
 */
export function makeReadOnly(dir: string): ReadOnlyHow | undefined {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o500);
    onTestFinished(() => chmodSync(dir, 0o700));
    return 'chmod 0500';
  }
  if (run('mount', ['--bind', dir, dir])) {
    if (run('mount', ['-o', 'remount,bind,ro', dir])) {
      // Lazy: a connection the test left open (a failing test) must not keep the mount alive.
      onTestFinished(() => void run('umount', ['-l', dir]));
      return 'read-only bind mount';
    }
    run('umount', [dir]);
  }
  if (run('chattr', ['+i', dir])) {
    onTestFinished(() => void run('chattr', ['-i', dir]));
    return 'chattr +i';
  }
  return undefined;
}

/** A tmpfs of `bytes` mounted at `dir` (root only), unmounted and removed after the test; false when it cannot be mounted here. */
export function mountTinyDisk(dir: string, bytes: number): boolean {
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() !== 0 || !run('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', dir])) {
    return false;
  }
  onTestFinished(() => {
    run('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return true;
}

function run(command: string, args: readonly string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    // Not allowed here (no privileges, no such tool): the caller falls back or skips.
    return false;
  }
}
