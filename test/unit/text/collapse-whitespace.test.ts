import { describe, expect, it } from 'vitest';
import { collapseWhitespace } from '../../../src/text/index.ts';

describe('collapseWhitespace', () => {
  it('joins wrapped lines with single spaces and trims the ends', () => {
    expect(collapseWhitespace('  An abstract\n  wrapped at\t80 columns.\n')).toBe('An abstract wrapped at 80 columns.');
  });
});
