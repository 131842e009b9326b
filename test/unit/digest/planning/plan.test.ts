import { describe, expect, it } from 'vitest';
import { firstSentence } from '../../../../src/digest/planning/plan.ts';

describe('firstSentence', () => {
  it('takes the abstract up to the first sentence end', () => {
    expect(firstSentence({ title: 'T', abstract: 'We propose X. It is 2.5x faster. More.' })).toBe('We propose X.');
  });
});
