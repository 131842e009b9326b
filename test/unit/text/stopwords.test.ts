import { describe, expect, it } from 'vitest';
import { isStopword } from '../../../src/text/index.ts';

describe('isStopword', () => {
  it('drops function words but keeps words a claim needs', () => {
    expect(['the', 'of', 'not', 'which'].map(isStopword)).toEqual([true, true, true, true]);
    expect(['elevated', 'can', 'may', 'il'].map(isStopword)).toEqual([false, false, false, false]);
  });
});
