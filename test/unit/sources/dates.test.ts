import { describe, expect, it } from 'vitest';
import { isoWeek, utcMonth } from '../../../src/sources/dates.ts';

describe('isoWeek', () => {
  it('names the ISO week of a mid-year day', () => {
    expect(isoWeek(Date.UTC(2024, 8, 19, 6))).toBe('2024-W38');
  });

  it('puts 1 Jan in the previous year’s last week when that week holds its Thursday', () => {
    expect(isoWeek(Date.UTC(2021, 0, 1))).toBe('2020-W53');
  });

  it('puts 30 Dec in the next year’s first week when its Thursday falls in January', () => {
    expect(isoWeek(Date.UTC(2024, 11, 30))).toBe('2025-W01');
  });

  it('counts Sunday as the last day of its week', () => {
    expect(isoWeek(Date.UTC(2024, 8, 22, 23, 59))).toBe('2024-W38');
    expect(isoWeek(Date.UTC(2024, 8, 23))).toBe('2024-W39');
  });
});

describe('utcMonth', () => {
  it('is the UTC month, not the local one', () => {
    expect(utcMonth(Date.UTC(2024, 8, 30, 23, 30))).toBe('2024-09');
  });
});
