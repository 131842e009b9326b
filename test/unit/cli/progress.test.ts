import { describe, expect, it } from 'vitest';
import { createProgress, type ProgressStream, progressLine } from '../../../src/cli/progress.ts';

function stream(isTTY: boolean): ProgressStream & { text: () => string } {
  const chunks: string[] = [];
  return { isTTY, columns: 60, write: (text: string) => chunks.push(text), text: () => chunks.join('') };
}

describe('progressLine', () => {
  it('shows done of total, the share, the rate and the time left', () => {
    expect(progressLine('file (jsonl)', 'papers', 12_000, 49_000, 3000)).toBe(
      'file (jsonl): 12,000/49,000 papers (24%) · 4,000 papers/s · ETA 10 s',
    );
  });

  it('shows the time taken once all is done, or when there is nothing to count yet', () => {
    expect(progressLine('index', 'papers', 100, 100, 2500)).toBe('index: 100/100 papers (100%) · 40 papers/s · 3 s');
    expect(progressLine('arxiv', 'papers', 0, undefined, 75_000)).toBe('arxiv: 1 min 15 s');
  });
});

/** What a Progress on a terminal (or not) writes for `steps` of [milliseconds since start, done of 100], then finish. */
function written(isTTY: boolean, steps: ReadonlyArray<readonly [number, number]>): string {
  let now = 0;
  const out = stream(isTTY);
  const progress = createProgress({ label: 'ingest', unit: 'papers', stream: out, now: () => now });
  for (const [at, done] of steps) {
    now = at;
    progress.update(done, 100);
  }
  progress.finish();
  return out.text();
}

describe('createProgress', () => {
  it('redraws one line in place on a terminal, at most ten times a second, and clears it at the end', () => {
    expect(
      written(true, [
        [1000, 10],
        [1050, 20],
        [1200, 30],
      ]),
    ).toBe(
      '\ringest: 10/100 papers (10%) · 10 papers/s · ETA 9 s\u001b[K' +
        '\ringest: 30/100 papers (30%) · 25 papers/s · ETA 3 s\u001b[K' +
        '\r\u001b[K',
    );
  });

  it('cuts the line to the window so that it never wraps', () => {
    const out = stream(true);
    createProgress({ label: 'x'.repeat(100), stream: out, now: () => 1000 }).update(1, 2);
    expect(out.text()).toBe(`\r${'x'.repeat(59)}\u001b[K`);
  });

  it('off a terminal writes a line every five seconds, and a last one only if it wrote any', () => {
    const steps = [
      [4000, 40],
      [5000, 50],
      [8000, 80],
      [10_000, 100],
    ] as const;
    expect(written(false, steps).split('\n')).toEqual([
      'ingest: 50/100 papers (50%) · 10 papers/s · ETA 5 s',
      'ingest: 100/100 papers (100%) · 10 papers/s · 10 s — done',
      '',
    ]);
  });

  it('off a terminal says nothing about work done within the first five seconds', () => {
    expect(written(false, [[3000, 100]])).toBe('');
  });
});
