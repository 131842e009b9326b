import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DIGEST_QUEUE } from '../../src/digest/jobs/digest-jobs.ts';
import { digestJobId } from '../../src/digest/jobs/job-id.ts';
import { openDatabase } from '../../src/library/database.ts';
import { silentLogger } from '../../src/log.ts';
import { dueNow } from '../support/digest-due-now.ts';
import { FAKE_BOT_TOKEN, FAKE_GUILD_ID, FAKE_PAPERS_CHANNEL_ID, startFakeDiscord } from '../support/fake-discord.ts';
import { hasRedisServer, startRedisServer } from '../support/redis-server.ts';
import { until } from '../support/timing.ts';

const BIN = resolve(import.meta.dirname, '../../bin/paperboy.js');

const env = (cwd: string, extra: Record<string, string>) => ({
  PATH: process.env.PATH ?? '',
  HOME: cwd,
  LOG_LEVEL: 'warn',
  OFFLINE: 'true',
  DISCORD_TOKEN: FAKE_BOT_TOKEN,
  ...extra,
});

describe('paperboy worker', () => {
  it('refuses to start without Redis, saying what to set instead', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'paperboy-worker-'));
    onTestFinished(() => rmSync(cwd, { recursive: true, force: true }));
    const result = spawnSync(process.execPath, [BIN, 'worker'], { cwd, env: env(cwd, {}), encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('paperboy worker needs REDIS_URL (or a redis:// CACHE_URL)');
  });

  it.runIf(hasRedisServer())(
    'takes a due digest as a job, puts it off by the ledger backoff when the sources fail, and drains on SIGTERM',
    async () => {
      // A Redis of its own: the worker uses BullMQ's default prefix.
      const redis = await startRedisServer();
      onTestFinished(() => redis.stop());
      const fake = await startFakeDiscord();
      onTestFinished(() => fake.close());
      const cwd = mkdtempSync(join(tmpdir(), 'paperboy-worker-'));
      onTestFinished(() => rmSync(cwd, { recursive: true, force: true }));
      const db = openDatabase(join(cwd, 'data', 'paperboy.sqlite'), { log: silentLogger() });
      onTestFinished(() => db.close());
      const { service, today, settings, close } = await dueNow(db);
      onTestFinished(close);
      const { subscription } = await service.subscriptions.subscribe({
        guildId: FAKE_GUILD_ID,
        channelId: FAKE_PAPERS_CHANNEL_ID,
        createdBy: 'test',
        settings: settings({ topics: 'reasoning' }),
      });
      const now = Date.now();

      const child = spawn(process.execPath, [BIN, 'worker'], {
        cwd,
        env: env(cwd, { REDIS_URL: redis.url, DISCORD_API_URL: fake.apiUrl }),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      onTestFinished(() => {
        if (child.exitCode === null) child.kill('SIGKILL');
      });

      // OFFLINE: neither source answers, so the ledger schedules the first retry (5 minutes on)…
      const attempted = async () => (await service.ledger.getRun(subscription.id, today))?.attempts === 1;
      // The app's start-up comes first: generous, as a loaded machine needs.
      expect(await until(attempted, 40_000)).toBe(true);
      // …and BullMQ holds the job, under the run's id, until then.
      const queue = new Queue(DIGEST_QUEUE, { connection: { url: redis.url } });
      onTestFinished(() => queue.close());
      const job = await queue.getJob(digestJobId(subscription.id, today));
      const run = await service.ledger.getRun(subscription.id, today);
      expect(await until(async () => (await job?.getState()) === 'delayed', 5_000)).toBe(true);
      const delayed = await queue.getJob(digestJobId(subscription.id, today));
      // The delay is the ledger's first backoff step, 5 minutes, to the ms BullMQ rounds to.
      expect(delayed?.attemptsMade).toBe(1);
      expect(delayed?.delay).toBeGreaterThan(5 * 60_000 - 1_000);
      expect(delayed?.delay).toBeLessThanOrEqual(5 * 60_000);
      expect(run?.nextAttemptAt).toBeGreaterThan(now + 4 * 60_000);
      expect(fake.messagesIn(FAKE_PAPERS_CHANNEL_ID)).toEqual([]);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    },
    60_000,
  );
});
