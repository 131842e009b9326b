import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/paperboy.js');

/** Runs the real `paperboy` bin in a clean directory with only the given variables. */
function paperboy(args: string[], env: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'paperboy-cli-'));
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  });
  return { ...result, cwd };
}

describe('paperboy', () => {
  it('prints usage with --help', () => {
    const { status, stdout } = paperboy(['--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('Usage: paperboy');
    expect(stdout).toContain('config');
  });

  it('prints the config as JSON with secrets redacted', () => {
    const { status, stdout } = paperboy(['config'], {
      DISCORD_TOKEN: 'secret-bot-token',
      OPENAI_API_KEY: 'sk-live-123',
    });
    expect(status).toBe(0);
    expect(stdout).not.toContain('secret-bot-token');
    expect(stdout).not.toContain('sk-live-123');
    const printed = JSON.parse(stdout) as { discord: { token: string }; llm: { apiKey: string }; cache: { url: null } };
    expect(printed.discord.token).toBe('[redacted]');
    expect(printed.llm.apiKey).toBe('[redacted]');
    expect(printed.cache.url).toBeNull();
  });

  it('lists every bad variable and exits 1', () => {
    const { status, stderr } = paperboy(['config'], { LOG_LEVEL: 'loud', SOURCE_TIMEOUT_MS: '-5' });
    expect(status).toBe(1);
    expect(stderr).toContain('LOG_LEVEL');
    expect(stderr).toContain('SOURCE_TIMEOUT_MS');
    expect(stderr).toContain('.env.example');
  });

  it('start without a token and without a terminal names the variable and exits 1', () => {
    const { status, stderr } = paperboy(['start']);
    expect(status).toBe(1);
    expect(stderr).toContain('DISCORD_TOKEN');
    expect(stderr).toContain('.env.example');
  });
});
