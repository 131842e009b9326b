import { describe, expect, it } from 'vitest';
import { digestJobId } from '../../../../src/digest/jobs/job-id.ts';

describe('digestJobId', () => {
  it('is the same for the same run on every node, and differs by subscription and date', () => {
    expect(digestJobId('aB3-_x', '2024-09-18')).toBe('digest-aB3-_x-2024-09-18');
    expect(digestJobId('aB3-_x', '2024-09-18')).toBe(digestJobId('aB3-_x', '2024-09-18'));
    expect(digestJobId('aB3-_x', '2024-09-19')).not.toBe(digestJobId('aB3-_x', '2024-09-18'));
  });

  it('is never all digits (BullMQ refuses such a custom id), even for a numeric subscription id', () => {
    expect(digestJobId('123456789', '2024-09-18')).not.toMatch(/^\d+$/);
  });

  it('refuses an id with a colon, which BullMQ would refuse when the job is added', () => {
    expect(() => digestJobId('a:b', '2024-09-18')).toThrow(RangeError);
  });
});
