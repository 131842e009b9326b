import { describe, expect, it } from 'vitest';
import {
  addDays,
  createLocalTime,
  isTimeZone,
  shortDateLabel,
  weekdayOf,
} from '../../../../src/digest/scheduling/local-time.ts';

describe('createLocalTime', () => {
  const time = createLocalTime();

  it('maps 09:00 Berlin to 08:00 UTC in winter and 07:00 UTC in summer', () => {
    expect(new Date(time.toInstant('2025-03-29', '09:00', 'Europe/Berlin')).toISOString()).toBe(
      '2025-03-29T08:00:00.000Z',
    );
    expect(new Date(time.toInstant('2025-03-30', '09:00', 'Europe/Berlin')).toISOString()).toBe(
      '2025-03-30T07:00:00.000Z',
    );
  });

  it('maps a time skipped by the spring-forward change to an hour later on the wall clock', () => {
    expect(new Date(time.toInstant('2025-03-30', '02:30', 'Europe/Berlin')).toISOString()).toBe(
      '2025-03-30T01:30:00.000Z',
    );
  });

  it('maps New York times across its own DST date', () => {
    expect(new Date(time.toInstant('2025-03-09', '09:00', 'America/New_York')).toISOString()).toBe(
      '2025-03-09T13:00:00.000Z',
    );
    expect(new Date(time.toInstant('2025-03-08', '09:00', 'America/New_York')).toISOString()).toBe(
      '2025-03-08T14:00:00.000Z',
    );
  });

  it('gives the local date, which may differ from the UTC date', () => {
    expect(time.localDate(Date.UTC(2025, 2, 31, 23, 30), 'Asia/Tokyo')).toBe('2025-04-01');
    expect(time.localDate(Date.UTC(2025, 2, 31, 2, 0), 'America/Los_Angeles')).toBe('2025-03-30');
  });
});

describe('isTimeZone', () => {
  it('knows IANA zones and UTC but not typos', () => {
    expect([isTimeZone('Europe/Berlin'), isTimeZone('UTC'), isTimeZone('Mars/Olympus')]).toEqual([true, true, false]);
  });
});

describe('addDays', () => {
  it('crosses month and year ends', () => {
    expect([addDays('2025-12-31', 1), addDays('2025-03-01', -1)]).toEqual(['2026-01-01', '2025-02-28']);
  });
});

describe('weekdayOf', () => {
  it('returns 6 for a Saturday', () => {
    expect(weekdayOf('2025-03-29')).toBe(6);
  });
});

describe('shortDateLabel', () => {
  it('formats like "Tue 5 Aug"', () => {
    expect(shortDateLabel('2025-08-05')).toBe('Tue 5 Aug');
  });
});

describe('createLocalTime toInstant in autumn', () => {
  it('maps a time shown twice by the fall-back change to its first instant', () => {
    const time = createLocalTime();
    expect(new Date(time.toInstant('2025-10-26', '02:30', 'Europe/Berlin')).toISOString()).toBe(
      '2025-10-26T00:30:00.000Z',
    );
  });
});
