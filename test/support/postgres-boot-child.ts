// A node booting on DATABASE_URL, for the migration race test:
// node test/support/postgres-boot-child.ts <databaseUrl> <startAtMs>
// It waits (spinning, so that timers do not spread the starts) until <startAtMs>, opens the shared
// state as createApp does (connect, migrate), reads the subscriptions table, prints {"subscriptions": n}
// and exits 0; its log lines (JSON) go to stderr. On failure it prints {"error": …} and exits 1.

import { systemClock } from '../../src/clock.ts';
import { openDatabase } from '../../src/library/database.ts';
import { createLogger } from '../../src/log.ts';
import { openSharedState } from '../../src/storage/shared-state.ts';

export const POSTGRES_BOOT_CHILD = new URL('./postgres-boot-child.ts', import.meta.url).pathname;

if (process.argv[1] === POSTGRES_BOOT_CHILD) {
  const [url = '', startAt = '0'] = process.argv.slice(2);
  const log = createLogger('info', { destination: process.stderr });
  const db = openDatabase(':memory:', { log });
  // Load what the boot loads before the start line, so both children race on the database alone.
  await import('../../src/storage/postgres/open.ts');
  while (Date.now() < Number(startAt)) {
    // Spin.
  }
  try {
    const state = await openSharedState({ url, db, clock: systemClock, log });
    process.stdout.write(`${JSON.stringify({ subscriptions: (await state.subscriptions.listActive()).length })}\n`);
    await state.close();
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: String(error) })}\n`);
    process.exitCode = 1;
  } finally {
    db.close();
  }
}
