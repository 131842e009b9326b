import { join } from 'node:path';
import { Pool, type PoolClient } from 'pg';
import { UpstreamError } from '../../errors/index.ts';
import type { Logger } from '../../log.ts';

/** How long start-up waits for PostgreSQL to accept a connection before failing (a wrong host should fail fast). */
export const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;
const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');
// node-pg-migrate's bookkeeping table, next to ours.
const MIGRATIONS_TABLE = 'pgmigrations';

/**
 * Opens a pool on DATABASE_URL and brings the schema up to date with the migrations in
 * ./migrations (node-pg-migrate). The runner holds PostgreSQL's advisory lock while it migrates and
 * waits for it when another node holds it, so nodes booting at once apply each migration once and
 * all start on the same schema.
 * @throws UpstreamError('postgres', 'unavailable') when the server cannot be reached or refuses us,
 *   naming host, port and database (never the password).
 */
export async function connectPostgres({ url, log: parentLog }: { url: string; log: Logger }): Promise<Pool> {
  const log = parentLog.child({ module: 'postgres' });
  const where = postgresAddress(url);
  const pool = new Pool({ connectionString: url, connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS });
  // An idle client whose server went away emits here; without a listener the process would exit.
  pool.on('error', (err) => log.warn({ err }, 'postgres idle connection failed'));
  try {
    const client = await pool.connect().catch((error: unknown) => {
      throw new UpstreamError('postgres', 'unavailable', `cannot reach ${where} (DATABASE_URL): ${messageOf(error)}`, {
        cause: error,
      });
    });
    try {
      const applied = await migrate(client, log);
      log.info({ where, applied }, applied.length > 0 ? 'postgres migrated' : 'postgres schema up to date');
    } finally {
      client.release();
    }
    return pool;
  } catch (error) {
    await pool.end();
    throw error;
  }
}

async function migrate(client: PoolClient, log: Logger): Promise<string[]> {
  // Loaded only here: the embedded default (no DATABASE_URL) never pays for it.
  const { runner } = await import('node-pg-migrate');
  const ran = await runner({
    dbClient: client,
    dir: MIGRATIONS_DIR,
    migrationsTable: MIGRATIONS_TABLE,
    direction: 'up',
    advisoryLockMode: 'wait',
    singleTransaction: true,
    logger: {
      debug: (message) => log.debug(message),
      info: (message) => log.debug(message),
      warn: (message) => log.warn(message),
      error: (message) => log.error(message),
    },
  });
  return ran.map((migration) => migration.name);
}

/** host:port/database of a postgres:// URL, without user or password. */
function postgresAddress(url: string): string {
  const parsed = URL.parse(url);
  if (!parsed) return 'the DATABASE_URL server';
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname.length > 1 ? parsed.pathname : ''}`;
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}
