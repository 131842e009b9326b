// A process that opens the library and the cache as every Paperboy process does at start, for the
// first-run race test: node test/support/open-library-child.ts <file> <startAtMs>
// It waits (spinning, so that no timer granularity spreads the starts) until <startAtMs>, opens
// the database, prints {"version": n} and exits 0; on failure it prints the error and exits 1.
import { dirname } from 'node:path';
import { createCache } from '../../src/cache/create-cache.ts';
import { openDatabase, schemaVersion } from '../../src/library/database.ts';
import { silentLogger } from '../../src/log.ts';

export const OPEN_LIBRARY_CHILD = new URL('./open-library-child.ts', import.meta.url).pathname;

if (process.argv[1] === OPEN_LIBRARY_CHILD) {
  const [file = '', startAt = '0'] = process.argv.slice(2);
  while (Date.now() < Number(startAt)) {
    // Spin: the eight children must reach openDatabase within the same millisecond or two.
  }
  try {
    const db = openDatabase(file, { log: silentLogger() });
    // The cache file sits beside the library and races the same way.
    const cache = await createCache({ url: undefined, dataDir: dirname(file), log: silentLogger() });
    process.stdout.write(`${JSON.stringify({ version: schemaVersion(db) })}\n`);
    await cache.close();
    db.close();
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: String(error) })}\n`);
    process.exitCode = 1;
  }
}
