import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeVersionProblem } from '../../../bin/check-node.js';

const CHECK = new URL('../../../bin/check-node.js', import.meta.url);

/** Runs the check as npm's preinstall does, in a Node.js that reports `version` as its own. */
function runCheckAs(version: string) {
  const fake = `Object.defineProperty(process.versions, 'node', { value: '${version}' });`;
  return spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `${fake} const { checkNode } = await import('${CHECK.href}'); checkNode();`],
    { encoding: 'utf8' },
  );
}

describe('nodeVersionProblem', () => {
  it('accepts 22.18 and newer', () => {
    expect([nodeVersionProblem('22.18.0'), nodeVersionProblem('23.0.0'), nodeVersionProblem('24.1.0')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('names the needed version, the running one and how to switch', () => {
    expect(nodeVersionProblem('22.17.1')).toBe(
      'paperboy needs Node.js 22.18 or newer (24 LTS recommended); this is v22.17.1. ' +
        'With nvm: `nvm install` then `nvm use` in this folder (.nvmrc says 24).',
    );
  });
});

describe('checkNode', () => {
  it('prints one line and exits 1 on Node.js 20', () => {
    const { status, stdout, stderr } = runCheckAs('20.11.0');
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${nodeVersionProblem('20.11.0')}\n`);
  });

  it('is silent and exits 0 on this Node.js', () => {
    const { status, stdout, stderr } = spawnSync(process.execPath, [CHECK.pathname], { encoding: 'utf8' });
    expect([status, stdout, stderr]).toEqual([0, '', '']);
  });

  it('runs before npm installs dependencies and before the tests', () => {
    const { scripts } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect([scripts.preinstall, scripts.pretest]).toEqual(['node bin/check-node.js', 'node bin/check-node.js']);
  });
});
