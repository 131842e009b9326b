import type { TestProject } from 'vitest/node';
import { type RedisServer, startRedisServer } from './redis-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** redis://127.0.0.1:PORT of a real redis-server for this run, or '' when none is available. */
    redisUrl: string;
  }
}

/**
 * Starts a throwaway redis-server on a free loopback port for the Redis tests (or uses
 * PAPERBOY_TEST_REDIS_URL). Without redis-server, Redis tests skip locally but fail under CI.
 * Tests that crash or freeze Redis start their own (startRedisServer), never this shared one.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.PAPERBOY_TEST_REDIS_URL;
  if (given) {
    project.provide('redisUrl', given);
    return async () => {};
  }
  let server: RedisServer;
  try {
    server = await startRedisServer();
  } catch (error) {
    if (process.env.CI)
      throw new Error('redis-server is required under CI (apt-get install redis-server)', { cause: error });
    process.stderr.write('redis-server not found: Redis tests will be skipped (apt-get install redis-server)\n');
    project.provide('redisUrl', '');
    return async () => {};
  }
  project.provide('redisUrl', server.url);
  return () => server.stop();
}
