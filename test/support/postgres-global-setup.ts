import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://… of a real PostgreSQL server (a superuser) for this run, or '' when none is given. */
    postgresUrl: string;
  }
}

/**
 * Hands the PostgreSQL tests PAPERBOY_TEST_DATABASE_URL (.ci/run starts a throwaway server and
 * sets it). Each test creates its own database there (test/support/postgres.ts). Without it the
 * PostgreSQL cases skip locally, with a note, and fail under CI.
 */
export async function setup(project: TestProject): Promise<void> {
  const url = process.env.PAPERBOY_TEST_DATABASE_URL ?? '';
  if (!url) {
    if (process.env.CI) throw new Error('PAPERBOY_TEST_DATABASE_URL is required under CI (.ci/run sets it)');
    process.stderr.write('PAPERBOY_TEST_DATABASE_URL not set: PostgreSQL tests will be skipped\n');
    project.provide('postgresUrl', '');
    return;
  }
  // Fail the run at once on a wrong URL, not in every test.
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error('PAPERBOY_TEST_DATABASE_URL does not answer', { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
  project.provide('postgresUrl', url);
}
