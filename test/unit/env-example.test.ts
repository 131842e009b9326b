import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';

const example = parseEnv(readFileSync(new URL('../../.env.example', import.meta.url), 'utf8'));

describe('.env.example', () => {
  it('is a valid configuration as it stands', () => {
    expect(() => parseConfig(example)).not.toThrow();
  });

  it('documents every variable the config reads', () => {
    const source = readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8');
    const schema = source.slice(source.indexOf('const EnvSchema'), source.indexOf('type Env ='));
    const read = [...schema.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(20);
    expect(read.filter((name) => name && !(name in example))).toEqual([]);
  });
});
