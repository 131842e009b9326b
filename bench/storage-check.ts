// What SQLite's checkers cost on a library file, to bound the start-up check
// (QUICK_CHECK_MAX_BYTES in src/library/database.ts). The file is opened read-only, never written.
// Run: node bench/storage-check.ts --file <paperboy.sqlite> [--integrity]
//   e.g. --file /tmp/paperboy-bench-libraries/1000000-seed7/paperboy.sqlite (bench:scale builds such libraries)
import { statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { BUSY_TIMEOUT_MS } from '../src/library/database.ts';
import { parseArgs } from './lib/args.ts';

const args = parseArgs(process.argv.slice(2));
const file = args.get('file');
if (!file) {
  process.stderr.write('usage: node bench/storage-check.ts --file <paperboy.sqlite> [--integrity]\n');
  process.exit(2);
}
const db = new DatabaseSync(file, { readOnly: true, timeout: BUSY_TIMEOUT_MS });
const megabytes = statSync(file).size / 1e6;
const checks = ['PRAGMA quick_check', ...(args.has('integrity') ? ['PRAGMA integrity_check'] : [])];
for (const sql of checks) {
  const started = performance.now();
  const rows = db.prepare(sql).all();
  const seconds = (performance.now() - started) / 1000;
  const result = rows.length === 1 ? String(Object.values(rows[0] ?? {})[0]) : `${rows.length} problems`;
  process.stdout.write(
    `${sql}: ${result}, ${seconds.toFixed(2)} s for ${megabytes.toFixed(0)} MB (${(megabytes / seconds).toFixed(0)} MB/s)\n`,
  );
}
db.close();
