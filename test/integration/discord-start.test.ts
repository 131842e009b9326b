import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FAKE_BOT_TOKEN, startFakeDiscord } from '../support/fake-discord.ts';

const BIN = resolve(import.meta.dirname, '../../bin/paperboy.js');

describe('paperboy start', () => {
  it('runs the bot when DISCORD_TOKEN is set and exits cleanly on SIGTERM', async () => {
    const fake = await startFakeDiscord();
    onTestFinished(() => fake.close());
    const cwd = mkdtempSync(join(tmpdir(), 'paperboy-start-'));
    onTestFinished(() => rmSync(cwd, { recursive: true, force: true }));
    const child = spawn(process.execPath, [BIN, 'start'], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: cwd,
        LOG_LEVEL: 'warn',
        OFFLINE: 'true',
        DISCORD_TOKEN: FAKE_BOT_TOKEN,
        DISCORD_API_URL: fake.apiUrl,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });

    // Registration happens after READY, so the PUT shows the bot is up.
    await fake.waitForRequest((r) => r.method === 'PUT' && r.path.endsWith('/commands'), 15_000);
    child.kill('SIGTERM');

    expect(await exited).toBe(0);
    expect(fake.gatewayConnections.length).toBeGreaterThanOrEqual(1);
  });

  it('says plainly that Discord cannot be reached, naming the URL, and exits 1', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'paperboy-start-'));
    onTestFinished(() => rmSync(cwd, { recursive: true, force: true }));
    const result = spawnSync(process.execPath, [BIN, 'start'], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: cwd,
        LOG_LEVEL: 'silent',
        OFFLINE: 'true',
        DISCORD_TOKEN: FAKE_BOT_TOKEN,
        // Port 9 (discard) on loopback: nothing listens, so the connection is refused at once.
        DISCORD_API_URL: 'http://127.0.0.1:9/api',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Discord is not answering right now.');
    expect(result.stderr).toContain('http://127.0.0.1:9/api');
  });
});
