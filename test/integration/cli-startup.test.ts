import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/paperboy.js');
// Reports every package the process resolves on stderr, one per line (Node's synchronous hooks).
const RECORD_PACKAGES = `data:text/javascript,${encodeURIComponent(
  `import { registerHooks } from 'node:module';
   registerHooks({ resolve(specifier, context, next) {
     const result = next(specifier, context);
     const match = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(result.url);
     if (match) process.stderr.write('package ' + match[1] + '\\n');
     return result;
   } });`,
)}`;

/** The packages `paperboy <args>` loads. */
function packagesLoadedBy(args: readonly string[]): Set<string> {
  const result = spawnSync(process.execPath, ['--import', RECORD_PACKAGES, BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent' },
    timeout: 20_000,
  });
  expect(result.status).toBe(0);
  return new Set([...result.stderr.matchAll(/^package (\S+)$/gm)].map((m) => m[1] ?? ''));
}

describe('paperboy --help', () => {
  // bench:startup measures the cost (target < 300 ms, < 100 MB); this keeps its cause away.
  it('loads commander and none of the heavy packages a command needs only when it runs', () => {
    const loaded = packagesLoadedBy(['--help']);
    expect(loaded.has('commander')).toBe(true);
    for (const heavy of [
      'zod',
      'discord.js',
      '@langchain/openai',
      '@langchain/core',
      'openai',
      'keyv',
      'pino',
      'piscina',
    ]) {
      expect(loaded.has(heavy), heavy).toBe(false);
    }
  });
});
