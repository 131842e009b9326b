import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// There is no container engine to build the image in CI, so this checks what can go stale without
// one: the roles compose.yaml starts are real CLI commands, the image copies every directory the
// code loads at run time, and the load balancer points at the serve nodes compose defines.

const ROOT = join(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const compose = read('compose.yaml');
const dockerfile = read('Dockerfile');

/** `paperboy <role>` in every entrypoint and command line of compose.yaml. */
function composeRoles(): string[] {
  const inShell = [...compose.matchAll(/paperboy\.js ([a-z-]+)/g)].map((m) => m[1] ?? '');
  const commands = [...compose.matchAll(/command:\s*\[\s*"([a-z-]+)"/g)].map((m) => m[1] ?? '');
  return [...new Set([...inShell, ...commands])];
}

describe('deployment files', () => {
  it('starts only roles the CLI has (serve, worker, rest-proxy, ingest)', () => {
    const roles = composeRoles();
    expect(roles).toEqual(expect.arrayContaining(['serve', 'worker', 'rest-proxy', 'ingest']));
    for (const role of [...roles, 'deploy-commands']) {
      const help = spawnSync(process.execPath, [join(ROOT, 'bin/paperboy.js'), role, '--help'], { encoding: 'utf8' });
      expect({ role, status: help.status, stderr: help.stderr }).toEqual({ role, status: 0, stderr: '' });
    }
  });

  it('runs node as PID 1 (npm would not forward SIGTERM) and copies every run-time directory', () => {
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "bin\/paperboy\.js"\]$/m);
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(\S+) \1$/gm)].map((m) => m[1]);
    for (const dir of ['bin', 'src', 'commands', 'prompts', 'assets']) {
      expect(copied).toContain(dir);
      expect(existsSync(join(ROOT, dir))).toBe(true);
    }
    expect(dockerfile).toMatch(/FROM node:24/);
  });

  it('balances /interactions over the serve nodes compose defines', () => {
    const upstreams = [...read('deploy/nginx.conf').matchAll(/server ([\w-]+):3000/g)].map((m) => m[1]);
    const serveNodes = [
      ...compose.matchAll(/^ {2}([\w-]+):(?: &node)?\n(?:(?! {2}\S).*\n)*?.*paperboy\.js serve/gm),
    ].map((m) => m[1]);
    expect(upstreams.length).toBeGreaterThanOrEqual(2);
    expect(serveNodes[0]).toBe(upstreams[0]);
    expect(compose).toContain(`${upstreams[1]}:\n    <<: *node`);
  });
});
