import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { UpstreamError } from '../../../src/errors/index.ts';
import { silentLogger } from '../../../src/log.ts';
import { connectPostgres, POSTGRES_CONNECT_TIMEOUT_MS } from '../../../src/storage/postgres/connect.ts';
import { freshPostgresDatabase, postgresUrl } from '../../support/postgres.ts';
import { POSTGRES_BOOT_CHILD } from '../../support/postgres-boot-child.ts';
import { startSilentServer } from '../../support/redis-server.ts';
import { timed } from '../../support/timing.ts';

const MIGRATION_FILES = readdirSync(join(import.meta.dirname, '../../../src/storage/postgres/migrations'));

function boot(url: string, startAt: number): Promise<{ code: number; stdout: string; messages: string[] }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [POSTGRES_BOOT_CHILD, url, String(startAt)],
      { timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number(error.code ?? 1) : 0,
          stdout: stdout.trim(),
          messages: stderr
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => String((JSON.parse(line) as { msg?: unknown }).msg)),
        }),
    );
  });
}

describe.skipIf(!postgresUrl)('PostgreSQL at start-up', () => {
  it('lets two nodes migrating the same empty database at once apply each migration once, and both start', async () => {
    const url = await freshPostgresDatabase();
    // Long enough for both children to load before the start line (Node's start-up, a busy CI).
    const startAt = Date.now() + 3000;
    const [a, b] = await Promise.all([boot(url, startAt), boot(url, startAt)]);
    expect([a, b].map((r) => [r.code, r.stdout])).toEqual([
      [0, '{"subscriptions":0}'],
      [0, '{"subscriptions":0}'],
    ]);
    // One node ran the migrations, holding the advisory lock; the other waited for it and found none left.
    const outcomes = [a, b].map((r) => r.messages.find((m) => m.startsWith('postgres ')));
    expect(outcomes.sort()).toEqual(['postgres migrated', 'postgres schema up to date']);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    onTestFinished(() => client.end());
    const { rows } = await client.query<{ name: string }>('SELECT name FROM pgmigrations ORDER BY id');
    expect(rows.map((row) => `${row.name}.sql`)).toEqual(MIGRATION_FILES.sort());
  });
});

describe('connectPostgres on a server that is not there', () => {
  it('fails with an error naming the host, port and database of DATABASE_URL, never its password', async () => {
    const silent = await startSilentServer();
    const port = new URL(silent.url).port;
    await silent.close();
    const error = await connectPostgres({
      url: `postgres://paperboy:s3cret-Pa55word@127.0.0.1:${port}/paperboy`,
      log: silentLogger(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    const message = (error as UpstreamError).message;
    expect(message).toContain(`cannot reach 127.0.0.1:${port}/paperboy (DATABASE_URL)`);
    expect(message).toContain('ECONNREFUSED');
    expect(message).not.toContain('s3cret');
    expect((error as UpstreamError).userMessage).toBe(
      'The database is not answering right now. Try again in a few minutes.',
    );
  });

  it('gives up within the connect timeout when the address accepts connections but never answers', async () => {
    const silent = await startSilentServer();
    onTestFinished(() => silent.close());
    const port = new URL(silent.url).port;
    const failed = await timed(() =>
      connectPostgres({ url: `postgres://paperboy@127.0.0.1:${port}/paperboy`, log: silentLogger() }).catch(
        (e: unknown) => e,
      ),
    );
    expect((failed.value as UpstreamError).message).toContain(`cannot reach 127.0.0.1:${port}/paperboy`);
    expect(failed.ms).toBeGreaterThanOrEqual(POSTGRES_CONNECT_TIMEOUT_MS - 100);
    expect(failed.ms).toBeLessThan(POSTGRES_CONNECT_TIMEOUT_MS + 2_000);
  });
});
