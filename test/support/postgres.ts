import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject, onTestFinished } from 'vitest';

/** The run's PostgreSQL server (test/support/postgres-global-setup.ts), or '' when there is none. */
export const postgresUrl: string = inject('postgresUrl');

/**
 * Creates an empty database with a random name on the run's server and returns its URL; it is
 * dropped (with whatever still connects to it) when the test finishes.
 */
export async function freshPostgresDatabase(): Promise<string> {
  if (!postgresUrl) throw new Error('no PostgreSQL server for this run (PAPERBOY_TEST_DATABASE_URL)');
  const name = `paperboy_test_${randomBytes(6).toString('hex')}`;
  await admin(async (client) => client.query(`CREATE DATABASE ${name}`));
  onTestFinished(() => admin(async (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
