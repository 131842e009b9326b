import { describe, expect, it } from 'vitest';
import { topK } from '../../../../../src/digest/planning/ranking/top-k.ts';

const descending = (a: number, b: number) => b - a;

describe('topK', () => {
  it('keeps the best `limit` items, best first', () => {
    const best = topK(3, descending);
    for (const n of [5, 1, 9, 3, 7, 9]) best.offer(n);
    expect(best.best()).toEqual([9, 9, 7]);
  });

  it('keeps and sorts everything when the limit is infinite', () => {
    const all = topK(Number.POSITIVE_INFINITY, descending);
    for (const n of [2, 8, 5]) all.offer(n);
    expect(all.best()).toEqual([8, 5, 2]);
  });

  it('keeps the first of equal items', () => {
    const best = topK<{ n: number; name: string }>(1, (a, b) => b.n - a.n);
    best.offer({ n: 1, name: 'first' });
    best.offer({ n: 1, name: 'second' });
    expect(best.best()).toEqual([{ n: 1, name: 'first' }]);
  });
});
