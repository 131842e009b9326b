import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { headline, loadDays, simulate } from '../../../bench/lib/learning-sim.ts';

const run = promisify(execFile);

// Two fields that share no words, and stated topics that catch only part of each: the words of
// the wanted field's other half are what a channel has to learn from its votes.
const FIELDS = {
  'astro-ph': ['galaxy', 'redshift', 'quasar', 'stellar', 'halo', 'cluster', 'lensing', 'supernova'],
  'math.CO': ['graph', 'coloring', 'matroid', 'permutation', 'tableau', 'hypergraph', 'poset', 'lattice'],
} as const;

/** 68 papers without dates (four per day over 17 days), alternating fields, in file order. */
function tinyJsonl(dir: string): string {
  const lines: string[] = [];
  for (let i = 0; i < 68; i++) {
    const category = i % 2 === 0 ? 'astro-ph' : 'math.CO';
    const words = FIELDS[category];
    const pick = (k: number) => words[(i * 3 + k * 5) % words.length];
    lines.push(
      JSON.stringify({
        id: `0704.${String(i).padStart(4, '0')}`,
        title: `On the ${pick(0)} ${pick(1)} problem`,
        abstract: `We study ${pick(2)} and ${pick(3)} with ${pick(4)} methods.`,
        authors: ['A. Author'],
        categories: [category],
      }),
    );
  }
  const file = join(dir, 'tiny.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('bench:learning', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-learning-bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('spreads papers without dates over 17 days in file order', () => {
    const days = loadDays(tinyJsonl(dir));
    expect(days).toHaveLength(17);
    expect(days.map((d) => d.papers.length)).toEqual(Array(17).fill(4));
    expect(days[0]?.papers.map((p) => p.id)).toEqual([
      'arxiv:0704.0000',
      'arxiv:0704.0001',
      'arxiv:0704.0002',
      'arxiv:0704.0003',
    ]);
  });

  it('learns a channel’s field from its votes: equal on day 1, better later', async () => {
    const days = loadDays(tinyJsonl(dir));
    const channel = { name: 'stars', interests: ['astro-ph'], topics: ['galaxy'], tuning: false };
    const result = await simulate(days, { channels: [channel], k: 4 });
    const { gain, day1 } = headline(result.days);
    expect(day1).toBe(1);
    expect(gain).toBeGreaterThan(0);
    expect(result.votes).toBeGreaterThan(0);
  });

  it('prints the per-day table, the curve and the headline as its last line', async () => {
    const svg = join(dir, 'curve.svg');
    const { stdout } = await run(process.execPath, [
      'bench/learning.ts',
      '--papers',
      tinyJsonl(dir),
      '--svg',
      svg,
    ]).catch(
      // Below target on a toy corpus is fine here: the exit code is 1, the output is what is tested.
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    const lines = stdout.trimEnd().split('\n');
    expect(lines.filter((line) => /^ {1,2}\d{1,2} {2}day \d{2}/.test(line))).toHaveLength(17);
    expect(stdout).toContain('█ learned');
    expect(lines.at(-1)).toMatch(/^learning: gain=-?\d+\.\d% day1=\d+\.\d\d$/);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg [^>]*>[\s\S]*<path [\s\S]*<\/svg>\n$/);
  }, 60_000);
});
