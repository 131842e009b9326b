import { describe, expect, it } from 'vitest';
import { describeSkipped } from '../../../src/ingest/skip-report.ts';

describe('describeSkipped', () => {
  it('lists file:line[:column] and the reason for the first ten, then counts the rest', () => {
    const skipped = Array.from({ length: 13 }, (_, i) => ({ line: i + 1, reason: `reason ${i + 1}` }));
    const lines = describeSkipped('papers.jsonl', [
      { line: 1, column: 5, reason: 'not valid JSON' },
      ...skipped.slice(1),
    ]);
    expect(lines).toEqual([
      'papers.jsonl:1:5: not valid JSON',
      ...Array.from({ length: 9 }, (_, i) => `papers.jsonl:${i + 2}: reason ${i + 2}`),
      '… and 3 more skipped records',
    ]);
  });

  it('says nothing when nothing was skipped', () => {
    expect(describeSkipped('papers.jsonl', [])).toEqual([]);
  });
});
