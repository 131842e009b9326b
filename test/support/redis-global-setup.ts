import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** redis://127.0.0.1:PORT of a real redis-server for this run, or '' when none is available. */
    redisUrl: string;
  }
}

/**
 * Starts a throwaway redis-server on a free loopback port for the Redis tests (or uses
 * PAPERBOY_TEST_REDIS_URL). Without redis-server, Redis tests skip locally but fail under CI.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.PAPERBOY_TEST_REDIS_URL;
  if (given) {
    project.provide('redisUrl', given);
    return async () => {};
  }
  const port = await freePort();
  let server: ChildProcess;
  try {
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    await waitForReady(server);
  } catch (error) {
    if (process.env.CI)
      throw new Error('redis-server is required under CI (apt-get install redis-server)', { cause: error });
    process.stderr.write('redis-server not found: Redis tests will be skipped (apt-get install redis-server)\n');
    project.provide('redisUrl', '');
    return async () => {};
  }
  project.provide('redisUrl', `redis://127.0.0.1:${port}`);
  return async () => {
    server.kill('SIGTERM');
    await once(server, 'exit');
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function waitForReady(server: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 10 s')), 10_000);
    server.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    server.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}
