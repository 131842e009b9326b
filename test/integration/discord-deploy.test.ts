import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { commands } from '../../commands/index.ts';
import { FAKE_APPLICATION_ID, FAKE_BOT_TOKEN, FAKE_GUILD_ID, startFakeDiscord } from '../support/fake-discord.ts';

const BIN = resolve(import.meta.dirname, '../../bin/paperboy.js');

/** Runs the real bin without blocking this process, so the in-process fake Discord can answer. */
function paperboy(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'paperboy-deploy-'));
  onTestFinished(() => rmSync(cwd, { recursive: true, force: true }));
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, LOG_LEVEL: 'warn', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('paperboy deploy-commands', () => {
  it('registers every command in the given guild with one bulk PUT', async () => {
    const fake = await startFakeDiscord();
    onTestFinished(() => fake.close());
    const result = await paperboy(['deploy-commands', '--guild', FAKE_GUILD_ID], {
      DISCORD_TOKEN: FAKE_BOT_TOKEN,
      DISCORD_CLIENT_ID: FAKE_APPLICATION_ID,
      DISCORD_API_URL: fake.apiUrl,
    });
    expect(result.stdout).toBe(`Registered ${commands.length} commands in guild ${FAKE_GUILD_ID}.\n`);
    expect(fake.commands(FAKE_GUILD_ID).map((c) => c.name)).toEqual(commands.map((m) => m.definition.name));
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('explains that DISCORD_CLIENT_ID is needed when it is missing', async () => {
    const result = await paperboy(['deploy-commands'], { DISCORD_TOKEN: FAKE_BOT_TOKEN });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DISCORD_CLIENT_ID: needed by deploy-commands');
  });
});
