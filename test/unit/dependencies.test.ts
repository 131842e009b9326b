import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
// Loaded by name, not imported: pino starts its transport from the string 'pino-pretty' (src/log.ts);
// bullmq connects through its peer ioredis, built from the options src/digest/jobs/ passes.
const LOADED_BY_NAME = new Set(['pino-pretty', 'ioredis']);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|js)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Package names that the product's code imports (statically or with import()). */
function importedPackages(): Set<string> {
  const found = new Set<string>();
  for (const file of ['src', 'commands', 'bin'].flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'".][^'"]*)['"]/g)) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('node:')) continue;
      const parts = specifier.split('/');
      found.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? ''));
    }
  }
  return found;
}

describe('package.json dependencies', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const imported = importedPackages();

  it('are each imported by src/, commands/ or bin/ (nothing unused ships)', () => {
    const unused = Object.keys(pkg.dependencies).filter((name) => !imported.has(name) && !LOADED_BY_NAME.has(name));
    expect(unused).toEqual([]);
  });

  it('cover every package the product imports (nothing arrives only transitively)', () => {
    const undeclared = [...imported].filter((name) => !(name in pkg.dependencies)).sort();
    expect(undeclared).toEqual([]);
  });

  it('are pinned to exact versions', () => {
    const ranged = Object.entries(pkg.dependencies).filter(([, version]) => !/^\d+\.\d+\.\d+$/.test(version));
    expect(ranged).toEqual([]);
  });
});
